"""Two app processes on one database and one Redis: a change through one shows in the other, and a
process started cold serves what another one cached."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

from hoptac.tests.support.processes import Site


def get(address: str, path: str) -> str:
    with urllib.request.urlopen(address + path, timeout=60) as response:
        return str(response.read().decode())


def feed(address: str, token: str) -> str:
    return get(address, f"/calendar/{token}.ics").replace("\r\n ", "")


def patch(address: str, token: str, uid: str, data: dict[str, Any]) -> None:
    request = urllib.request.Request(
        f"{address}/api/v1/agreements/{uid}",
        data=json.dumps(data).encode(),
        method="PATCH",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200


def an_ending_agreement(body: str) -> str:
    found = re.search(r"UID:end-([0-9a-f-]{36})@hoptac", body)
    assert found, "the demo feed lists no agreement ending in its window"
    return found.group(1)


def test_a_change_through_one_server_shows_in_the_other(site: Site) -> None:
    token = site.load_demo()
    feed_token = site.run("token", "create", "admin", "--scope", "feed").strip().splitlines()[-1]
    _a, first = site.serve()
    _b, second = site.serve()
    uid = an_ending_agreement(feed(second, feed_token))  # the second has it cached now
    patch(first, token, uid, {"title": "Thỏa thuận đổi tên qua máy chủ thứ nhất"})
    assert "Thỏa thuận đổi tên qua máy chủ thứ nhất" in feed(second, feed_token)


def test_a_cold_server_serves_the_dashboard_another_cached(site: Site) -> None:
    site.load_demo()
    cookie = site.session()
    warm, first = site.serve()
    before = dashboard(first, cookie)
    assert reviews_due(before) > 0
    site.stop(warm)
    # Changed behind the application's back (no version raised): a dashboard computed afresh would count
    # no review due; one served from the shared cache still counts them.
    site.python(
        "from hoptac.agreements.models import Agreement\nAgreement.objects.update(review_every_years=None)"
    )
    _cold, second = site.serve()
    assert reviews_due(dashboard(second, cookie)) == reviews_due(before)


def dashboard(address: str, session: str) -> str:
    request = urllib.request.Request(address + "/", headers={"Cookie": f"sessionid={session}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return str(response.read().decode())


def reviews_due(page: str) -> int:
    found = re.search(
        r'<span class="value">([\d.]+)</span><span class="label">[^<]*(?:reviews due|kỳ sơ kết|rà soát)', page
    )
    assert found, "the dashboard shows no count of reviews due"
    return int(found.group(1).replace(".", ""))
