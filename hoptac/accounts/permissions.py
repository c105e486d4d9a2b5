"""Who may see and change what: the rules behind `hoptac.core.permissions`, which every app asks.

This module is the rule set the kernel's interface loads (setting HOPTAC_PERMISSION_RULES); apps
below accounts never import it. It keeps roles and memberships: which roles give which reach
(`MembershipScope`), and what each role may create. Which records of a model that reach covers is each
app's rule, in its `policies.py` (agreements, activities, figures; sources follow agreements).

Rules (hoptac/accounts/README.md has the table):
- nobody signed out sees anything;
- administrators (superusers, or the administrator role) see and change everything;
- a ministry viewer reads every province, a viewer reads the provinces of their memberships;
- a province officer reads and changes the records of their provinces; an agreement belongs to the
  provinces of its parties, a commitment or delivery to its agreement, an activity or figure to the
  agreements it is linked to and to its own places (parties, place, scope);
- a department contributor reads the agreements assigned to them and adds activities, figures and
  deliveries to them;
- a confidential agreement is seen only by administrators and by the officers of its provinces or
  the members it is assigned to; a record linked only to such hidden agreements is hidden too;
- places and people are seen by every signed-in user.
Provinces merged into another (Kon Tum into Quảng Ngãi) count as the successor's: a membership for
the new province covers the records of the old one.

`visible()` adds filters and subqueries only, so a listing stays one query whatever the user.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, Model, Q, QuerySet

from hoptac.accounts.models import Membership, Role
from hoptac.activities import policies as activity_policies
from hoptac.agreements import policies as agreement_policies
from hoptac.core.permissions import CONFIDENTIAL, CONTRIBUTOR, OFFICER, READ
from hoptac.figures import policies as figure_policies

READ_ROLES = (Role.OFFICER, Role.CONTRIBUTOR, Role.VIEWER)
CONFIDENTIAL_ROLES = (Role.OFFICER, Role.CONTRIBUTOR)
EVERYONE_SEES = {"places.place", "places.placealias", "places.placelineage", "people.person", "people.title"}
VOCABULARIES = {"agreements.cooperationfield", "figures.metric"}


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def _memberships(user: Any, roles: tuple[str, ...]) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk, role__in=roles)


def _is_admin_q(user: Any) -> Q:
    """True in SQL when the user holds the administrator role (superusers never reach the query)."""
    return Q(Exists(_memberships(user, (Role.ADMINISTRATOR,))))


def is_administrator(user: Any) -> bool:
    """Superuser or administrator role (one query, cached on the user object for the request)."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_hoptac_is_admin", None)
    if cached is None:
        cached = _memberships(user, (Role.ADMINISTRATOR,)).exists()
        user._hoptac_is_admin = cached
    return bool(cached)


def roles_of(user: Any) -> set[str]:
    """The roles the user holds (administrator for superusers)."""
    if not _signed_in(user):
        return set()
    roles = set(Membership.objects.filter(user_id=user.pk).values_list("role", flat=True))
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    return roles


def _place_in(field: str, user: Any, roles: tuple[str, ...]) -> Q:
    """`field` (a Place foreign key path) is one of the user's provinces, or was merged into one."""
    from hoptac.places.models import PlaceLineage

    through = Membership.places.through
    direct = through.objects.filter(membership__user_id=user.pk, membership__role__in=roles).values(
        "place_id"
    )
    merged = PlaceLineage.objects.filter(successor__in=direct).values("predecessor_id")
    return Q(**{f"{field}__in": direct}) | Q(**{f"{field}__in": merged})


def _assigned(user: Any, roles: tuple[str, ...]) -> QuerySet[Any]:
    through = Membership.agreements.through
    return through.objects.filter(membership__user_id=user.pk, membership__role__in=roles).values(
        "agreement_id"
    )


_KINDS = {
    READ: READ_ROLES,
    OFFICER: (Role.OFFICER,),
    CONTRIBUTOR: (Role.CONTRIBUTOR,),
    CONFIDENTIAL: CONFIDENTIAL_ROLES,
}
# Each app's rules for its records (its policies.py), by model label.
_VISIBLE = {**agreement_policies.VISIBLE, **activity_policies.VISIBLE, **figure_policies.VISIBLE}
_CHANGEABLE = {**agreement_policies.CHANGEABLE, **activity_policies.CHANGEABLE, **figure_policies.CHANGEABLE}


class MembershipScope:
    """The kernel's `Scope` for one user: where their memberships reach, as SQL."""

    def __init__(self, user: Any) -> None:
        self.user = user

    def administrator(self) -> Q:
        return _is_admin_q(self.user)

    def ministry(self) -> Q:
        return Q(Exists(_memberships(self.user, (Role.MINISTRY_VIEWER,))))

    def places(self, field: str, kind: str) -> Q:
        return _place_in(field, self.user, _KINDS[kind])

    def assigned(self, kind: str) -> QuerySet[Any]:
        return _assigned(self.user, _KINDS[kind])


def _condition(user: Any, label: str) -> Q | None:
    """The filter for a model (by its app_label.model), or None when every signed-in user sees it all."""
    rule = _VISIBLE.get(label)
    if rule is not None:
        return rule(MembershipScope(user))
    if label in EVERYONE_SEES or label in VOCABULARIES:
        return None
    # Anything else (accounts, audit, tombstones) is for administrators only.
    return _is_admin_q(user)


def visible(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The part of a queryset the user may see (confidential agreements hidden from those without rights)."""
    if not _signed_in(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    condition = _condition(user, queryset.model._meta.label_lower)
    return queryset if condition is None else queryset.filter(condition)


def sees_all(user: Any, model: type[Model]) -> bool:
    """Does the user see every record of this model (no rule hides any from them)?"""
    if not _signed_in(user):
        return False
    return bool(user.is_superuser) or _condition(user, model._meta.label_lower) is None


def can_view(user: Any, record: Model) -> bool:
    """May the user see this record?"""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    model = type(record)
    return visible(user, model._default_manager.filter(pk=record.pk)).exists()


def _change_q(user: Any, label: str, contributor: bool) -> Q | None:
    """Records the user changes as an officer (or, with contributor=True, adds to as a contributor)."""
    rule = _CHANGEABLE.get(label)
    if rule is None:
        return None
    scope = MembershipScope(user)
    officer, mine = agreement_policies.changeable(scope, contributor)
    return rule(scope, officer, mine)


def can_change(user: Any, record: Model) -> bool:
    """May the user change or delete this record?"""
    if is_administrator(user):
        return True
    if not _signed_in(user) or not can_view(user, record):
        return False
    label = record._meta.label_lower
    roles = roles_of(user)
    if label in ("people.person", "people.title", "sources.source", "sources.provenance"):
        return Role.OFFICER in roles
    if Role.OFFICER not in roles and Role.CONTRIBUTOR not in roles:
        return False
    condition = _change_q(user, label, contributor=Role.CONTRIBUTOR in roles)
    if condition is None:
        return False
    return type(record)._default_manager.filter(condition, pk=record.pk).exists()


def _agreement_of(target: Any) -> Any:
    """The agreement a record is created under (an agreement, or a commitment's agreement)."""
    if target is None:
        return None
    if target._meta.label_lower == "agreements.commitment":
        return target.agreement
    return target


def can_create(user: Any, model: type[Model], agreement: Any = None) -> bool:
    """May the user create a record of this kind (under this agreement, for contributors)?"""
    if is_administrator(user):
        return True
    if not _signed_in(user):
        return False
    roles = roles_of(user)
    label = model._meta.label_lower
    agreement = _agreement_of(agreement)
    if label in ("people.person", "people.title", "sources.source", "sources.provenance"):
        return bool(roles & {Role.OFFICER, Role.CONTRIBUTOR})
    if label == "agreements.agreement":
        # Whether the new agreement is in the officer's provinces is checked once it exists
        # (require_change in the same transaction), because only then are its parties known.
        return Role.OFFICER in roles
    if label == "agreements.commitment":
        return Role.OFFICER in roles and (agreement is None or can_change(user, agreement))
    if label in ("agreements.delivery", "activities.activity", "figures.figure"):
        if agreement is None:
            return Role.OFFICER in roles
        if Role.OFFICER in roles and can_change(user, agreement):
            return True
        return (
            Role.CONTRIBUTOR in roles
            and _assigned(user, (Role.CONTRIBUTOR,)).filter(agreement_id=agreement.pk).exists()
        )
    return False


def home_place_code(user: Any) -> str | None:
    """The user's own Vietnamese province (their first membership's), the default for the forms; None for none."""
    if not _signed_in(user):
        return None
    codes = Membership.places.through.objects.filter(
        membership__user=user, place__country_code="VN", place__level=1
    ).order_by("membership_id", "place_id")
    return codes.values_list("place_id", flat=True).first()


def reads_only(user: Any) -> bool:
    """Does the signed-in user only read (no role that changes or adds records)?"""
    return _signed_in(user) and not roles_of(user) & {Role.OFFICER, Role.CONTRIBUTOR, Role.ADMINISTRATOR}
