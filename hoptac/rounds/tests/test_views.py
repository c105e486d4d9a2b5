"""Round pages: a unit's form (all or nothing), the officer's grid with htmx review, close; locks on pages and API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from hoptac.figures.models import Figure
from hoptac.rounds import services
from hoptac.rounds.models import ReportingUnit, Round
from hoptac.rounds.tests import story

TRADE = "Sở Công Thương"


def _form_url(round_: Round, name: str) -> str:
    return reverse(
        "rounds:form", kwargs={"uid": round_.uid, "unit": ReportingUnit.objects.get(name=name).uid}
    )


def _post_all(round_: Round, name: str, action: str, **override: str) -> dict[str, str]:
    data = {"action": action}
    for s in round_.submissions.filter(unit__name=name):
        data[f"value-{s.pk}"] = override.get(s.metric_id, str(story.SEED_FIGURES[s.metric_id]))
        data[f"note-{s.pk}"] = "Số liệu của Sở"
    return data


def test_a_contributor_opens_only_their_form(client: Any, story_round: Round, people: dict[str, Any]) -> None:
    client.force_login(people[TRADE])
    assert client.get(reverse("rounds:detail", kwargs={"uid": story_round.uid})).status_code == 302
    page = client.get(_form_url(story_round, TRADE))
    assert page.status_code == 200
    assert "Kim ngạch xuất nhập khẩu" in page.content.decode()
    assert client.get(_form_url(story_round, "Sở Ngoại vụ")).status_code == 403


def test_the_form_saves_all_or_nothing_with_a_message_per_bad_value(
    client: Any, story_round: Round, people: dict[str, Any]
) -> None:
    client.force_login(people[TRADE])
    url = _form_url(story_round, TRADE)
    bad = client.post(url, _post_all(story_round, TRADE, "submit", exports="203,9 triệu"))
    assert bad.status_code == 400
    assert "203,9 triệu" in bad.content.decode()  # the wrong value is kept in the form, with its message
    assert set(story_round.submissions.filter(unit__name=TRADE).values_list("state", flat=True)) == {
        "missing"
    }
    assert client.post(url, _post_all(story_round, TRADE, "submit")).status_code == 302
    assert set(story_round.submissions.filter(unit__name=TRADE).values_list("state", flat=True)) == {
        "submitted"
    }


def test_the_officer_reviews_in_the_grid_with_htmx(
    client: Any, story_round: Round, people: dict[str, Any]
) -> None:
    client.force_login(people[TRADE])
    client.post(_form_url(story_round, TRADE), _post_all(story_round, TRADE, "submit"))
    exports = story_round.submissions.get(metric="exports")
    url = reverse("rounds:review", kwargs={"uid": story_round.uid, "pk": exports.pk})
    assert client.post(url, {"action": "approve"}).status_code == 403  # a contributor cannot approve

    client.force_login(people["officer"])
    grid = client.get(reverse("rounds:detail", kwargs={"uid": story_round.uid}))
    assert grid.status_code == 200 and f'id="cell-{exports.pk}"' in grid.content.decode()
    cell = client.post(url, {"action": "return", "comment": ""}, HTTP_HX_REQUEST="true")
    assert "ghi rõ đơn vị cần sửa gì" in cell.content.decode()  # Vietnamese first
    cell = client.post(url, {"action": "approve"}, HTTP_HX_REQUEST="true")
    assert cell.status_code == 200 and cell.content.decode().lstrip().startswith('<td id="cell-')
    exports.refresh_from_db()
    assert exports.state == "approved"


@pytest.mark.usefixtures("english_messages")
def test_a_locked_figure_refuses_changes_on_the_page_and_the_api(
    client: Any, story_round: Round, people: dict[str, Any]
) -> None:
    for s in story_round.submissions.select_related("unit"):
        services.submit(s, {"value": story.SEED_FIGURES[s.metric_id], "note": "x"}, by=people[s.unit.name])
        services.approve(s, by=people["officer"])
    client.force_login(people["officer"])
    closed = client.post(reverse("rounds:close", kwargs={"uid": story_round.uid}))
    assert closed.status_code == 302 and Figure.objects.count() == len(story.SEED_FIGURES)
    figure = Figure.objects.get(metric="trade_turnover")

    client.force_login(people["admin"])
    response = client.patch(
        f"/api/v1/figures/{figure.uid}", json.dumps({"value": 1}), content_type="application/json"
    )
    assert response.status_code == 422 and "Số liệu này đã bị khóa" in response.json()["detail"]["__all__"][0]
    page = client.post(
        reverse("web:figure-edit", kwargs={"uid": figure.uid}),
        {
            "metric": "trade_turnover",
            "value": "1",
            "unit": "USD",
            "period_start": "2022-10",
            "period_end": "2024-10",
            "scope": ["LA-AT", "VN-28"],
            "agreement": str(figure.agreement.uid),
        },
    )
    assert "Số liệu này đã bị khóa: đã khóa sổ trong đợt báo cáo" in page.content.decode()
    figure.refresh_from_db()
    assert figure.value == story.SEED_FIGURES["trade_turnover"]


def test_the_officer_opens_a_round_on_the_page(
    client: Any, story_round: Round, people: dict[str, Any]
) -> None:
    from hoptac.agreements.models import Agreement

    client.force_login(people["officer"])
    url = reverse("rounds:new")
    assert client.get(url).status_code == 200
    attapeu = Agreement.objects.get(title__contains="Attapeu")
    unit = ReportingUnit.objects.get(name=TRADE)
    empty = client.post(url, {"name": "Báo cáo năm 2025", "period_start": "2025"})
    assert empty.status_code == 400 and Round.objects.count() == 1
    made = client.post(
        url,
        {
            "name": "Báo cáo năm 2025",
            "period_start": "2025",
            "agreements": [str(attapeu.uid)],
            "asks": [f"{unit.uid}:exports"],
        },
    )
    assert made.status_code == 302
    opened = Round.objects.get(name="Báo cáo năm 2025")
    asked = opened.submissions.get()
    assert (asked.unit, asked.metric_id, asked.agreement) == (unit, "exports", attapeu)
    assert sorted(p.code for p in asked.scope.all()) == ["LA-AT", "VN-28"]


def test_figures_say_whether_a_round_collected_them(
    client: Any, story_round: Round, people: dict[str, Any]
) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.figures.services import create_figure

    for s in story_round.submissions.select_related("unit"):
        services.submit(s, {"value": story.SEED_FIGURES[s.metric_id], "note": "x"}, by=people[s.unit.name])
        services.approve(s, by=people["officer"])
    services.close_round(story_round, by=people["officer"])
    attapeu = Agreement.objects.get(title__contains="Attapeu")
    outside = create_figure(
        {
            "metric": "exports",
            "value": 5,
            "unit": "USD",
            "period_start": "2025",
            "agreement": str(attapeu.uid),
        }
    )
    client.force_login(people["admin"])
    assert client.get(f"/api/v1/figures/{outside.uid}").json()["collected_in"] == ""
    page = client.get(reverse("web:agreement", kwargs={"uid": attapeu.uid})).content.decode()
    assert f"Thu thập trong đợt báo cáo “{story.ROUND_NAME}”" in page
    assert "Nhập ngoài đợt báo cáo" in page
