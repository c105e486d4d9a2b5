"""Who gets what on every round page and API operation (the rules of hoptac/rounds/policies.py).

accounts/tests/test_matrix.py requires every page and operation to have a rule and sends the
round ones here. Statuses: 200/302 allowed, 403 refused, 404 hidden, 302 to sign in when anonymous.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hoptac.rounds.models import ReportingUnit, Round
from hoptac.rounds.tests import story

GUARD, TRADE = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Sở Công Thương"
ROLES = ("anonymous", "officer", "guard", "trade", "viewer", "officer_hue", "admin")


@pytest.fixture
def everyone(people: dict[str, Any]) -> dict[str, Any]:
    return {
        **people,
        "guard": people[GUARD],
        "trade": people[TRADE],
        "viewer": story.user("xem", "viewer", places=["VN-28"]),
        "officer_hue": story.user("hue", "officer", places=["VN-26"]),
    }


def _status(everyone: dict[str, Any], role: str, method: str, url: str) -> int:
    client = Client()
    if role != "anonymous":
        client.force_login(everyone[role])
    if method == "POST":
        return int(client.post(url, {}, content_type="application/json").status_code)
    return int(client.get(url).status_code)


def _round_urls(round_: Round) -> dict[str, tuple[str, str]]:
    unit = ReportingUnit.objects.get(name=GUARD)
    own = round_.submissions.filter(unit=unit).first()
    assert own is not None
    uid, form = round_.uid, {"uid": round_.uid, "unit": unit.uid}
    api = f"/api/v1/rounds/{uid}"
    return {
        "list": ("GET", reverse("rounds:list")),
        "new": ("GET", reverse("rounds:new")),
        "detail": ("GET", reverse("rounds:detail", kwargs={"uid": uid})),
        "form": ("GET", reverse("rounds:form", kwargs=form)),
        "xlsx": ("GET", reverse("rounds:xlsx", kwargs=form)),
        "upload": ("POST", reverse("rounds:upload", kwargs=form)),
        "review": ("POST", reverse("rounds:review", kwargs={"uid": uid, "pk": own.pk})),
        "remind": ("POST", reverse("rounds:remind", kwargs={"uid": uid})),
        "close": ("POST", reverse("rounds:close", kwargs={"uid": uid})),
        "reopen": ("POST", reverse("rounds:reopen", kwargs={"uid": uid})),
        "api list": ("GET", "/api/v1/rounds/"),
        "api one": ("GET", api),
        "api draft": ("POST", f"{api}/submissions/{own.pk}/draft"),
        "api submit": ("POST", f"{api}/submissions/{own.pk}/submit"),
        "api approve": ("POST", f"{api}/submissions/{own.pk}/approve"),
        "api return": ("POST", f"{api}/submissions/{own.pk}/return"),
        "api close": ("POST", f"{api}/close"),
        "api reopen": ("POST", f"{api}/reopen"),
    }


# role → expected status per page (anonymous: 302 to sign in on pages, 401 on the API).
OK, SENT, DENY, HIDE = 200, 302, 403, 404
EXPECTED: dict[str, dict[str, int]] = {
    "officer": {"remind": SENT, "detail": OK, "form": OK, "xlsx": OK, "upload": SENT, "review": SENT, "close": SENT,
                "reopen": DENY, "api one": OK, "api draft": OK, "api submit": 422, "api approve": 422,
                "api return": 422, "api close": 422, "api reopen": DENY},
    "guard": {"remind": DENY, "detail": SENT, "form": OK, "xlsx": OK, "upload": SENT, "review": DENY, "close": DENY,
              "reopen": DENY, "api one": OK, "api draft": OK, "api submit": 422, "api approve": DENY,
              "api return": DENY, "api close": DENY, "api reopen": DENY},
    "trade": {"remind": DENY, "detail": SENT, "form": DENY, "xlsx": DENY, "upload": DENY, "review": DENY, "close": DENY,
              "reopen": DENY, "api one": OK, "api draft": HIDE, "api submit": HIDE, "api approve": HIDE,
              "api return": HIDE, "api close": DENY, "api reopen": DENY},
    "admin": {"remind": SENT, "detail": OK, "form": OK, "xlsx": OK, "upload": SENT, "review": SENT, "close": SENT,
              "reopen": SENT, "api one": OK, "api draft": OK, "api submit": 422, "api approve": 422,
              "api return": 422, "api close": 422, "api reopen": 422},
}  # fmt: skip
for _outsider in ("viewer", "officer_hue"):
    EXPECTED[_outsider] = {name: HIDE for name in EXPECTED["officer"]}
for _role in EXPECTED:
    EXPECTED[_role] |= {"list": OK, "new": OK, "api list": OK}


@pytest.mark.parametrize("role", ROLES)
def test_round_pages_and_operations_by_role(role: str, story_round: Round, everyone: dict[str, Any]) -> None:
    for name, (method, url) in _round_urls(story_round).items():
        status = _status(everyone, role, method, url)
        anonymous = 401 if name.startswith("api") else 302
        expected = anonymous if role == "anonymous" else EXPECTED[role][name]
        assert status == expected, f"{role} {method} {url} ({name}) → {status}, expected {expected}"
