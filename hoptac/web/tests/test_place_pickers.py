"""Places are chosen in searchable pickers (a plain select without JavaScript), and filtered by name."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hoptac.web.tests.test_forms import field_block

pytestmark = pytest.mark.django_db


def select_of(html: str, name: str) -> str:
    match = re.search(rf'<select name="{name}"[^>]*>.*?</select>', html, re.S)
    assert match, f"no select named {name}"
    return match.group(0)


def chosen_in(select: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected>', select)


@pytest.mark.parametrize(("url", "name"), [("/activities/new/", "parties"), ("/figures/new/", "scope")])
def test_many_places_are_a_searchable_select_not_a_checkbox_list(
    admin_client: Any, demo: None, url: str, name: str
) -> None:
    html = admin_client.get(url).content.decode()
    block = field_block(html, name)
    assert 'type="checkbox"' not in block
    select = select_of(block, name)
    opening = select.split(">", 1)[0]
    assert " multiple" in opening and 'data-searchable="places"' in opening
    # Labelled and described for assistive technology; the script adds the search box to this select.
    assert f'<label for="id_{name}">' in block and f'aria-describedby="id_{name}_helptext"' in opening
    # Each place is offered by name, with its other spellings searched too (Sekong finds Sê Kông).
    sekong = re.search(r'<option value="LA-XE" data-aliases="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert sekong and sekong.group(2) == "Sê Kông" and "Sekong" in sekong.group(1)
    assert "LA-XE</option>" not in select


def test_a_refused_activity_keeps_the_chosen_parties_and_says_what_to_fix(
    admin_client: Any, demo: None
) -> None:
    post = {"kind": "meeting", "status": "planned", "date": "31/2/2026", "parties": ["VN-28", "LA-XE"]}
    response = admin_client.post("/activities/new/", post)
    assert response.status_code == 200
    html = response.content.decode()
    assert "has-error" in field_block(html, "date")
    assert sorted(chosen_in(select_of(field_block(html, "parties"), "parties"))) == ["LA-XE", "VN-28"]


def test_the_visit_form_offers_searchable_province_and_partner(admin_client: Any, demo: None) -> None:
    html = admin_client.get("/activities/visit/").content.decode()
    for name in ("province", "partner"):
        opening = select_of(html, name).split(">", 1)[0]
        assert 'data-searchable="places"' in opening and " multiple" not in opening


def test_pages_load_the_picker_as_files_under_the_csp(admin_client: Any, demo: None) -> None:
    response = admin_client.get("/activities/new/")
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for asset in ("web/tom-select.complete.min.js", "web/pickers.js", "web/tom-select.default.min.css"):
        assert f"/static/{asset}" in html
    assert "<script>" not in html and " style=" not in html


def _titles(admin_client: Any, **params: str) -> list[str]:
    response = admin_client.get("/activities/", params)
    assert response.status_code == 200
    return re.findall(r'<a href="/activities/[0-9a-f-]{36}/">([^<]+)</a>', response.content.decode())


@pytest.mark.parametrize("typed", ["Sê Kông", "se kong", "Sekong", "Xékong", "tỉnh Sê Kông", "la-xe"])
def test_the_activity_list_takes_a_party_by_name_in_any_spelling(
    admin_client: Any, demo: None, typed: str
) -> None:
    by_code = _titles(admin_client, party="LA-XE")
    assert by_code and _titles(admin_client, party=typed) == by_code
    assert by_code != _titles(admin_client)  # the filter filters
    # The filter shows the place chosen by name in its picker, not a code box.
    html = admin_client.get("/activities/", {"party": typed}).content.decode()
    picker = select_of(html, "party")
    assert 'data-searchable="places"' in picker and chosen_in(picker) == ["LA-XE"]
    assert '<label for="filter-party">' in html


def test_an_unknown_party_is_said_not_ignored(admin_client: Any, demo: None) -> None:
    html = admin_client.get("/activities/", {"party": "Xyzzyqua"}).content.decode()
    assert "Xyzzyqua" in html and 'class="errorlist"' in html
    assert not re.findall(r'<a href="/activities/[0-9a-f-]{36}/">', html)


def test_the_api_shares_the_party_filter(admin_client: Any, demo: None) -> None:
    def uids(party: str) -> list[str]:
        response = admin_client.get("/api/v1/activities/", {"party": party, "limit": 100})
        assert response.status_code == 200, response.content
        return [a["uid"] for a in response.json()["items"]]

    assert uids("LA-XE") and uids("Sekong") == uids("LA-XE") == uids("sê kông")
    assert admin_client.get("/api/v1/activities/", {"party": "Xyzzyqua"}).status_code == 422


def test_the_agreement_list_takes_a_partner_by_name(admin_client: Any, demo: None) -> None:
    by_code = admin_client.get("/agreements/", {"partner": "LA-XE"}).content.decode()
    by_name = admin_client.get("/agreements/", {"partner": "Sekong"}).content.decode()
    assert chosen_in(select_of(by_name, "partner")) == ["LA-XE"]
    rows = re.compile(r'<a href="/agreements/[0-9a-f-]{36}/">')
    assert rows.findall(by_code) and len(rows.findall(by_name)) == len(rows.findall(by_code))
