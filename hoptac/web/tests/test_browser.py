"""Journeys in a real browser: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped with a message when chromium is not installed (CI installs the `chromium` apt package).
Playwright never downloads a browser here: we launch the system one.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "a-long-password-123"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium); browser journeys skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e .[dev])")
    # Playwright's sync API runs an event loop; Django's ORM in the test thread is still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def live_demo(transactional_db: Any, fixed_today: Any, live_server: Any) -> str:
    """The demo registry and an administrator, served by the live server."""
    from django.contrib.auth import get_user_model

    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    import_registry(json.loads(DEMO_FILE.read_text(encoding="utf-8")))
    get_user_model().objects.create_superuser(username="chuyenvien", email="", password=PASSWORD)
    return str(live_server.url)


@pytest.fixture
def page(browser: Any, live_demo: str) -> Iterator[Any]:
    """A signed-in page at phone-ish width (the layout must work there)."""
    context = browser.new_context(viewport={"width": 480, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto(f"{live_demo}/accounts/login/?next=/")
    tab.fill("#id_username", "chuyenvien")
    tab.fill("#id_password", PASSWORD)
    tab.click("form.record button[type=submit]")
    tab.wait_for_url(f"{live_demo}/")
    tab.base = live_demo
    yield tab
    context.close()
    assert not errors, errors  # no script errors, nothing refused by the content security policy


def test_find_an_agreement_by_searching_se_kong(page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{page.base}/agreements/")
    page.fill("input[name=q]", "se kong")
    # htmx replaces the results as one types; no full reload.
    expect(page.locator("#results")).not_to_contain_text("Stung Treng")
    results = page.inner_text("#results")
    assert "Sê Kông giai đoạn 2022-2027" in results and "Champasak" not in results
    assert "q=se%20kong" in page.url or "q=se+kong" in page.url  # the filtered list has its own address
    page.click("#results >> text=Sê Kông giai đoạn 2022-2027")
    assert "10 suất học bổng cho sinh viên tỉnh Sê Kông" in page.inner_text("main")


def test_record_a_visit_and_see_the_dashboard_change(page: Any) -> None:
    assert "Đoàn Sê Kông sang thăm" not in page.inner_text("main")
    page.goto(f"{page.base}/activities/visit/")
    page.fill("input[name=date]", "2026-03-10")
    page.check("input[name=direction][value=incoming]")
    page.select_option("select[name=partner]", "LA-XE")
    page.fill("input[name=title]", "Đoàn Sê Kông sang thăm")
    page.fill("input[name=delegation_size]", "12")
    page.click("main button[type=submit]")
    assert "Đã ghi nhận đoàn" in page.inner_text("main")
    page.goto(f"{page.base}/")
    latest = page.inner_text("main")
    assert "Đoàn Sê Kông sang thăm" in latest and "10/03/2026" in latest


def test_pick_the_agreement_of_a_visit_by_searching(page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{page.base}/activities/visit/")
    page.fill("input[name=date]", "2026-03-12")
    page.select_option("select[name=partner]", "LA-XE")
    page.fill("input[name=title]", "Đoàn Sê Kông theo thỏa thuận")
    # The picker asks the server as one types and offers the matches; a click chooses one.
    page.fill("#id_agreement", "se kong")
    match = page.locator("#id_agreement-results label", has_text="giai đoạn 2022-2027")
    expect(match).to_be_visible()
    assert "Stung Treng" not in page.inner_text("#id_agreement-results")
    match.click()
    chosen = page.locator("#id_agreement-chosen input[name=agreement]")
    expect(chosen).to_be_checked()
    assert "giai đoạn 2022-2027" in page.inner_text("#id_agreement-chosen")
    expect(page.locator("#id_agreement")).to_have_value("")  # the search is emptied, focus back in it
    assert page.locator("#id_agreement-results input").count() == 0
    page.click("main button[type=submit]")
    assert "Đã ghi nhận đoàn" in page.inner_text("main")
    assert "Sê Kông giai đoạn 2022-2027" in page.inner_text("main")


def test_inline_error_then_fix(page: Any) -> None:
    page.goto(f"{page.base}/activities/visit/")
    page.fill("input[name=date]", "31/02/2026")
    page.click("main button[type=submit]")
    field = page.locator("[data-field=date]")
    # February has no 31st, said in the page's language; the date is then typed as officers write it.
    assert "tháng 2 không có ngày 31" in field.inner_text() and "has-error" in (
        field.get_attribute("class") or ""
    )
    page.fill("input[name=date]", "10/3/2026")
    page.click("main button[type=submit]")
    assert "Đã ghi nhận đoàn" in page.inner_text("main")


def test_add_a_party_row_with_htmx(page: Any) -> None:
    page.goto(f"{page.base}/agreements/new/")
    assert page.locator(".party-row").count() == 2
    page.click("#add-party")
    page.wait_for_selector("input[name=parties-2-place]")
    page.click("#add-party")
    page.wait_for_selector("input[name=parties-3-place]")
    assert page.locator(".party-row").count() == 4


def test_switch_language(page: Any) -> None:
    assert page.inner_text("nav.main").startswith("Tổng quan")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert "Dashboard" in page.inner_text("nav.main") and "Agreements in force" in page.inner_text("main")
    page.click("button[name=language][value=vi]")
    page.wait_for_load_state()
    assert "Tổng quan" in page.inner_text("nav.main")


def test_keyboard_skip_link(page: Any) -> None:
    page.goto(f"{page.base}/agreements/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
