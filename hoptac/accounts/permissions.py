"""Who may see and change what. Every page, endpoint, command and report asks these functions.

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

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.accounts.models import Membership, Role

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


def _party_in(user: Any, roles: tuple[str, ...]) -> Q:
    from hoptac.agreements.models import AgreementParty

    parties = AgreementParty.objects.filter(_place_in("place", user, roles)).values("agreement_id")
    return Q(pk__in=parties)


def _agreement_q(user: Any) -> Q:
    """Which agreements the user sees, as a condition on Agreement."""
    ministry = Q(Exists(_memberships(user, (Role.MINISTRY_VIEWER,))))
    open_ = Q(confidential=False) & (
        ministry | _party_in(user, READ_ROLES) | Q(pk__in=_assigned(user, (*READ_ROLES,)))
    )
    secret = Q(confidential=True) & (
        _party_in(user, (Role.OFFICER,)) | Q(pk__in=_assigned(user, CONFIDENTIAL_ROLES))
    )
    return _is_admin_q(user) | open_ | secret


def _visible_agreements(user: Any) -> QuerySet[Any]:
    from hoptac.agreements.models import Agreement

    return Agreement.objects.filter(_agreement_q(user)).values("pk")


def _hidden_confidential(user: Any) -> QuerySet[Any]:
    from hoptac.agreements.models import Agreement

    return Agreement.objects.filter(confidential=True).exclude(_agreement_q(user)).values("pk")


def _reads_everywhere_q(user: Any) -> Q:
    return _is_admin_q(user) | Q(Exists(_memberships(user, (Role.MINISTRY_VIEWER,))))


def _activity_q(user: Any) -> Q:
    from hoptac.activities.models import Activity

    links = Activity.agreements.through.objects
    parties = Activity.parties.through.objects
    linked_visible = Q(pk__in=links.filter(agreement__in=_visible_agreements(user)).values("activity_id"))
    linked_hidden = Q(pk__in=links.filter(agreement__in=_hidden_confidential(user)).values("activity_id"))
    own_places = (
        _reads_everywhere_q(user)
        | _place_in("place", user, READ_ROLES)
        | Q(pk__in=parties.filter(_place_in("place", user, READ_ROLES)).values("activity_id"))
    )
    return _is_admin_q(user) | linked_visible | (~linked_hidden & own_places)


def _figure_q(user: Any) -> Q:
    from hoptac.activities.models import Activity
    from hoptac.figures.models import Figure

    links = Activity.agreements.through.objects
    visible_agreements, hidden = _visible_agreements(user), _hidden_confidential(user)
    linked_visible = Q(agreement__in=visible_agreements) | Q(
        activity__in=links.filter(agreement__in=visible_agreements).values("activity_id")
    )
    linked_hidden = Q(agreement__in=hidden) | Q(
        activity__in=links.filter(agreement__in=hidden).values("activity_id")
    )
    scope = Figure.scope.through.objects.filter(_place_in("place", user, READ_ROLES)).values("figure_id")
    own_places = _reads_everywhere_q(user) | Q(pk__in=scope)
    return _is_admin_q(user) | linked_visible | (~linked_hidden & own_places)


def _source_q(user: Any) -> Q:
    """A source is hidden only when it supports a hidden confidential agreement and no visible one."""
    from django.contrib.contenttypes.models import ContentType

    from hoptac.agreements.models import Agreement
    from hoptac.sources.models import Provenance

    kind = ContentType.objects.get_for_model(Agreement)
    about = Provenance.objects.filter(content_type=kind)
    hidden = Q(pk__in=about.filter(object_id__in=_hidden_confidential(user)).values("source_id"))
    shown = Q(pk__in=about.filter(object_id__in=_visible_agreements(user)).values("source_id"))
    return _is_admin_q(user) | shown | ~hidden


def _condition(user: Any, label: str) -> Q | None:
    """The filter for a model (by its app_label.model), or None when every signed-in user sees it all."""
    if label == "agreements.agreement":
        return _agreement_q(user)
    if label in ("agreements.agreementparty", "agreements.agreementfile", "agreements.commitment"):
        return Q(agreement__in=_visible_agreements(user))
    if label == "agreements.delivery":
        return Q(commitment__agreement__in=_visible_agreements(user))
    if label == "activities.activity":
        return _activity_q(user)
    if label == "figures.figure":
        return _figure_q(user)
    if label == "sources.source":
        return _source_q(user)
    if label == "sources.provenance":
        from hoptac.sources.models import Source

        return Q(source__in=Source.objects.filter(_source_q(user)).values("pk"))
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
    from hoptac.agreements.models import Agreement

    officer = Agreement.objects.filter(
        _party_in(user, (Role.OFFICER,)) | Q(pk__in=_assigned(user, (Role.OFFICER,)))
    ).values("pk")
    assigned = _assigned(user, (Role.CONTRIBUTOR,))
    mine = Q(pk__in=officer) if not contributor else Q(pk__in=officer) | Q(pk__in=assigned)
    agreements = Agreement.objects.filter(mine).values("pk")
    if label == "agreements.agreement":
        return Q(pk__in=officer)
    if label == "agreements.commitment":
        return Q(agreement__in=officer)
    if label == "agreements.delivery":
        return Q(commitment__agreement__in=agreements)
    if label == "activities.activity":
        from hoptac.activities.models import Activity

        links = Activity.agreements.through.objects.filter(agreement__in=agreements).values("activity_id")
        parties = Activity.parties.through.objects.filter(_place_in("place", user, (Role.OFFICER,)))
        return (
            Q(pk__in=links)
            | _place_in("place", user, (Role.OFFICER,))
            | Q(pk__in=parties.values("activity_id"))
        )
    if label == "figures.figure":
        from hoptac.activities.models import Activity
        from hoptac.figures.models import Figure

        links = Activity.agreements.through.objects.filter(agreement__in=agreements).values("activity_id")
        scope = Figure.scope.through.objects.filter(_place_in("place", user, (Role.OFFICER,)))
        return Q(agreement__in=agreements) | Q(activity__in=links) | Q(pk__in=scope.values("figure_id"))
    return None


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


def require_view(user: Any, record: Model) -> None:
    """Raise PermissionDenied unless the user may see the record."""
    if not can_view(user, record):
        raise PermissionDenied(_("You may not see this record."))


def _reads_only(user: Any) -> bool:
    return not roles_of(user) & {Role.OFFICER, Role.CONTRIBUTOR, Role.ADMINISTRATOR}


READ_ONLY = gettext_lazy(
    "You may only read: your role changes no records. Ask an administrator for an officer's or a "
    "contributor's membership."
)


def require_change(user: Any, record: Model) -> None:
    """Raise PermissionDenied, saying why, unless the user may change the record."""
    if can_change(user, record):
        return
    if _signed_in(user) and _reads_only(user):
        raise PermissionDenied(str(READ_ONLY))
    raise PermissionDenied(
        _("You may not change this %(model)s (%(uid)s): it belongs to a province you do not edit.")
        % {"model": record._meta.verbose_name, "uid": getattr(record, "uid", record.pk)}
    )


def require_create(user: Any, model: type[Model], agreement: Any = None) -> None:
    """Raise PermissionDenied, saying why, unless the user may create such a record."""
    if can_create(user, model, agreement):
        return
    if _signed_in(user) and _reads_only(user):
        raise PermissionDenied(str(READ_ONLY))
    if agreement is not None:
        raise PermissionDenied(
            _(
                "You may not add a %(model)s to %(target)s %(uid)s: it is not in a province you edit, "
                "nor assigned to you."
            )
            % {
                "model": model._meta.verbose_name,
                "target": agreement._meta.verbose_name,
                "uid": agreement.uid,
            }
        )
    raise PermissionDenied(
        _("You may not add a %(model)s: your role adds them only under an agreement assigned to you.")
        % {"model": model._meta.verbose_name}
    )


@dataclass(frozen=True)
class UserRights:
    """A user's rights as the domain services ask them (hoptac.core.rights.Rights)."""

    user: Any

    def visible(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The part of the queryset the user may see."""
        return visible(self.user, queryset)

    def require_change(self, record: Model) -> None:
        """Raise PermissionDenied unless the user may change the record."""
        require_change(self.user, record)

    def require_create(self, model: type[Model], agreement: Any = None) -> None:
        """Raise PermissionDenied unless the user may add such a record (under this agreement)."""
        require_create(self.user, model, agreement)


def rights_of(user: Any) -> UserRights:
    """The rights the services check for this user."""
    return UserRights(user)
