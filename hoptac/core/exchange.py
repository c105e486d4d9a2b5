"""The whole registry as one JSON document (export, and import through the services).

Every record is identified by its public id (a UUID). A file written by hand — the demo data —
may use any other string as an id: it is turned into a UUID deterministically (uuid5), the same
way wherever it is referred to.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from hoptac.activities import services as activity_services
from hoptac.activities.models import Activity
from hoptac.agreements import commitments as commitment_services
from hoptac.agreements import services as agreement_services
from hoptac.agreements.models import Agreement, AgreementFile, Commitment, Delivery
from hoptac.figures import services as figure_services
from hoptac.figures.models import Figure, Metric
from hoptac.people import services as people_services
from hoptac.people.models import Person
from hoptac.sources import services as source_services
from hoptac.sources.models import Provenance, Source

SCHEMA = "hoptac-registry/1"
_NAMESPACE = uuid.UUID("6f1d3b4e-2a7c-5d8e-9f10-112233445566")
RECORD_TYPES: dict[str, Any] = {
    "agreement": Agreement,
    "commitment": Commitment,
    "delivery": Delivery,
    "activity": Activity,
    "figure": Figure,
    "person": Person,
    "source": Source,
}
Progress = Callable[[str, int], None]


def to_uuid(value: Any) -> uuid.UUID | None:
    """The UUID for an id: itself when it is one, else uuid5 of the text (stable across files)."""
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.uuid5(_NAMESPACE, str(value))


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def _file(field: Any) -> dict[str, str] | None:
    if not field:
        return None
    with field.open("rb") as handle:
        return {
            "name": field.name.rsplit("/", 1)[-1],
            "content_base64": base64.b64encode(handle.read()).decode(),
        }


def _stamps(record: Any) -> dict[str, str]:
    return {"created": record.created_at.isoformat(), "updated": record.updated_at.isoformat()}


def export_registry() -> dict[str, Any]:
    """Every record of the registry (not the places, which come from ISO 3166), in a stable order."""
    builtin = {code for code, *_ in __import__("hoptac.figures.vocabulary", fromlist=["METRICS"]).METRICS}
    return {
        "schema": SCHEMA,
        "metrics": [
            {"code": m.code, "name_vi": m.name_vi, "name_en": m.name_en, "default_unit": m.default_unit}
            for m in Metric.objects.exclude(code__in=builtin).order_by("code")
        ],
        "people": [
            {
                "id": str(p.uid),
                "name": p.name,
                "notes": p.notes,
                **_stamps(p),
                "titles": [
                    {"title": t.title, "place": t.place_id, "start": _date(t.start), "end": _date(t.end)}
                    for t in p.titles.order_by("id")
                ],
            }
            for p in Person.objects.order_by("uid").prefetch_related("titles")
        ],
        "sources": [
            {
                "id": str(s.uid),
                "title": s.title,
                "url": s.url,
                "published": _date(s.published),
                "text": s.text,
                "file": _file(s.file),
                **_stamps(s),
            }
            for s in Source.objects.order_by("uid")
        ],
        "agreements": [
            _export_agreement(a)
            for a in Agreement.objects.order_by("uid").prefetch_related(
                "parties__signatory", "fields", "files", "commitments__deliveries__source"
            )
        ],
        "activities": [
            _export_activity(a)
            for a in Activity.objects.order_by("uid")
            .prefetch_related("parties", "agreements", "commitments")
            .select_related("head_of_delegation")
        ],
        "figures": [
            _export_figure(f)
            for f in Figure.objects.order_by("uid")
            .prefetch_related("scope")
            .select_related("agreement", "activity")
        ],
        "provenance": _export_provenance(),
    }


def _export_agreement(a: Agreement) -> dict[str, Any]:
    return {
        "id": str(a.uid),
        "kind": a.kind,
        "title": a.title,
        "title_en": a.title_en,
        "signed_on": _date(a.signed_on),
        "signed_place": a.signed_place_id,
        "effective_on": _date(a.effective_on),
        "period_start": _date(a.period_start),
        "period_end": _date(a.period_end),
        "terminated_on": _date(a.terminated_on),
        "fields": sorted(f.code for f in a.fields.all()),
        "predecessor": str(a.predecessor.uid) if a.predecessor_id and a.predecessor else None,
        "review_every_years": a.review_every_years,
        "review_host_rotates": a.review_host_rotates,
        "confidential": a.confidential,
        "notes": a.notes,
        **_stamps(a),
        "parties": [
            {
                "place": p.place_id,
                "body": p.body,
                "signatory": str(p.signatory.uid) if p.signatory else None,
                "signatory_title": p.signatory_title,
            }
            for p in a.parties.all()
        ],
        "files": [{"title": f.title, "file": _file(f.file)} for f in a.files.all()],
        "commitments": [
            {
                "id": str(c.uid),
                "giver": c.giver_id,
                "receiver": c.receiver_id,
                "quantity": _num(c.quantity),
                "unit": c.unit,
                "description": c.description,
                "period_start": _date(c.period_start),
                "period_end": _date(c.period_end),
                "due": _date(c.due),
                **_stamps(c),
                "deliveries": [
                    {
                        "id": str(d.uid),
                        "date": _date(d.date),
                        "quantity": _num(d.quantity),
                        "evidence": d.evidence,
                        "source": str(d.source.uid) if d.source else None,
                        **_stamps(d),
                    }
                    for d in sorted(c.deliveries.all(), key=lambda d: str(d.uid))
                ],
            }
            for c in sorted(a.commitments.all(), key=lambda c: str(c.uid))
        ],
    }


def _export_activity(a: Activity) -> dict[str, Any]:
    return {
        "id": str(a.uid),
        "kind": a.kind,
        "title": a.title,
        "date": _date(a.date),
        "end_date": _date(a.end_date),
        "place": a.place_id,
        "parties": sorted(p.code for p in a.parties.all()),
        "agreements": sorted(str(x.uid) for x in a.agreements.all()),
        "commitments": sorted(str(x.uid) for x in a.commitments.all()),
        "status": a.status,
        "direction": a.direction,
        "head_of_delegation": str(a.head_of_delegation.uid) if a.head_of_delegation else None,
        "delegation_size": a.delegation_size,
        "description": a.description,
        **_stamps(a),
    }


def _export_figure(f: Figure) -> dict[str, Any]:
    return {
        "id": str(f.uid),
        "metric": f.metric_id,
        "value": _num(f.value),
        "unit": f.unit,
        "scope": sorted(p.code for p in f.scope.all()),
        "period_start": _date(f.period_start),
        "period_end": _date(f.period_end),
        "agreement": str(f.agreement.uid) if f.agreement else None,
        "activity": str(f.activity.uid) if f.activity else None,
        "note": f.note,
        **_stamps(f),
    }


def _export_provenance() -> list[dict[str, Any]]:
    rows = []
    by_model = {model: name for name, model in RECORD_TYPES.items()}
    links = list(Provenance.objects.select_related("source", "content_type"))
    uids: dict[Any, dict[int, Any]] = {}
    for model in {p.content_type.model_class() for p in links} & set(by_model):
        ids = [p.object_id for p in links if p.content_type.model_class() is model]
        uids[model] = dict(model._default_manager.filter(pk__in=ids).values_list("pk", "uid"))  # type: ignore[union-attr]
    for p in links:
        model = p.content_type.model_class()
        record = uids.get(model, {}).get(p.object_id)
        if record is not None:
            rows.append(
                {
                    "source": str(p.source.uid),
                    "record_type": by_model[model],
                    "record": str(record),
                    "start": p.start,
                    "end": p.end,
                    "quote": p.quote,
                }
            )
    return sorted(
        rows, key=lambda r: (r["source"], r["record_type"], r["record"], r["start"] or 0, r["end"] or 0)
    )


class ImportError_(ValidationError):
    """An import refused as a whole, with the path of each bad value (agreements[3].parties[1].place)."""


def _prefixed(exc: ValidationError, path: str) -> ImportError_:
    messages: dict[str, list[str]] = {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            messages[f"{path}.{field}" if field != "__all__" else path] = errors
    else:
        messages[path] = exc.messages
    return ImportError_(messages)


def _ref(value: Any) -> str | None:
    uid = to_uuid(value)
    return str(uid) if uid else None


def _with_refs(row: Mapping[str, Any], keys: Iterable[str], list_keys: Iterable[str] = ()) -> dict[str, Any]:
    data = dict(row)
    for key in keys:
        if key in data:
            data[key] = _ref(data[key])
    for key in list_keys:
        if isinstance(data.get(key), list):
            data[key] = [_ref(v) for v in data[key]]
    return data


def _restore_stamps(record: Any, row: Mapping[str, Any]) -> None:
    created, updated = parse_datetime(row.get("created") or ""), parse_datetime(row.get("updated") or "")
    if created or updated:
        type(record).objects.filter(pk=record.pk).update(
            created_at=created or record.created_at, updated_at=updated or record.updated_at
        )


def _restore_file(row: Mapping[str, Any] | None) -> ContentFile | None:
    if not row:
        return None
    return ContentFile(base64.b64decode(row["content_base64"]), name=row["name"])


def _check_new(errors: list[str], model: Any, rows: list[Mapping[str, Any]], what: str) -> None:
    ids = [to_uuid(r.get("id")) for r in rows if isinstance(r, Mapping) and r.get("id")]
    existing = list(model.objects.filter(uid__in=ids).values_list("uid", flat=True)[:5])
    if existing:
        errors.append(
            _("%(section)s: %(ids)s already in the registry")
            % {"section": what, "ids": ", ".join(map(str, existing))}
        )


@transaction.atomic
def import_registry(data: Mapping[str, Any], progress: Progress | None = None) -> dict[str, int]:
    """Load a registry document; all of it or, on any error, none of it (the error names each bad path)."""
    if not isinstance(data, Mapping) or data.get("schema") != SCHEMA:
        raise ImportError_(
            {
                "schema": [
                    _('not a hoptac registry file: expected "schema": "%(schema)s"') % {"schema": SCHEMA}
                ]
            }
        )
    sections = ("metrics", "people", "sources", "agreements", "activities", "figures", "provenance")
    for name in sections:
        if not isinstance(data.get(name, []), list):
            raise ImportError_({name: [_("must be a list")]})
    clashes: list[str] = []
    for name, model in (
        ("people", Person),
        ("sources", Source),
        ("agreements", Agreement),
        ("activities", Activity),
        ("figures", Figure),
    ):
        _check_new(clashes, model, data.get(name, []), name)
    if clashes:
        raise ImportError_(
            {"__all__": [*clashes, _("import into an empty registry, or remove those records first")]}
        )
    tick = progress or (lambda section, n: None)
    counts = dict.fromkeys(sections, 0)
    stamps: list[tuple[Any, Mapping[str, Any]]] = []

    def each(section: str) -> Iterable[tuple[str, Mapping[str, Any]]]:
        for i, row in enumerate(data.get(section, [])):
            if not isinstance(row, Mapping):
                raise ImportError_({f"{section}[{i}]": [_("must be an object")]})
            yield f"{section}[{i}]", row
            counts[section] += 1
            tick(section, 1)

    for path, row in each("metrics"):
        try:
            if not Metric.objects.filter(code=row.get("code")).exists():
                figure_services.add_metric(
                    str(row.get("code", "")),
                    str(row.get("name_vi", "")),
                    str(row.get("name_en", "")),
                    str(row.get("default_unit", "count")),
                )
        except ValidationError as exc:
            raise _prefixed(exc, path) from exc
    for path, row in each("people"):
        _load(path, row, lambda r, uid: people_services.create_person(r, uid=uid), stamps)
    for path, row in each("sources"):
        source = _load(path, row, lambda r, uid: source_services.create_source(r, uid=uid), stamps)
        if row.get("file"):
            source.file = _restore_file(row["file"])
            source.save(update_fields=["file"])
    predecessors: list[tuple[str, Agreement, Any]] = []
    for path, row in each("agreements"):
        agreement = _load_agreement(path, row, stamps)
        if row.get("predecessor"):
            predecessors.append((path, agreement, _ref(row["predecessor"])))
    for path, agreement, ref in predecessors:
        try:
            agreement_services.update_agreement(agreement, {"predecessor": ref})
        except ValidationError as exc:
            raise _prefixed(exc, path) from exc
    for path, row in each("activities"):
        row = {
            **_with_refs(row, [], ["agreements", "commitments"]),
            "head_of_delegation": _person_or_name(row.get("head_of_delegation")),
        }
        _load(path, row, lambda r, uid: activity_services.create_activity(r, uid=uid), stamps)
    for path, row in each("figures"):
        _load(
            path,
            _with_refs(row, ["agreement", "activity"]),
            lambda r, uid: figure_services.create_figure(r, uid=uid),
            stamps,
        )
    for path, row in each("provenance"):
        _load_provenance(path, row)
    # Last, so that linking records (predecessors) does not move their "updated" time.
    for record, row in stamps:
        _restore_stamps(record, row)
    return counts


def _load(
    path: str, row: Mapping[str, Any], create: Callable[[Mapping[str, Any], Any], Any], stamps: list[Any]
) -> Any:
    try:
        record = create(row, to_uuid(row.get("id")))
    except ValidationError as exc:
        raise _prefixed(exc, path) from exc
    stamps.append((record, row))
    return record


def _load_agreement(path: str, row: Mapping[str, Any], stamps: list[Any]) -> Agreement:
    body = {k: v for k, v in row.items() if k not in ("predecessor", "commitments", "files")}
    if isinstance(body.get("parties"), list):
        body["parties"] = [
            {**p, "signatory": _person_or_name(p.get("signatory"))} if isinstance(p, Mapping) else p
            for p in body["parties"]
        ]
    agreement = _load(path, body, lambda r, uid: agreement_services.create_agreement(r, uid=uid), stamps)
    for i, f in enumerate(row.get("files") or []):
        content = _restore_file(f.get("file"))
        if content is None:
            raise ImportError_({f"{path}.files[{i}].file": [_("missing file content")]})
        AgreementFile.objects.create(agreement=agreement, title=f.get("title", content.name), file=content)
    for j, c in enumerate(row.get("commitments") or []):
        cpath = f"{path}.commitments[{j}]"
        commitment = _load(
            cpath, c, lambda r, uid: commitment_services.create_commitment(agreement, r, uid=uid), stamps
        )
        for k, d in enumerate(c.get("deliveries") or []):
            _load(
                f"{cpath}.deliveries[{k}]",
                _with_refs(d, ["source"]),
                partial(_deliver, commitment),
                stamps,
            )
    return agreement


def _deliver(commitment: Commitment, row: Mapping[str, Any], uid: Any) -> Delivery:
    return commitment_services.record_delivery(commitment, row, uid=uid)


def _person_or_name(value: Any) -> Any:
    """A person's id in the file (a UUID, or a slug naming one) as its UUID; anything else is a name."""
    if not value:
        return None
    uid = to_uuid(value)
    return str(uid) if uid and Person.objects.filter(uid=uid).exists() else value


def _load_provenance(path: str, row: Mapping[str, Any]) -> None:
    model = RECORD_TYPES.get(str(row.get("record_type")))
    if model is None:
        raise ImportError_(
            {f"{path}.record_type": [_("use one of %(types)s") % {"types": ", ".join(RECORD_TYPES)}]}
        )
    source = Source.objects.filter(uid=to_uuid(row.get("source")) or uuid.UUID(int=0)).first()
    record = model.objects.filter(uid=to_uuid(row.get("record")) or uuid.UUID(int=0)).first()
    if source is None or record is None:
        raise ImportError_({path: [_("the source or the record it names is not in the file")]})
    try:
        source_services.link_source(record, source, row.get("start"), row.get("end"), row.get("quote"))
    except ValidationError as exc:
        raise _prefixed(exc, path) from exc
