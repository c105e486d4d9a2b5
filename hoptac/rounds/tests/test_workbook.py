"""The unit's XLSX: download, fill offline, upload back — all or nothing, a message per bad cell."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from hoptac.rounds.models import ReportingUnit, Round
from hoptac.rounds.tests import story
from hoptac.rounds.workbook import NOTE, VALUE, unit_template, upload

pytestmark = pytest.mark.usefixtures("english_messages")
TRADE = "Sở Công Thương"


def _filled(round_: Round, unit: ReportingUnit, bad: dict[str, Any] | None = None) -> io.BytesIO:
    book = load_workbook(io.BytesIO(unit_template(round_, unit)))
    sheet = book.worksheets[0]
    names = {s.pk: s.metric_id for s in round_.submissions.filter(unit=unit)}
    for row in sheet.iter_rows(min_row=5):
        metric = names[row[0].value]
        row[VALUE].value = (bad or {}).get(metric, int(story.SEED_FIGURES[metric]))
        row[NOTE].value = "Cục Hải quan, cửa khẩu Bờ Y"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_a_filled_workbook_round_trips(story_round: Round, people: dict[str, Any]) -> None:
    unit = ReportingUnit.objects.get(name=TRADE)
    assert upload(story_round, unit, _filled(story_round, unit), by=people[TRADE], submit=True) == 6
    rows = story_round.submissions.filter(unit=unit)
    assert {s.metric_id: s.value for s in rows} == {
        m: v for m, v in story.SEED_FIGURES.items() if m in set(rows.values_list("metric", flat=True))
    }
    assert set(rows.values_list("state", flat=True)) == {"submitted"}


def test_bad_cells_are_each_named_and_nothing_is_saved(story_round: Round, people: dict[str, Any]) -> None:
    unit = ReportingUnit.objects.get(name=TRADE)
    bad = {"exports": "203,9 triệu", "imports": True}
    with pytest.raises(ValidationError) as caught:
        upload(story_round, unit, _filled(story_round, unit, bad), by=people[TRADE], submit=True)
    cells = caught.value.message_dict
    assert len(cells) == 2 and all(key.startswith("G") for key in cells)
    assert any("203,9 triệu" in m for messages in cells.values() for m in messages)
    assert set(story_round.submissions.filter(unit=unit).values_list("state", flat=True)) == {"missing"}


def test_another_units_workbook_is_refused(story_round: Round, people: dict[str, Any]) -> None:
    mine, other = ReportingUnit.objects.get(name=TRADE), ReportingUnit.objects.get(name="Sở Ngoại vụ")
    with pytest.raises(ValidationError, match="not one of this unit's figures"):
        upload(story_round, mine, _filled(story_round, other), by=people[TRADE])
    with pytest.raises(ValidationError, match="not an XLSX"):
        upload(story_round, mine, io.BytesIO(b"plain text"), by=people[TRADE])
