"""The seed 003 story through the services: fill, submit, return, correct, approve, close, lock, reopen."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hoptac.accounts.models import AuditEvent
from hoptac.figures.models import Figure
from hoptac.figures.services import create_figure, delete_figure, update_figure
from hoptac.rounds import services
from hoptac.rounds.models import Round, Submission
from hoptac.rounds.policies import visible_submissions
from hoptac.rounds.tests import story

pytestmark = pytest.mark.usefixtures("english_messages")


def _send_all(round_: Round, people: dict[str, Any], wrong: str = "") -> None:
    """Every unit submits its figures (the metric `wrong` with a mistyped value)."""
    for submission in round_.submissions.select_related("unit"):
        value = story.SEED_FIGURES[submission.metric_id]
        by = people[submission.unit.name]
        services.save_draft(
            submission, {"value": value + 1 if submission.metric_id == wrong else value}, by=by
        )
        services.submit(submission, {"note": "Báo cáo của đơn vị"}, by=by)


def _approve_all(round_: Round, officer: Any) -> None:
    for submission in round_.submissions.filter(state=Submission.State.SUBMITTED):
        services.approve(submission, by=officer)


def test_the_seed_003_round_end_to_end(story_round: Round, people: dict[str, Any]) -> None:
    officer = people["officer"]
    assert story_round.submissions.count() == len(story.SEED_FIGURES)
    assert set(story_round.submissions.values_list("state", flat=True)) == {"missing"}
    _send_all(story_round, people, wrong="trade_turnover")

    trade = story_round.submissions.get(metric="trade_turnover")
    services.return_submission(trade, "Kim ngạch 10/2022–10/2024 là 687,4 triệu USD", by=officer)
    with pytest.raises(ValidationError, match="Approve every value"):
        services.close_round(story_round, by=officer)
    trade.refresh_from_db()
    assert trade.state == "returned" and "687,4" in trade.comment
    services.submit(trade, {"value": "687400000"}, by=people["Sở Công Thương"])

    _approve_all(story_round, officer)
    services.close_round(story_round, by=officer)
    story_round.refresh_from_db()
    assert story_round.status == "closed"

    figures = {f.metric_id: f.value for f in Figure.objects.all()}
    assert figures == story.SEED_FIGURES
    assert set(Figure.objects.values_list("collected_in", flat=True)) == {story.ROUND_NAME}
    trade_figure = Figure.objects.get(metric="trade_turnover")
    assert (str(trade_figure.period_start), str(trade_figure.period_end)) == ("2022-10", "2024-10")
    assert sorted(p.code for p in trade_figure.scope.all()) == ["LA-AT", "VN-28"]
    assert "Sở Công Thương" in trade_figure.note

    # A later edit of a locked figure is refused, and so are a deletion and a twin figure.
    with pytest.raises(ValidationError, match=r"locked.*reporting round"):
        update_figure(trade_figure, {"value": "1"})
    with pytest.raises(ValidationError, match="locked"):
        delete_figure(trade_figure)
    twin = {
        "metric": "trade_turnover",
        "value": 5,
        "unit": "USD",
        "agreement": str(trade_figure.agreement.uid),
    }
    with pytest.raises(ValidationError, match="locked"):
        create_figure({**twin, "period_start": "2022-10", "period_end": "2024-10"})
    # A figure outside the round (another period) stays possible and is marked as such.
    outside = create_figure({**twin, "period_start": "2025"})
    assert outside.collected_in == ""


def test_a_contributor_sees_only_their_unit_and_cannot_approve(
    story_round: Round, people: dict[str, Any]
) -> None:
    guard = people["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]
    mine = visible_submissions(guard, story_round)
    assert set(mine.values_list("unit__name", flat=True)) == {"Bộ Chỉ huy Bộ đội Biên phòng tỉnh"}
    assert visible_submissions(people["officer"], story_round).count() == len(story.SEED_FIGURES)
    other = story_round.submissions.get(metric="trade_turnover")
    with pytest.raises(PermissionDenied):
        services.save_draft(other, {"value": 1}, by=guard)
    own = mine.get(metric="remains_repatriated")
    services.submit(own, {"value": 16, "note": "Biên bản bàn giao"}, by=guard)
    with pytest.raises(PermissionDenied):
        services.approve(own, by=guard)
    with pytest.raises(PermissionDenied):
        services.close_round(story_round, by=guard)


def test_submitting_needs_a_number_and_evidence(story_round: Round, people: dict[str, Any]) -> None:
    submission = story_round.submissions.get(metric="exports")
    by = people["Sở Công Thương"]
    with pytest.raises(ValidationError) as caught:
        services.submit(submission, {}, by=by)
    assert set(caught.value.message_dict) == {"value", "note"}
    with pytest.raises(ValidationError, match="not a number"):
        services.save_draft(submission, {"value": "203,9 triệu"}, by=by)
    services.submit(submission, {"value": 203900000, "note": "Hải quan Bờ Y"}, by=by)
    with pytest.raises(ValidationError, match="only after the officer returns it"):
        services.save_draft(submission, {"value": 1}, by=by)


def test_only_an_administrator_reopens_and_the_reopening_is_audited(
    story_round: Round, people: dict[str, Any]
) -> None:
    _send_all(story_round, people)
    _approve_all(story_round, people["officer"])
    services.close_round(story_round, by=people["officer"])
    with pytest.raises(PermissionDenied):
        services.reopen_round(story_round, by=people["officer"], reason="sửa số liệu")
    with pytest.raises(ValidationError, match="say why"):
        services.reopen_round(story_round, by=people["admin"], reason=" ")
    services.reopen_round(story_round, by=people["admin"], reason="Sở Công Thương sửa số liệu")
    event = AuditEvent.objects.get(action="round_reopen")
    assert event.username == "quantri" and "sửa số liệu" in event.summary
    assert event.data["locks_released"] == len(story.SEED_FIGURES)

    # Open again: the officer returns a value, the unit corrects it, closing updates the same figure.
    exports = story_round.submissions.get(metric="exports")
    services.return_submission(exports, "Kiểm tra lại", by=people["officer"])
    services.submit(exports, {"value": 203900001}, by=people["Sở Công Thương"])
    services.approve(exports, by=people["officer"])
    services.close_round(story_round, by=people["officer"])
    assert Figure.objects.count() == len(story.SEED_FIGURES)
    assert Figure.objects.get(metric="exports").value == 203900001
    assert story_round.history.filter(status="open", history_user=people["admin"]).exists()  # who reopened


def test_the_registry_import_refuses_a_figure_in_a_locked_period(
    story_round: Round, people: dict[str, Any]
) -> None:
    from hoptac.exchange.load import SCHEMA, import_registry

    _send_all(story_round, people)
    _approve_all(story_round, people["officer"])
    services.close_round(story_round, by=people["officer"])
    attapeu = Figure.objects.get(metric="trade_turnover").agreement
    row = {"metric": "trade_turnover", "value": 1, "unit": "USD", "agreement": str(attapeu.uid)}
    locked = {**row, "period_start": "2022-10", "period_end": "2024-10"}
    with pytest.raises(ValidationError, match="locked"):
        import_registry({"schema": SCHEMA, "figures": [locked]})
    assert Figure.objects.count() == len(story.SEED_FIGURES)
    import_registry({"schema": SCHEMA, "figures": [{**row, "period_start": "2025"}]})  # another period
    assert Figure.objects.filter(collected_in="").count() == 1
