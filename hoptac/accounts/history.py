"""Change history: who changed what and when, and putting a record back as it was at a version.

Restoring goes through the update services, so the old values are validated like any change (a
party place that no longer exists, a linked record since deleted, give a field-named error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

from hoptac.accounts.models import AuditEvent
from hoptac.accounts.tokens import audit
from hoptac.core.permissions import require_change

LIMIT = 100
# Versions written this close together by the same user are one change (a save and its lists).
SAME_CHANGE = dt.timedelta(seconds=2)
# Never restored: identity, stamps, derived values and stored files.
SKIP = {"id", "uid", "created_at", "updated_at", "folded", "checksum", "file", "text", "position"}


@dataclass(frozen=True)
class FieldChange:
    """One field of one version: its label, the value before and after (as text)."""

    field: str
    label: str
    before: str
    after: str


@dataclass
class Version:
    """One saved version of a record: which, when, by whom, how (+ created, ~ changed, - deleted)."""

    history_id: int
    when: dt.datetime
    who: str
    kind: str
    fields: list[FieldChange] = field(default_factory=list)


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def _text(model: type[models.Model], name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        try:
            target = get_m2m_reverse_field_name(model._meta.get_field(name))
        except FieldDoesNotExist:
            return "—"
        return ", ".join(sorted(str(row.get(target)) for row in value))
    return str(value)[:300]


def _plain_change(version: Any, before: Any) -> bool:
    """Did this version change any of the record's own fields (not its lists)?"""
    lists = {f.name for f in getattr(version, "_history_m2m_fields", [])}
    fields = [
        f.name for f in version.tracked_fields if f.editable and f.name not in lists and f.name not in SKIP
    ]
    return bool(version.diff_against(before, included_fields=fields).changes)


def _groups(versions: list[Any]) -> list[list[Any]]:
    """Versions (oldest first) grouped into changes: a save writes the record, then its lists
    (fields, parties, scope) as versions of their own a moment later, by the same user."""
    groups: list[list[Any]] = []
    for version in versions:
        head = groups[-1][0] if groups else None
        if (
            head is not None
            and version.history_type == "~"
            and version.history_date - head.history_date <= SAME_CHANGE
            and version.history_user_id == head.history_user_id
            and not _plain_change(version, groups[-1][-1])
        ):
            groups[-1].append(version)
        else:
            groups.append([version])
    return groups


def changes(record: models.Model) -> list[Version]:
    """The record's changes, newest first, each with who made it and what changed from the one before."""
    history = record.history  # type: ignore[attr-defined]
    newest = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[: LIMIT * 3]
    )
    groups = _groups(newest[::-1])
    model = type(record)
    out: list[Version] = []
    for i in range(len(groups) - 1, -1, -1):
        group = groups[i]
        last, user = group[-1], group[0].history_user
        item = Version(
            last.history_id, last.history_date, user.get_username() if user else "", group[0].history_type
        )
        if i > 0:
            delta = last.diff_against(groups[i - 1][-1], excluded_fields=list(SKIP))
            item.fields = [
                FieldChange(
                    c.field,
                    _label(model, c.field),
                    _text(model, c.field, c.old),
                    _text(model, c.field, c.new),
                )
                for c in delta.changes
            ]
        if item.fields or i == 0 or item.kind != "~":
            out.append(item)
    return out[:LIMIT]


def _settled(record: models.Model, history_id: int) -> tuple[Any, dt.datetime] | None:
    """The last version of the change a version belongs to, and the moment just before the next
    change: child rows (parties, titles) are written after the record in the same change."""
    versions = list(record.history.order_by("history_date", "history_id"))  # type: ignore[attr-defined]
    groups = _groups(versions)
    for i, group in enumerate(groups):
        if any(v.history_id == history_id for v in group):
            later = (
                groups[i + 1][0].history_date - dt.timedelta(microseconds=1) if i + 1 < len(groups) else None
            )
            return group[-1], later or timezone.now()
    return None


def _plain_values(version: Any, model: type[models.Model]) -> dict[str, Any]:
    """The version's own fields in the form the services take: codes, public ids, ISO dates."""
    data: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.name in SKIP or not f.editable or not hasattr(version, f.attname):
            continue
        value = getattr(version, f.attname)
        if isinstance(f, models.ForeignKey):
            target = f.related_model
            if value is not None and any(x.name == "uid" for x in target._meta.fields):  # type: ignore[union-attr]
                found = target._default_manager.filter(pk=value).values_list("uid", flat=True).first()  # type: ignore[union-attr]
                # A linked record deleted since is dropped, as deleting it dropped the link.
                value = str(found) if found else None
            data[f.name] = value
        elif isinstance(value, models.Model):
            data[f.name] = value.pk
        else:
            data[f.name] = (
                None if value is None else str(value) if not isinstance(value, bool | int) else value
            )
    for m2m in getattr(version, "_history_m2m_fields", []):
        target = get_m2m_reverse_field_name(model._meta.get_field(m2m.name))
        ids = [getattr(row, f"{target}_id") for row in getattr(version, m2m.name).all()]
        related = m2m.related_model
        if any(x.name == "uid" for x in related._meta.fields):
            ids = [str(u) for u in related._default_manager.filter(pk__in=ids).values_list("uid", flat=True)]
        data[m2m.name] = ids
    return data


def _agreement_extra(record: Any, when: dt.datetime) -> dict[str, Any]:
    from hoptac.agreements.models import AgreementParty
    from hoptac.people.models import Person

    rows = AgreementParty.history.as_of(when).filter(agreement_id=record.pk)
    parties = sorted(rows, key=lambda p: (p.position, p.pk))
    people = dict(
        Person.objects.filter(pk__in=[p.signatory_id for p in parties if p.signatory_id]).values_list(
            "pk", "uid"
        )
    )
    return {
        "parties": [
            {
                "place": p.place_id,
                "body": p.body,
                "signatory": str(people[p.signatory_id]) if p.signatory_id in people else None,
                "signatory_title": p.signatory_title,
            }
            for p in parties
        ]
    }


def _person_extra(record: Any, when: dt.datetime) -> dict[str, Any]:
    from hoptac.people.models import Title

    rows = Title.history.as_of(when).filter(person_id=record.pk)
    return {
        "titles": [
            {
                "title": t.title,
                "place": t.place_id,
                "start": t.start and str(t.start),
                "end": t.end and str(t.end),
            }
            for t in sorted(rows, key=lambda t: t.pk)
        ]
    }


def _updaters() -> dict[
    str, tuple[Callable[..., Any], Callable[[Any, Any], dict[str, Any]] | None, set[str]]
]:
    """Per model: its update service, what else a version holds (parties, titles), and keys it does not take."""
    from hoptac.activities.services import update_activity
    from hoptac.agreements.commitments import update_commitment, update_delivery
    from hoptac.agreements.services import update_agreement
    from hoptac.figures.services import update_figure
    from hoptac.people.services import update_person
    from hoptac.sources.services import update_source

    return {
        "agreements.agreement": (update_agreement, _agreement_extra, set()),
        "agreements.commitment": (update_commitment, None, {"agreement"}),
        "agreements.delivery": (update_delivery, None, {"commitment"}),
        "activities.activity": (update_activity, None, set()),
        "figures.figure": (update_figure, None, set()),
        "people.person": (update_person, _person_extra, set()),
        "sources.source": (update_source, None, set()),
    }


def version_data(record: models.Model, history_id: int) -> dict[str, Any]:
    """What the record held at that version, as the update service takes it."""
    label = record._meta.label_lower
    updaters = _updaters()
    if label not in updaters:
        raise ValidationError(
            {
                "record": [
                    _("a %(model)s cannot be restored from its history")
                    % {"model": record._meta.verbose_name}
                ]
            }
        )
    settled = _settled(record, history_id)
    if settled is None:
        raise ValidationError(
            {"history_id": [_("version %(id)s is not a version of this record") % {"id": history_id}]}
        )
    version, when = settled
    _update, extra, dropped = updaters[label]
    data = {k: v for k, v in _plain_values(version, type(record)).items() if k not in dropped}
    if extra is not None:
        data.update(extra(record, when))
    return data


@transaction.atomic
def restore_version(record: models.Model, history_id: int, user: Any) -> models.Model:
    """Put the record back as it was at a version, through its update service (validated, audited)."""
    require_change(user, record)
    data = version_data(record, history_id)
    update = _updaters()[record._meta.label_lower][0]
    restored = update(record, data)
    audit(
        AuditEvent.Action.RESTORE,
        user,
        record_type=record._meta.model_name or "",
        record_uid=str(getattr(record, "uid", record.pk)),
        summary=f"{record} — version {history_id}",
        history_id=history_id,
    )
    return restored  # type: ignore[no-any-return]
