"""Rights checked on the result of a change: every record linked, and every id resolved through what
the user may see (issue 19, findings 1 and 3). Expected answers come from accounts/README.md's rules:
an officer changes the records of their own provinces only; a contributor adds only to the agreements
assigned to them; a confidential agreement is not there for those who may not see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoptac.accounts.tests.conftest import uid
from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.figures.models import Figure

pytestmark = pytest.mark.django_db
API = "/api/v1"
KT_XE, KT_AT, HUE, SECRET = (
    uid("a-kt-xe-2022"),
    uid("a-kt-at-2022"),
    uid("a-hue-ch-2022"),
    uid("a-kt-st-2022"),
)
MISSING = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def users(users: dict[str, Any]) -> dict[str, Any]:
    """The roles, with Kon Tum's officer also a viewer of Huế: sees Huế's records, changes none."""
    from hoptac.accounts.models import Membership, Role

    Membership.objects.create(user=users["officer_kt"], role=Role.VIEWER).places.set(["VN-26"])
    return users


def client_of(users: dict[str, Any], name: str) -> Client:
    client = Client()
    client.force_login(users[name])
    return client


def send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return getattr(client, method)(API + url, data, content_type="application/json")


def activity(agreements: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "kind": "meeting",
        "title": "Họp bàn hợp tác",
        "date": "2025-03",
        "place": "VN-28",
        "parties": ["VN-28", "LA-XE"],
        "agreements": agreements,
        **extra,
    }


def links(key: str) -> set[str]:
    return {str(u) for u in Activity.objects.get(uid=uid(key)).agreements.values_list("uid", flat=True)}


def test_an_officer_cannot_link_another_provinces_agreement(users: dict[str, Any]) -> None:
    kt = client_of(users, "officer_kt")
    url = f"/activities/{uid('e-review-2027')}"
    refused = send(kt, "patch", url, {"agreements": [KT_XE, HUE]})
    assert refused.status_code == 403, refused.content
    assert links("e-review-2027") == {KT_XE}
    # Not only the first one named: Huế's second in the list is refused as well when creating.
    before = Activity.objects.count()
    assert send(kt, "post", "/activities/", activity([KT_XE, HUE])).status_code == 403
    assert Activity.objects.count() == before
    assert send(kt, "post", "/activities/", activity([KT_XE, KT_AT])).status_code == 201


def test_an_officer_cannot_unlink_another_provinces_agreement(users: dict[str, Any]) -> None:
    Activity.objects.get(uid=uid("e-review-2027")).agreements.add(Agreement.objects.get(uid=HUE))
    kt = client_of(users, "officer_kt")
    refused = send(kt, "patch", f"/activities/{uid('e-review-2027')}", {"agreements": [KT_XE]})
    assert refused.status_code == 403
    assert links("e-review-2027") == {KT_XE, HUE}
    # A change that leaves Huế's link as it was is the officer's to make.
    kept = send(
        kt, "patch", f"/activities/{uid('e-review-2027')}", {"agreements": [KT_XE, HUE], "title": "X"}
    )
    assert kept.status_code == 200, kept.content


def test_the_record_after_the_change_is_checked(users: dict[str, Any]) -> None:
    kt = client_of(users, "officer_kt")
    elsewhere = {"place": "VN-26", "parties": ["VN-26", "LA-CH"], "agreements": []}
    refused = send(kt, "patch", f"/activities/{uid('e-review-2027')}", elsewhere)
    assert refused.status_code == 403
    assert Activity.objects.get(uid=uid("e-review-2027")).place_id == "LA-XE"
    assert send(kt, "post", "/activities/", {**activity([]), **elsewhere}).status_code == 403
    hue_party = {"parties": [{"place": "VN-26", "body": "UBND"}, {"place": "LA-XE", "body": "Sê Kông"}]}
    assert send(kt, "patch", f"/agreements/{KT_XE}", hue_party).status_code == 403
    assert set(Agreement.objects.get(uid=KT_XE).parties.values_list("place_id", flat=True)) == {
        "VN-28",
        "LA-XE",
    }
    new = {"kind": "mou", "title": "Huế – Champasak 2030", "signed_on": "2030", **hue_party}
    assert send(kt, "post", "/agreements/", new).status_code == 403
    assert not Agreement.objects.filter(title="Huế – Champasak 2030").exists()


def test_a_contributor_adds_only_to_assigned_agreements(users: dict[str, Any]) -> None:
    contributor = client_of(users, "contributor")
    before = Activity.objects.count()
    assert send(contributor, "post", "/activities/", activity([KT_XE, KT_AT])).status_code in (403, 422)
    assert Activity.objects.count() == before
    assert send(contributor, "post", "/activities/", activity([KT_XE])).status_code == 201


def test_figures_check_every_link(users: dict[str, Any]) -> None:
    kt = client_of(users, "officer_kt")
    figure = {"metric": "delegations_exchanged", "value": 3, "unit": "count", "scope": ["VN-28"]}
    assert send(kt, "post", "/figures/", {**figure, "agreement": HUE}).status_code == 403
    assert send(kt, "post", "/figures/", {**figure, "agreement": KT_XE}).status_code == 201
    url = f"/figures/{uid('f-delegations')}"
    assert send(kt, "patch", url, {"agreement": HUE}).status_code == 403
    assert Figure.objects.get(uid=uid("f-delegations")).agreement is None
    hue_activity = str(uid("e-visit-ch-hue-2024"))
    assert send(kt, "patch", url, {"activity": hue_activity}).status_code == 403


def _same_answer(hidden: Any, missing: Any, hidden_id: str) -> None:
    assert hidden.status_code == missing.status_code == 422, (hidden.content, missing.content)
    assert hidden.content.decode().replace(hidden_id, MISSING) == missing.content.decode()


@pytest.mark.parametrize(
    ("method", "url", "field", "as_list"),
    [
        ("post", "/activities/", "agreements", True),
        ("post", "/figures/", "agreement", False),
        ("patch", f"/agreements/{HUE}", "predecessor", False),
    ],
)
def test_an_invisible_agreement_answers_as_a_missing_one(
    users: dict[str, Any], method: str, url: str, field: str, as_list: bool
) -> None:
    hue = client_of(users, "officer_hue")
    base: dict[str, Any] = (
        activity([], place="VN-26", parties=["VN-26"])
        if "activities" in url
        else {"metric": "delegations_exchanged", "value": 1, "unit": "count", "scope": ["VN-26"]}
        if "figures" in url
        else {}
    )

    def body(value: str) -> dict[str, Any]:
        return {**base, field: [value] if as_list else value}

    _same_answer(send(hue, method, url, body(SECRET)), send(hue, method, url, body(MISSING)), SECRET)
    assert Agreement.objects.get(uid=HUE).predecessor is None


def test_an_invisible_commitment_answers_as_a_missing_one(users: dict[str, Any]) -> None:
    hue = client_of(users, "officer_hue")
    secret = str(uid("c-kt-st-scholarships"))
    base = activity([], place="VN-26", parties=["VN-26"])
    hidden = send(hue, "post", "/activities/", {**base, "commitments": [secret]})
    missing = send(hue, "post", "/activities/", {**base, "commitments": [MISSING]})
    _same_answer(hidden, missing, secret)


def test_a_refused_write_on_a_visible_record_is_403_with_a_reason(users: dict[str, Any]) -> None:
    hue_activity = str(uid("e-visit-ch-hue-2024"))
    refused = send(client_of(users, "officer_kt"), "patch", f"/activities/{hue_activity}", {"title": "X"})
    assert refused.status_code == 403
    assert hue_activity in refused.json()["detail"]  # which record, and (in words) why
    viewer = send(
        client_of(users, "viewer_kt"), "patch", f"/activities/{uid('e-review-2027')}", {"title": "X"}
    )
    assert viewer.status_code == 403 and viewer.json()["detail"] != refused.json()["detail"]
    added = send(client_of(users, "officer_kt"), "post", "/activities/", activity([HUE]))
    assert added.status_code == 403 and HUE in added.json()["detail"]
