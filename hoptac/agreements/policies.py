"""Which agreements, commitments and deliveries a user sees and changes, as conditions on a `Scope`.

The roles behind a scope are accounts' (hoptac/accounts/README.md has the table); the rules for these
records are here, beside their models. Sources follow agreements: a source that supports a confidential
agreement hidden from the user, and no agreement they see, is hidden too — sources sit below agreements
and cannot name them, so that rule is here as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from hoptac.agreements.models import Agreement, AgreementParty
from hoptac.core.permissions import CONFIDENTIAL, CONTRIBUTOR, OFFICER, READ, Scope
from hoptac.sources.models import Provenance, Source

Visible = Callable[[Scope], Q]
# (scope, agreements the user changes as an officer, agreements the user adds to) -> condition
Changeable = Callable[[Scope, QuerySet[Any], QuerySet[Any]], Q]


def party_in(scope: Scope, kind: str) -> Q:
    """Agreements with a party among the user's provinces for `kind`."""
    parties = AgreementParty.objects.filter(scope.places("place", kind)).values("agreement_id")
    return Q(pk__in=parties)


def agreement_q(scope: Scope) -> Q:
    """Which agreements the user sees: open ones of their reach, confidential ones of their own."""
    open_ = Q(confidential=False) & (
        scope.ministry() | party_in(scope, READ) | Q(pk__in=scope.assigned(READ))
    )
    secret = Q(confidential=True) & (party_in(scope, OFFICER) | Q(pk__in=scope.assigned(CONFIDENTIAL)))
    return scope.administrator() | open_ | secret


def visible_agreements(scope: Scope) -> QuerySet[Any]:
    """The ids of the agreements the user sees (a subquery)."""
    return Agreement.objects.filter(agreement_q(scope)).values("pk")


def hidden_confidential(scope: Scope) -> QuerySet[Any]:
    """The ids of the confidential agreements hidden from the user (a subquery)."""
    return Agreement.objects.filter(confidential=True).exclude(agreement_q(scope)).values("pk")


def source_q(scope: Scope) -> Q:
    """A source is hidden only when it supports a hidden confidential agreement and no visible one."""
    kind = ContentType.objects.get_for_model(Agreement)
    about = Provenance.objects.filter(content_type=kind)
    hidden = Q(pk__in=about.filter(object_id__in=hidden_confidential(scope)).values("source_id"))
    shown = Q(pk__in=about.filter(object_id__in=visible_agreements(scope)).values("source_id"))
    return scope.administrator() | shown | ~hidden


def _under_visible(scope: Scope) -> Q:
    return Q(agreement__in=visible_agreements(scope))


VISIBLE: dict[str, Visible] = {
    "agreements.agreement": agreement_q,
    "agreements.agreementparty": _under_visible,
    "agreements.agreementfile": _under_visible,
    "agreements.commitment": _under_visible,
    "agreements.delivery": lambda scope: Q(commitment__agreement__in=visible_agreements(scope)),
    "sources.source": source_q,
    "sources.provenance": lambda scope: Q(source__in=Source.objects.filter(source_q(scope)).values("pk")),
}


def changeable(scope: Scope, contributor: bool) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The agreements the user changes as an officer, and those they add to (with, for a contributor,
    the agreements assigned to them)."""
    officer = Agreement.objects.filter(party_in(scope, OFFICER) | Q(pk__in=scope.assigned(OFFICER))).values(
        "pk"
    )
    mine = Q(pk__in=officer) | Q(pk__in=scope.assigned(CONTRIBUTOR)) if contributor else Q(pk__in=officer)
    return officer, Agreement.objects.filter(mine).values("pk")


CHANGEABLE: dict[str, Changeable] = {
    "agreements.agreement": lambda scope, officer, mine: Q(pk__in=officer),
    "agreements.commitment": lambda scope, officer, mine: Q(agreement__in=officer),
    "agreements.delivery": lambda scope, officer, mine: Q(commitment__agreement__in=mine),
}
