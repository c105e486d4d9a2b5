"""/api/v1/rounds/: a contributor sees and fills their unit's values only; the officer approves and closes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hoptac.figures.models import Figure
from hoptac.rounds.models import Round
from hoptac.rounds.tests import story

pytestmark = pytest.mark.usefixtures("english_messages")


def _post(client: Any, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_the_round_through_the_api(client: Any, story_round: Round, people: dict[str, Any]) -> None:
    base = f"/api/v1/rounds/{story_round.uid}"
    guard = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"
    client.force_login(people[guard])
    mine = client.get(base).json()["submissions"]
    assert {s["unit"] for s in mine} == {guard} and len(mine) == 3
    other = story_round.submissions.get(metric="exports")
    assert _post(client, f"{base}/submissions/{other.pk}/submit", {"value": 1}).status_code == 404
    first = mine[0]
    bad = _post(client, f"{base}/submissions/{first['id']}/submit", {"value": "nhiều"})
    assert bad.status_code == 422 and "value" in bad.json()["detail"]
    for s in mine:
        value = int(story.SEED_FIGURES[s["metric"]])
        sent = _post(client, f"{base}/submissions/{s['id']}/submit", {"value": value, "note": "Đồn Bờ Y"})
        assert sent.status_code == 200 and sent.json()["state"] == "submitted"
    assert _post(client, f"{base}/submissions/{first['id']}/approve").status_code == 403

    client.force_login(people["officer"])
    returned = _post(client, f"{base}/submissions/{first['id']}/return", {"comment": "Kiểm tra lại"})
    assert returned.json()["state"] == "returned"
    assert _post(client, f"{base}/close").status_code == 422  # not everything is approved
    assert Figure.objects.count() == 0
