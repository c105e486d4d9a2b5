"""Who may do what in a reporting round, on top of hoptac.accounts.permissions.

- an administrator does everything, and alone reopens a closed round;
- a province officer who changes every agreement of a round opens, reviews (returns, approves) and
  closes it, and sees every unit's form;
- a unit's contributor sees and fills only their own unit's form, and never approves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hoptac.accounts.models import Role
from hoptac.accounts.permissions import can_change, is_administrator, roles_of
from hoptac.rounds.models import ReportingUnit, Round, Submission


def may_open(user: Any, agreements: Iterable[Any]) -> bool:
    """May the user open a round over these agreements (an officer of all of them, or an administrator)?"""
    if is_administrator(user):
        return True
    return Role.OFFICER in roles_of(user) and all(can_change(user, a) for a in agreements)


def manages(user: Any, round_: Round) -> bool:
    """Does the user run this round (review, approve, close)?"""
    return may_open(user, round_.agreements.all())


def fills(user: Any, unit: ReportingUnit) -> bool:
    """Is the user one of the unit's contributors?"""
    return bool(getattr(user, "is_authenticated", False)) and unit.contributors.filter(pk=user.pk).exists()


def may_fill(user: Any, submission: Submission) -> bool:
    """May the user enter or submit this value (the unit's contributor, or whoever runs the round)?"""
    return fills(user, submission.unit) or manages(user, submission.round)


def visible_submissions(user: Any, round_: Round) -> QuerySet[Submission]:
    """The submissions of a round the user sees: all for those who run it, else their units' only."""
    query = round_.submissions.all()
    if manages(user, round_):
        return query
    return query.filter(unit__contributors=user.pk) if user.is_authenticated else query.none()


def visible_rounds(user: Any) -> QuerySet[Round]:
    """The rounds the user runs or has a form in (administrators see all)."""
    if is_administrator(user):
        return Round.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Round.objects.none()
    mine = Round.objects.filter(submissions__unit__contributors=user.pk).values("pk")
    if Role.OFFICER not in roles_of(user):
        return Round.objects.filter(pk__in=mine)
    officer = [r.pk for r in Round.objects.prefetch_related("agreements") if manages(user, r)]
    return Round.objects.filter(pk__in=mine) | Round.objects.filter(pk__in=officer)


def require_open(user: Any, agreements: Iterable[Any]) -> None:
    """PermissionDenied unless the user may open a round over these agreements."""
    if not may_open(user, agreements):
        raise PermissionDenied(_("Only an officer of every agreement of the round may open it."))


def require_manage(user: Any, round_: Round) -> None:
    """PermissionDenied unless the user runs the round."""
    if not manages(user, round_):
        raise PermissionDenied(_("Only the officer running this round may do this."))


def require_fill(user: Any, submission: Submission) -> None:
    """PermissionDenied unless the user may fill this value."""
    if not may_fill(user, submission):
        raise PermissionDenied(_("This form belongs to another reporting unit."))


def require_reopen(user: Any) -> None:
    """PermissionDenied unless the user is an administrator."""
    if not is_administrator(user):
        raise PermissionDenied(_("Only an administrator may reopen a closed round."))
