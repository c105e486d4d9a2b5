"""A report built from the seed 003 round: draft while open; once closed, exactly the seed's figures and the round named."""
# ruff: noqa: F811  (pytest fixtures imported from the rounds tests)

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from hoptac.reports.from_round import build_round_report
from hoptac.rounds import services
from hoptac.rounds.models import Round
from hoptac.rounds.tests import story
from hoptac.rounds.tests.conftest import people, story_round  # noqa: F401

pytestmark = pytest.mark.usefixtures("english_messages")


def _approve_and_close(round_: Round, people: dict[str, Any]) -> None:
    for s in round_.submissions.select_related("unit"):
        services.submit(s, {"value": story.SEED_FIGURES[s.metric_id], "note": "x"}, by=people[s.unit.name])
        services.approve(s, by=people["officer"])
    services.close_round(round_, by=people["officer"])


def test_before_closing_the_report_is_a_draft(story_round: Round, people: dict[str, Any]) -> None:
    report = build_round_report(str(story_round.uid), user=people["officer"])
    assert report.title == "BÁO CÁO (DỰ THẢO)"
    assert f"Dự thảo: số liệu lấy từ đợt báo cáo “{story.ROUND_NAME}”" in report.text()
    assert report.table("figures").rows == []


def test_after_closing_the_report_holds_exactly_the_seed_figures(
    story_round: Round,
    people: dict[str, Any],
) -> None:
    _approve_and_close(story_round, people)
    story_round.refresh_from_db()
    report = build_round_report(str(story_round.uid), user=people["officer"])
    assert report.title == "BÁO CÁO"
    assert f"đợt báo cáo “{story.ROUND_NAME}”, đã được duyệt và khóa sổ" in report.text()
    values = sorted(row[3].value for row in report.table("figures").rows)
    assert values == sorted(story.SEED_FIGURES.values())
    assert len(report.table("figure_records").rows) == len(story.SEED_FIGURES)


def test_the_report_page_and_a_wrong_round_id(
    client: Any, story_round: Round, people: dict[str, Any]
) -> None:
    client.force_login(people["officer"])
    url = reverse("reports:report")
    response = client.get(url, {"round": str(story_round.uid), "format": "html"})
    assert response.status_code == 200 and story.ROUND_NAME in response.content.decode()
    wrong = client.get(url, {"round": "not-a-uuid", "format": "html"})
    assert wrong.status_code == 400 and "không phải mã đợt báo cáo" in wrong.content.decode()


def test_the_commands_write_the_round_report_and_the_yearly_report(
    story_round: Round, people: dict[str, Any], tmp_path: Any
) -> None:
    import typer
    from docx import Document
    from typer.testing import CliRunner

    from hoptac.reports import commands

    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """hoptac"""

    commands.register(app)
    runner = CliRunner()
    out = tmp_path / "so-ket.docx"
    result = runner.invoke(app, ["report", "--round", str(story_round.uid), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "BÁO CÁO (DỰ THẢO)" in text and story.ROUND_NAME in text
    yearly = tmp_path / "nam-2024.xlsx"
    result = runner.invoke(
        app, ["report-yearly", "--province", "VN-28", "--year", "2024", "--out", str(yearly)]
    )
    assert result.exit_code == 0 and yearly.read_bytes()[:2] == b"PK", result.output
    wrong = runner.invoke(app, ["report-yearly", "--province", "XX", "--year", "2024", "--out", str(yearly)])
    assert wrong.exit_code == 2 and "--province" in wrong.output
