"""Which activities a user sees and changes, as conditions on a `Scope`.

An activity belongs to the agreements it is linked to and to its own places (host place, parties); one
linked only to confidential agreements hidden from the user is hidden too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from hoptac.activities.models import Activity
from hoptac.agreements.policies import Changeable, Visible, hidden_confidential, visible_agreements
from hoptac.core.permissions import OFFICER, READ, Scope


def activity_q(scope: Scope) -> Q:
    """Linked to an agreement the user sees, or of the user's places and linked to none hidden from them."""
    links = Activity.agreements.through.objects
    parties = Activity.parties.through.objects
    linked_visible = Q(pk__in=links.filter(agreement__in=visible_agreements(scope)).values("activity_id"))
    linked_hidden = Q(pk__in=links.filter(agreement__in=hidden_confidential(scope)).values("activity_id"))
    own_places = (
        scope.administrator()
        | scope.ministry()
        | scope.places("place", READ)
        | Q(pk__in=parties.filter(scope.places("place", READ)).values("activity_id"))
    )
    return scope.administrator() | linked_visible | (~linked_hidden & own_places)


def changeable_q(scope: Scope, officer: QuerySet[Any], mine: QuerySet[Any]) -> Q:
    """Linked to an agreement the user adds to, or held in or with one of the officer's provinces."""
    links = Activity.agreements.through.objects.filter(agreement__in=mine).values("activity_id")
    parties = Activity.parties.through.objects.filter(scope.places("place", OFFICER))
    return Q(pk__in=links) | scope.places("place", OFFICER) | Q(pk__in=parties.values("activity_id"))


VISIBLE: dict[str, Visible] = {"activities.activity": activity_q}
CHANGEABLE: dict[str, Changeable] = {"activities.activity": changeable_q}
