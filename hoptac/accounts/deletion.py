"""Deleting registry records: kept as a tombstone that an administrator can undo, or gone for good.

Choice: no `deleted_at` column on every model (every query would have to remember it). Instead a
deleted record is written, before it goes, as the JSON the registry exports (with its commitments
and deliveries, its provenance, and the links other records had to it) into an accounts-owned
`Tombstone`. Undo re-imports that JSON through `hoptac.exchange.load` and the services, so the
record comes back validated, with its public id, and the links are put back. Every delete by a
user is such a soft delete; only an administrator may delete for good (hard=True), and that is
written to the audit log too. The restored record starts a new history; its old versions stay in
the history tables under its former internal id.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts.models import AuditEvent, Tombstone
from hoptac.accounts.tokens import audit
from hoptac.core.permissions import is_administrator, require_change


def _record_type(record: models.Model) -> str:
    return record._meta.model_name or ""


def _provenance(records: list[models.Model]) -> list[dict[str, Any]]:
    from django.contrib.contenttypes.models import ContentType

    from hoptac.sources.models import Provenance

    rows = []
    for record in records:
        kind = ContentType.objects.get_for_model(record)
        for p in Provenance.objects.filter(content_type=kind, object_id=record.pk).select_related("source"):
            rows.append(
                {
                    "source": str(p.source.uid),
                    "record_type": _record_type(record),
                    "record": str(record.uid),  # type: ignore[attr-defined]
                    "start": p.start,
                    "end": p.end,
                    "quote": p.quote,
                }
            )
    return rows


def _provenance_from(source: Any) -> list[dict[str, Any]]:
    """Every span of this source that supports a record (they go with the source)."""
    from django.contrib.contenttypes.models import ContentType

    from hoptac.exchange.load import RECORD_TYPES

    rows = []
    for name, model in RECORD_TYPES.items():
        spans = source.provenance.filter(content_type=ContentType.objects.get_for_model(model))
        uids = dict(model.objects.filter(pk__in=spans.values("object_id")).values_list("pk", "uid"))
        rows += [
            {
                "source": str(source.uid),
                "record_type": name,
                "record": str(uids[p.object_id]),
                "start": p.start,
                "end": p.end,
                "quote": p.quote,
            }
            for p in spans
            if p.object_id in uids
        ]
    return rows


def _links(record: Any) -> list[dict[str, str]]:
    """Other records that point at this one (and will lose the link when it goes)."""
    from hoptac.activities.models import Activity
    from hoptac.figures.models import Figure

    label = record._meta.label_lower
    links: list[dict[str, str]] = []

    def add(kind: str, others: Any, field: str) -> None:
        links.extend(
            {"type": kind, "uid": str(u), "field": field} for u in others.values_list("uid", flat=True)
        )

    if label == "agreements.agreement":
        add("activity", Activity.objects.filter(agreements=record), "agreements")
        add("figure", Figure.objects.filter(agreement=record), "agreement")
        add("agreement", record.successors.all(), "predecessor")  # type: ignore[attr-defined]
    elif label == "agreements.commitment":
        add("activity", Activity.objects.filter(commitments=record), "commitments")
    elif label == "activities.activity":
        add("figure", Figure.objects.filter(activity=record), "activity")
    elif label == "people.person":
        add("activity", Activity.objects.filter(head_of_delegation=record), "head_of_delegation")
    elif label == "sources.source":
        from hoptac.agreements.models import Delivery

        add("delivery", Delivery.objects.filter(source=record), "source")
    return links


def _document(record: models.Model) -> dict[str, Any]:
    """The record as a registry document (hoptac-registry/1) with only it in, plus its links."""
    from hoptac.exchange import export, load

    label = record._meta.label_lower
    doc: dict[str, Any] = {"schema": load.SCHEMA}
    owned: list[models.Model] = [record]
    if label == "agreements.agreement":
        doc["agreements"] = [export.export_agreement(record)]  # type: ignore[arg-type]
        for commitment in record.commitments.all():  # type: ignore[attr-defined]
            owned += [commitment, *commitment.deliveries.all()]
    elif label == "activities.activity":
        doc["activities"] = [export.export_activity(record)]  # type: ignore[arg-type]
    elif label == "figures.figure":
        doc["figures"] = [export.export_figure(record)]  # type: ignore[arg-type]
    elif label in ("agreements.commitment", "agreements.delivery", "people.person", "sources.source"):
        doc.update(_part(record, label))
        if label == "agreements.commitment":
            owned += list(record.deliveries.all())  # type: ignore[attr-defined]
    else:
        raise ValidationError(
            {
                "record": [
                    _("a %(model)s is not a registry record to delete") % {"model": record._meta.verbose_name}
                ]
            }
        )
    doc["provenance"] = _provenance(owned)
    if label == "sources.source":
        doc["provenance"] = _provenance_from(record)
    doc["links"] = _links(record)
    return doc


def _part(record: Any, label: str) -> dict[str, Any]:
    """Records that do not stand alone in a registry file: found inside their parent's export."""
    from hoptac.exchange import export

    if label == "people.person":
        titles = [
            {
                "title": t.title,
                "place": t.place_id,
                "start": export.date_text(t.start),
                "end": export.date_text(t.end),
            }
            for t in record.titles.order_by("id")
        ]
        row = {"id": str(record.uid), "name": record.name, "notes": record.notes, "titles": titles}
        return {"people": [{**row, **export.stamps(record)}]}
    if label == "sources.source":
        row = {
            "id": str(record.uid),
            "title": record.title,
            "url": record.url,
            "published": export.date_text(record.published),
            "text": record.text,
            "file": export.file_data(record.file),
        }
        return {"sources": [{**row, **export.stamps(record)}]}
    agreement = record.agreement if label == "agreements.commitment" else record.commitment.agreement
    exported = export.export_agreement(agreement)
    for c in exported["commitments"]:
        if label == "agreements.commitment" and c["id"] == str(record.uid):
            return {"commitment": c, "agreement": str(agreement.uid)}
        for d in c["deliveries"]:
            if d["id"] == str(record.uid):
                return {"delivery": d, "commitment": c["id"]}
    raise ValidationError({"record": [_("this record could not be exported")]})


# The records deleted through delete_record (anything else is a part of one of them).
RECORD_LABELS = frozenset(
    {
        "agreements.agreement",
        "agreements.commitment",
        "agreements.delivery",
        "activities.activity",
        "figures.figure",
        "people.person",
        "sources.source",
    }
)


def _delete(record: models.Model) -> None:
    from hoptac.activities.services import delete_activity
    from hoptac.agreements.commitments import delete_commitment, delete_delivery
    from hoptac.agreements.services import delete_agreement
    from hoptac.figures.services import delete_figure
    from hoptac.people.services import delete_person
    from hoptac.sources.services import delete_source

    deleters: dict[str, Any] = {
        "agreements.agreement": delete_agreement,
        "agreements.commitment": delete_commitment,
        "agreements.delivery": delete_delivery,
        "activities.activity": delete_activity,
        "figures.figure": delete_figure,
        "people.person": delete_person,
        "sources.source": delete_source,
    }
    deleters[record._meta.label_lower](record)


@transaction.atomic
def delete_record(record: models.Model, user: Any, *, hard: bool = False) -> Tombstone | None:
    """Delete a record: kept as a tombstone to undo (the default), or for good (administrators only)."""
    require_change(user, record)
    if hard and not is_administrator(user):
        raise PermissionDenied(
            _("only an administrator may delete for good; a deletion can otherwise be undone")
        )
    doc = _document(record)
    kind, uid, summary = _record_type(record), str(record.uid), str(record)[:500]  # type: ignore[attr-defined]
    tombstone = None
    if not hard:
        who = user if getattr(user, "pk", None) else None
        tombstone = Tombstone.objects.create(
            record_type=kind, record_uid=uid, summary=summary, data=doc, deleted_by=who
        )
    _delete(record)
    action = AuditEvent.Action.DELETE if hard else AuditEvent.Action.SOFT_DELETE
    audit(action, user, record_type=kind, record_uid=uid, summary=summary, links=len(doc["links"]))
    return tombstone


@transaction.atomic
def undo_delete(tombstone: Tombstone, user: Any) -> models.Model:
    """Bring a deleted record back from its tombstone (administrators), with its links and provenance."""
    from hoptac.exchange.load import RECORD_TYPES, import_registry

    if not is_administrator(user):
        raise PermissionDenied(_("only an administrator may undo a deletion"))
    if tombstone.restored_at is not None:
        raise ValidationError({"tombstone": [_("this deletion was already undone")]})
    doc = dict(tombstone.data)
    links = doc.pop("links", [])
    if "commitment" in doc or "delivery" in doc:
        _restore_part(doc)
    else:
        import_registry(doc)
    model = RECORD_TYPES[tombstone.record_type]
    record = model.objects.get(uid=tombstone.record_uid)
    _relink(record, links)
    tombstone.restored_at = timezone.now()
    tombstone.save(update_fields=["restored_at"])
    audit(
        AuditEvent.Action.UNDELETE,
        user,
        record_type=tombstone.record_type,
        record_uid=tombstone.record_uid,
        summary=tombstone.summary,
    )
    return record  # type: ignore[no-any-return]


def _restore_part(doc: dict[str, Any]) -> None:
    from hoptac.agreements import commitments as services
    from hoptac.agreements.models import Agreement, Commitment
    from hoptac.exchange.load import load_provenance, restore_stamps

    def parent(model: Any, uid: str) -> Any:
        found = model.objects.filter(uid=uid).first()
        if found is None:
            message = _("its %(model)s is deleted too: undo that deletion first")
            raise ValidationError({"tombstone": [message % {"model": model._meta.verbose_name}]})
        return found

    if "delivery" in doc:
        row = doc["delivery"]
        commitment = parent(Commitment, doc["commitment"])
        restore_stamps(services.record_delivery(commitment, row, uid=row["id"]), row)
    else:
        row = doc["commitment"]
        agreement = parent(Agreement, doc["agreement"])
        record = services.create_commitment(agreement, row, uid=row["id"])
        restore_stamps(record, row)
        for d in row.get("deliveries", []):
            restore_stamps(services.record_delivery(record, d, uid=d["id"]), d)
    for i, p in enumerate(doc.get("provenance", [])):
        load_provenance(f"provenance[{i}]", p)


def _relink(record: Any, links: list[dict[str, str]]) -> None:
    """Put back the links other records had to the restored one, through their services."""
    from hoptac.activities.models import Activity
    from hoptac.activities.services import update_activity
    from hoptac.agreements.commitments import update_delivery
    from hoptac.agreements.models import Agreement, Delivery
    from hoptac.agreements.services import update_agreement
    from hoptac.figures.models import Figure
    from hoptac.figures.services import update_figure

    models_by_type: dict[str, Any] = {
        "activity": Activity,
        "figure": Figure,
        "agreement": Agreement,
        "delivery": Delivery,
    }
    updaters: dict[str, Any] = {
        "activity": update_activity,
        "figure": update_figure,
        "agreement": update_agreement,
        "delivery": update_delivery,
    }
    for link in links:
        other = models_by_type[link["type"]].objects.filter(uid=link["uid"]).first()
        if other is None:
            continue  # deleted meanwhile: nothing to link
        field = link["field"]
        if field in ("agreements", "commitments"):
            current = [str(u) for u in getattr(other, field).values_list("uid", flat=True)]
            value: Any = sorted({*current, str(record.uid)})
        else:
            value = str(record.uid)
        updaters[link["type"]](other, {field: value})
