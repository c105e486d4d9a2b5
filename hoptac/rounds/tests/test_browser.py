"""A department contributor fills and submits their form with the keyboard only (Debian's Chromium, Playwright)."""

from __future__ import annotations

from typing import Any

import pytest

from hoptac.rounds.tests import story
from hoptac.web.tests.test_browser import browser  # noqa: F401  (Debian's Chromium, skipped when absent)

pytestmark = pytest.mark.browser
UNIT = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"


def _tab_to(tab: Any, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching the selector has the focus."""
    for _ in range(limit):
        if tab.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        tab.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_contributor_fills_and_submits_by_keyboard(
    browser: Any,  # noqa: F811
    transactional_db: Any,
    live_server: Any,
) -> None:
    from django.contrib.auth import get_user_model

    from hoptac.rounds.models import ReportingUnit

    people = {"officer": story.user("kontum", "officer", places=["VN-28"])}
    people.update({name: story.user(f"donvi{i}", "contributor") for i, name in enumerate(story.ASKS)})
    round_ = story.open_story_round(people["officer"], people)
    assert get_user_model().objects.filter(username="donvi1").exists()
    unit = ReportingUnit.objects.get(name=UNIT)
    rows = list(round_.submissions.filter(unit=unit))

    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    tab.goto(f"{live_server.url}/accounts/login/?next=/rounds/{round_.uid}/")
    _tab_to(tab, "#id_username")
    tab.keyboard.type("donvi1")
    tab.keyboard.press("Tab")
    tab.keyboard.type(story.PASSWORD)
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"{live_server.url}/rounds/{round_.uid}/units/{unit.uid}/")
    for s in rows:
        _tab_to(tab, f"#value-{s.pk}")
        tab.keyboard.type(str(int(story.SEED_FIGURES[s.metric_id])))
        _tab_to(tab, f"#note-{s.pk}")
        tab.keyboard.type("Đồn Biên phòng cửa khẩu quốc tế Bờ Y")
    _tab_to(tab, "button[value=submit]")
    tab.keyboard.press("Enter")
    tab.wait_for_load_state()
    tab.wait_for_selector("text=Đã gửi số liệu cho chuyên viên.")
    context.close()
    states = {s.metric_id: (s.state, s.value) for s in round_.submissions.filter(unit=unit)}
    assert states == {s.metric_id: ("submitted", story.SEED_FIGURES[s.metric_id]) for s in rows}
