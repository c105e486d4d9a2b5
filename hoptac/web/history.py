"""Change history for a record's page, from django-simple-history: who, when, what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
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

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def _label(model: type[Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def _show(model: type[Model], name: str, value: Any) -> str:
    """A value as an officer reads it: a related record by its name, never by its internal number."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):  # many-to-many: the through rows as dicts of related objects
        try:
            target = get_m2m_reverse_field_name(model._meta.get_field(name))
        except FieldDoesNotExist:
            return "—"
        return ", ".join(sorted(str(row.get(target)) for row in value))
    return str(value)[:200]


def changes(record: Any) -> list[Change]:
    """The record's versions, newest first, each with who made it and what it changed."""
    versions = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[:LIMIT]
    )
    out = []
    model = type(record)
    for i, version in enumerate(versions):
        user = version.history_user
        change = Change(
            version.history_date,
            user.get_username() if user else "",
            version.history_type,
            history_id=version.history_id,
            latest=i == 0,
        )
        older = versions[i + 1] if i + 1 < len(versions) else None
        if older is not None and version.history_type == "~":
            delta = version.diff_against(
                older, excluded_fields=["folded", "updated_at"], foreign_keys_are_objs=True
            )
            change.fields = [
                (_label(model, c.field), _show(model, c.field, c.old), _show(model, c.field, c.new))
                for c in delta.changes
            ]
        out.append(change)
    return out
