"""A readable title for an activity recorded without one: "Đoàn Chăm-pa-xắc thăm, làm việc tại Kon Tum"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from hoptac.activities.models import Activity


def _names(names: list[str]) -> str:
    """ "A", "A và B", "A, B và C" (in English "A, B and C")."""
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def generated_title(activity: Activity) -> str:
    """Who did what where, from the kind, the parties, the host place and the agreement; never a raw date."""
    kind = str(activity.get_kind_display())
    host = activity.place.display_name if activity.place_id and activity.place else ""
    parties = [p.display_name for p in activity.parties.all()]
    guests = [name for name in parties if name != host]
    if activity.kind == "visit" and guests:
        template = (
            _("Delegation of %(guests)s: %(kind)s in %(host)s")
            if host
            else _("Delegation of %(guests)s: %(kind)s")
        )
        return template % {"guests": _names(guests), "kind": kind, "host": host}
    # One agreement names the event ("Lễ ký kết Bản ghi nhớ …"); a joint one is named by its parties.
    named = activity.kind in ("review_conference", "signing")
    agreements = list(activity.agreements.all()) if named and activity.pk else []
    if len(agreements) == 1:
        text = _("%(kind)s: %(agreement)s") % {"kind": kind, "agreement": agreements[0].title}
    elif parties:
        text = _("%(kind)s between %(parties)s") % {"kind": kind, "parties": _names(parties)}
    else:
        text = kind
    if host and activity.kind not in ("review_conference", "signing"):
        text = _("%(what)s in %(host)s") % {"what": text, "host": host}
    return text[:1].upper() + text[1:]
