"""The yearly report to the Ministry of Foreign Affairs: a row per agreement, the year's closed rounds named."""
# ruff: noqa: F811  (pytest fixtures imported from the rounds tests)

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from hoptac.reports.renderers import get_format
from hoptac.reports.yearly import build_yearly_report, level_of
from hoptac.rounds import services
from hoptac.rounds.models import Round
from hoptac.rounds.tests import story
from hoptac.rounds.tests.conftest import people, story_round  # noqa: F401

pytestmark = pytest.mark.usefixtures("english_messages")


def _close(round_: Round, people: dict[str, Any]) -> None:
    for s in round_.submissions.select_related("unit"):
        services.submit(s, {"value": story.SEED_FIGURES[s.metric_id], "note": "x"}, by=people[s.unit.name])
        services.approve(s, by=people["officer"])
    services.close_round(round_, by=people["officer"])


def test_one_row_per_agreement_with_the_years_figures_and_rounds(
    story_round: Round, people: dict[str, Any]
) -> None:
    _close(story_round, people)
    report = build_yearly_report("VN-28", 2024, user=people["officer"])
    assert report.summary == "Tình hình thực hiện thỏa thuận quốc tế năm 2024 của tỉnh Kon Tum"
    assert "Luật Thỏa thuận quốc tế năm 2020" in report.text()
    assert f"đợt báo cáo đã khóa sổ: “{story.ROUND_NAME}”" in report.text()
    rows = report.table("agreements").rows
    assert [row[0] for row in rows] == [1, 2]
    attapeu = next(row for row in rows if "Attapeu" in row[1])
    assert attapeu[4] == "Cấp tỉnh" and attapeu[5] == "đang có hiệu lực"
    assert "Kim ngạch xuất nhập khẩu: 687,4 triệu USD" in attapeu[6]
    assert f"(đợt “{story.ROUND_NAME}”)" in attapeu[6]
    sekong = next(row for row in rows if "Sê Kông" in row[1])
    assert "Lượt người xuất nhập cảnh" not in sekong[6]  # the Attapeu MOU's figure stays in its own row
    # Nothing of 2021: the agreements were signed in 2022.
    assert build_yearly_report("VN-28", 2021, user=people["officer"]).table("agreements").rows == []


def test_docx_and_xlsx(story_round: Round, people: dict[str, Any]) -> None:
    report = build_yearly_report("VN-28", 2024, user=people["officer"])
    assert get_format("docx").render(report)[:2] == b"PK"
    book = load_workbook(io.BytesIO(get_format("xlsx").render(report)))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("Phụ lục. Tình hình thực hiện thỏa thuận quốc tế năm 2024" in c for c in cells)


def test_level_and_bad_input(client: Any, people: dict[str, Any]) -> None:
    class Party:
        body = "Sở Giáo dục và Đào tạo tỉnh Kon Tum"

    assert level_of(Party()) == "Cấp sở, ngành"  # type: ignore[arg-type]
    assert level_of(None) == "Cấp tỉnh"
    with pytest.raises(ValidationError, match="unknown province"):
        build_yearly_report("XX-99", 2024)
    client.force_login(people["officer"])
    response = client.get(reverse("reports:yearly"), {"province": "VN-28", "year": "2024", "format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get(reverse("reports:yearly"), {"province": "VN-28", "year": "x"}).status_code == 400
