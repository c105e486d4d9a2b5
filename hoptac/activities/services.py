"""Activities: create, change, delete, with validation that names the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hoptac.activities import bounds
from hoptac.activities.models import Activity
from hoptac.core.concurrency import checked
from hoptac.core.rights import Rights, require_links, within
from hoptac.core.validation import (
    Errors,
    check_order,
    choice_field,
    date_field,
    integer_range,
    records_value,
    text_field,
)
from hoptac.people.services import resolve_person
from hoptac.places.services import place_value, places_value

MAX_DELEGATION = integer_range(Activity._meta.get_field("delegation_size"))[1]  # type: ignore[index]


def _validate(
    data: Mapping[str, Any], current: Activity | None, rights: Rights | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    from hoptac.agreements.models import Agreement, Commitment

    errors = Errors()
    values: dict[str, Any] = {}
    related: dict[str, Any] = {}

    def wanted(key: str) -> bool:
        return current is None or key in data

    if wanted("kind"):
        values["kind"] = choice_field(errors, data, "kind", Activity.Kind.values)
    if wanted("status"):
        values["status"] = choice_field(errors, data, "status", Activity.Status.values, default="held")
    for key in ("title", "description"):
        if wanted(key):
            values[key] = text_field(errors, data, key, max_length=500 if key == "title" else None)
    for key in ("date", "end_date"):
        if wanted(key):
            values[key] = date_field(errors, data, key)
    start = values.get("date", getattr(current, "date", None))
    check_order(
        errors, start, values.get("end_date", getattr(current, "end_date", None)), "end_date", _("start date")
    )
    if start is None and values.get("status", getattr(current, "status", "")) == "held" and wanted("date"):
        errors.add("date", _("an activity that was held needs a date (at least the year)"))
    if wanted("place"):
        values["place"] = place_value(errors, "place", data.get("place"))
    if wanted("direction"):
        values["direction"] = choice_field(
            errors, data, "direction", Activity.Direction.values, required=False
        )
    kind = values.get("kind", getattr(current, "kind", ""))
    if values.get("direction") and kind != "visit":
        errors.add("direction", _("only a visit has a direction (incoming or outgoing)"))
    if wanted("delegation_size"):
        size = data.get("delegation_size")
        if size in (None, ""):
            values["delegation_size"] = None
        elif not isinstance(size, int) or isinstance(size, bool) or size < 0:
            errors.add(
                "delegation_size",
                _("'%(value)s' is not a whole number of people (0 or more)") % {"value": size},
            )
        elif size > MAX_DELEGATION:
            # Past what the column holds: the database would refuse it with an error, not a message.
            errors.add("delegation_size", _("too large: at most %(max)s") % {"max": MAX_DELEGATION})
        else:
            values["delegation_size"] = size
    if wanted("head_of_delegation"):
        related["head_of_delegation"] = data.get("head_of_delegation")
    if wanted("parties"):
        related["parties"] = places_value(errors, "parties", data.get("parties"))
    if wanted("agreements"):
        related["agreements"] = records_value(
            errors, "agreements", Agreement, data.get("agreements"), within(rights, Agreement)
        )
    if wanted("commitments"):
        related["commitments"] = records_value(
            errors, "commitments", Commitment, data.get("commitments"), within(rights, Commitment)
        )
    errors.raise_if_any()
    return values, related


def _save_related(activity: Activity, related: dict[str, Any], rights: Rights | None) -> None:
    for key in ("parties", "agreements", "commitments"):
        if key in related:
            manager = getattr(activity, key)
            if key != "parties":
                # Linking or unlinking an agreement (a commitment) adds to or takes from its records.
                require_links(rights, Activity, manager.all(), related[key])
            manager.set(related[key])
    # Derived data, kept here rather than by signals: the place pages read activities from these bounds.
    bounds.keep(activity)
    if rights is not None:
        # The record as it is after the change must still be one the user may change.
        rights.require_change(activity)


@transaction.atomic
def create_activity(data: Mapping[str, Any], *, uid: Any = None, rights: Rights | None = None) -> Activity:
    """Record an activity (visit, review conference, meeting ...) with its parties and linked agreements."""
    values, related = _validate(data, None, rights)
    if rights is not None and not related.get("agreements") and not related.get("commitments"):
        rights.require_create(Activity)
    activity = Activity(
        **values,
        head_of_delegation=resolve_person(
            related.pop("head_of_delegation", None), field="head_of_delegation"
        ),
    )
    if uid:
        activity.uid = uid
    activity.save()
    _save_related(activity, related, rights)
    return activity


@transaction.atomic
def update_activity(activity: Activity, data: Mapping[str, Any], *, rights: Rights | None = None) -> Activity:
    """Change the given keys of an activity (lists, when given, replace the old ones)."""
    if rights is not None:
        rights.require_change(activity)
    data = checked(activity, data)
    values, related = _validate(data, activity, rights)
    for key, value in values.items():
        setattr(activity, key, value)
    if "head_of_delegation" in related:
        activity.head_of_delegation = resolve_person(
            related.pop("head_of_delegation"), field="head_of_delegation"
        )
    activity.save()
    _save_related(activity, related, rights)
    return activity


@transaction.atomic
def delete_activity(activity: Activity) -> None:
    """Delete an activity; figures tied to it keep their values and lose the link."""
    activity.delete()
