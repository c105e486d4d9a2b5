"""Every DELETE through the API and the admin is the audited soft delete (issue 19, finding 2):
a tombstone and an audit row; undo brings the record back with its links; for good only for an
administrator, and logged too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hoptac.accounts.deletion import undo_delete
from hoptac.accounts.models import AuditEvent, Tombstone
from hoptac.accounts.tests.conftest import uid
from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, Commitment, Delivery
from hoptac.figures.models import Figure
from hoptac.people.models import Person
from hoptac.sources.models import Provenance, Source

pytestmark = pytest.mark.django_db


def _uids(queryset: Any) -> set[str]:
    return {str(u) for u in queryset.values_list("uid", flat=True)}


def _agreement(r: Agreement) -> dict[str, Any]:
    return {
        "activities": _uids(Activity.objects.filter(agreements=r)),
        "commitments": _uids(r.commitments.all()),
        "deliveries": _uids(Delivery.objects.filter(commitment__agreement=r)),
        "figures": _uids(Figure.objects.filter(agreement=r)),
        "successors": _uids(r.successors.all()),
        "predecessor": r.predecessor_id and str(r.predecessor.uid),  # type: ignore[union-attr]
    }


def _activity(r: Activity) -> dict[str, Any]:
    return {
        "figures": _uids(Figure.objects.filter(activity=r)),
        "agreements": _uids(r.agreements.all()),
        "parties": set(r.parties.values_list("code", flat=True)),
    }


# Each DELETE route: the model, the demo record it deletes, and what it is linked to (read here, not
# from the deletion code under test).
ROUTES: dict[str, tuple[Any, str, Callable[[Any], dict[str, Any]]]] = {
    "/api/v1/agreements/{uid}": (Agreement, "a-kt-xe-2022", _agreement),
    "/api/v1/commitments/{uid}": (
        Commitment,
        "c-kt-xe-scholarships",
        lambda r: {
            "activities": _uids(Activity.objects.filter(commitments=r)),
            "deliveries": _uids(r.deliveries),
        },
    ),
    "/api/v1/commitments/{uid}/deliveries/{delivery}": (
        Delivery,
        "d-kt-xe-2024",
        lambda r: {"source": str(r.source.uid), "quantity": r.quantity, "commitment": str(r.commitment.uid)},
    ),
    "/api/v1/activities/{uid}": (Activity, "e-review-2024", _activity),
    "/api/v1/figures/{uid}": (
        Figure,
        "f-delegations",
        lambda r: {"activity": str(r.activity.uid), "scope": set(r.scope.values_list("code", flat=True))},
    ),
    "/api/v1/people/{uid}": (
        Person,
        "p-y-ngoc",
        lambda r: {"led": _uids(Activity.objects.filter(head_of_delegation=r)), "titles": r.titles.count()},
    ),
    "/api/v1/sources/{uid}": (
        Source,
        "s-review-2024",
        lambda r: {
            "deliveries": _uids(Delivery.objects.filter(source=r)),
            "provenance": Provenance.objects.filter(source=r).count(),
        },
    ),
}
NOT_RECORDS = {"/api/v1/accounts/tokens/{prefix}"}  # revoking a token: audited by accounts.tokens


def _url(path: str, record: Any) -> str:
    if isinstance(record, Delivery):
        return path.format(uid=record.commitment.uid, delivery=record.uid)
    return path.format(uid=record.uid)


def test_every_delete_route_is_in_the_table() -> None:
    from hoptac.api import api

    paths = {p for p, ops in api.get_openapi_schema()["paths"].items() if "delete" in ops}
    assert paths == set(ROUTES) | NOT_RECORDS


@pytest.mark.parametrize("path", sorted(ROUTES))
def test_delete_leaves_a_tombstone_and_an_audit_row_and_undo_restores(
    path: str, users: dict[str, Any]
) -> None:
    model, key, links = ROUTES[path]
    record = model.objects.get(uid=uid(key))
    before = links(record)
    client = Client()
    client.force_login(users["admin"])
    response = client.delete(_url(path, record))
    assert response.status_code == 204, response.content
    assert not model.objects.filter(uid=uid(key)).exists()
    tombstone = Tombstone.objects.get(record_uid=uid(key))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SOFT_DELETE, record_uid=uid(key)).count() == 1
    restored = undo_delete(tombstone, users["admin"])
    assert links(model.objects.get(pk=restored.pk)) == before


def test_for_good_only_by_an_administrator_and_logged(users: dict[str, Any]) -> None:
    url = f"/api/v1/activities/{uid('e-review-2027')}?hard=true"
    officer = Client()
    officer.force_login(users["officer_kt"])
    refused = officer.delete(url)
    assert refused.status_code == 403 and refused.json()["detail"]
    assert Activity.objects.filter(uid=uid("e-review-2027")).exists()
    admin = Client()
    admin.force_login(users["admin"])
    assert admin.delete(url).status_code == 204
    assert not Activity.objects.filter(uid=uid("e-review-2027")).exists()
    assert not Tombstone.objects.filter(record_uid=uid("e-review-2027")).exists()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.DELETE, record_uid=uid("e-review-2027")
    ).exists()


def test_admin_deletes_go_through_the_audited_path(users: dict[str, Any]) -> None:
    from django.urls import reverse

    client = Client()
    client.force_login(users["super"])
    activity = Activity.objects.get(uid=uid("e-review-2027"))
    url = reverse("admin:activities_activity_delete", args=[activity.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert Tombstone.objects.filter(record_uid=activity.uid).exists()
    figures = Figure.objects.filter(uid__in=[uid("f-hue-grdp"), uid("f-hue-budget")])
    changelist = reverse("admin:figures_figure_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [f.pk for f in figures], "post": "yes"}
    assert client.post(changelist, chosen).status_code == 302
    assert Tombstone.objects.filter(record_type="figure").count() == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SOFT_DELETE).count() == 3
