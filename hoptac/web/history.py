"""Change history for a record's page, from django-simple-history: who, when, what changed."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey, Model
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject
from simple_history.utils import get_m2m_reverse_field_name

KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
LIMIT = 50


@dataclass
class Change:
    """One saved version of a record and the fields that differ from the version before."""

    when: Any
    who: str
    kind: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    history_id: int | None = None
    latest: bool = False
    # Restoring means something only when a later version changed a field this one holds.
    restorable: bool = False

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def _label(model: type[Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def _show(value: Any) -> str:
    """A value as an officer reads it: a related record by its name, never by its internal number."""
    if value is None or value == "" or value == []:
        return "—"
    return str(value)[:200]


def _named(model: type[Model], pk: Any, found: dict[Any, Any]) -> Any:
    """The record with this pk among those read, or how diff_against() names one deleted since."""
    return found[pk] if pk in found else DeletedObject(model, pk)


def _m2m_values(versions: list[Any]) -> dict[str, dict[int, tuple[list[Any], str]]]:
    """{field: {version id: (sorted pks, names shown)}} for every version, two queries a field.

    diff_against() asked the database twice for each many-to-many field of each version, and twice
    more for the related records when they differed: a dozen queries for every change listed.
    """
    out = {}
    for m2m in versions[0]._history_m2m_fields:
        rows = getattr(versions[0], m2m.name).model.objects.filter(history__in=[v.pk for v in versions])
        target = rows.model._meta.get_field(get_m2m_reverse_field_name(m2m))
        pairs = list(rows.values_list("history_id", target.attname))
        found = m2m.related_model._default_manager.in_bulk({pk for _version, pk in pairs})
        pks: dict[int, list[Any]] = {v.pk: [] for v in versions}
        for version, pk in pairs:
            pks[version].append(pk)
        out[m2m.name] = {
            version: (
                sorted(chosen),
                ", ".join(sorted(str(_named(m2m.related_model, pk, found)) for pk in chosen)),
            )
            for version, chosen in pks.items()
        }
    return out


def changes(record: Any) -> list[Change]:
    """The record's versions, newest first, each with who made it and what it changed (a fixed number of queries)."""
    versions = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[:LIMIT]
    )
    if not versions:
        return []
    model = type(record)
    m2m = _m2m_values(versions)
    deltas: dict[int, list[Any]] = {}
    for version, older in itertools.pairwise(versions):
        if version.history_type == "~":
            # Foreign keys as their pks, read below all at once (not two queries for each change).
            excluded = ["folded", "updated_at", *m2m]
            deltas[version.pk] = version.diff_against(older, excluded_fields=excluded).changes
    keys = {f.name: f for f in model._meta.concrete_fields if isinstance(f, ForeignKey)}
    wanted: dict[str, set[Any]] = {}
    for delta in deltas.values():
        for c in delta:
            if c.field in keys:
                wanted.setdefault(c.field, set()).update({c.old, c.new} - {None})
    related = {name: keys[name].related_model._default_manager.in_bulk(pks) for name, pks in wanted.items()}

    def shown(name: str, value: Any) -> str:
        if name not in keys or value is None:
            return _show(value)
        return _show(_named(keys[name].related_model, value, related[name]))

    out: list[Change] = []
    for i, version in enumerate(versions):
        user = version.history_user
        # Without a signed-in user the change came from a command (import, article ingest): say so.
        who = user.get_username() if user else str(version.history_change_reason or _("the system (import)"))
        change = Change(
            version.history_date,
            who,
            version.history_type,
            history_id=version.history_id,
            latest=i == 0,
        )
        if version.pk in deltas:
            older = versions[i + 1]
            found = [(c.field, shown(c.field, c.old), shown(c.field, c.new)) for c in deltas[version.pk]]
            for name, values in m2m.items():
                (before, was), (after, now) = values[older.pk], values[version.pk]
                if before != after:
                    found.append((name, _show(was), _show(now)))
            # In field-name order, as diff_against() gives them.
            change.fields = [(_label(model, name), old, new) for name, old, new in sorted(found)]
        change.restorable = version.history_type != "-" and any(later.fields for later in out)
        out.append(change)
    return out
