"""Which figures a user sees and changes, as conditions on a `Scope`.

A figure belongs to its agreement, to its activity's agreements and to the places of its scope; one
linked only to confidential agreements hidden from the user is hidden too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from hoptac.activities.models import Activity
from hoptac.agreements.policies import Changeable, Visible, hidden_confidential, visible_agreements
from hoptac.core.permissions import OFFICER, READ, Scope
from hoptac.figures.models import Figure


def figure_q(scope: Scope) -> Q:
    """Tied to an agreement the user sees, or about the user's places and tied to none hidden from them."""
    links = Activity.agreements.through.objects
    shown, hidden = visible_agreements(scope), hidden_confidential(scope)
    linked_visible = Q(agreement__in=shown) | Q(
        activity__in=links.filter(agreement__in=shown).values("activity_id")
    )
    linked_hidden = Q(agreement__in=hidden) | Q(
        activity__in=links.filter(agreement__in=hidden).values("activity_id")
    )
    about = Figure.scope.through.objects.filter(scope.places("place", READ)).values("figure_id")
    own_places = scope.administrator() | scope.ministry() | Q(pk__in=about)
    return scope.administrator() | linked_visible | (~linked_hidden & own_places)


def changeable_q(scope: Scope, officer: QuerySet[Any], mine: QuerySet[Any]) -> Q:
    """Tied to an agreement the user adds to (directly or through its activity), or about the officer's places."""
    links = Activity.agreements.through.objects.filter(agreement__in=mine).values("activity_id")
    about = Figure.scope.through.objects.filter(scope.places("place", OFFICER))
    return Q(agreement__in=mine) | Q(activity__in=links) | Q(pk__in=about.values("figure_id"))


VISIBLE: dict[str, Visible] = {"figures.figure": figure_q}
CHANGEABLE: dict[str, Changeable] = {"figures.figure": changeable_q}
