"""Reviewing the inbox by keyboard in a real browser (Debian's Chromium; skipped where it is absent)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hoptac.inbox.models import FetchedDocument, Proposal
from hoptac.web.tests.test_browser import PASSWORD, browser  # noqa: F401 - the shared Chromium fixture

from .conftest import Site

pytestmark = pytest.mark.browser


@pytest.fixture
def inbox_page(
    browser: Any,  # noqa: F811
    transactional_db: Any,
    live_server: Any,
    news_site: Site,
    quangtri_registry: Any,
) -> Iterator[Any]:
    """Two polled articles about registry partners (Savannakhet, Yunnan) and a signed-in administrator."""
    from django.contrib.auth import get_user_model

    from hoptac.agreements.services import create_agreement
    from hoptac.inbox.polling import poll_due_sources
    from hoptac.inbox.services import create_news_source

    create_agreement(
        {
            "kind": "mou",
            "title": "Bản ghi nhớ Lào Cai – Vân Nam",
            "signed_on": "2019",
            "parties": [
                {"place": "VN-02", "body": "UBND tỉnh Lào Cai"},
                {"place": "CN-YN", "body": "Chính quyền tỉnh Vân Nam"},
            ],
        }
    )
    create_news_source({"name": "Tin đối ngoại", "url": news_site.base + "/rss/doi-ngoai.rss"})
    poll_due_sources()
    get_user_model().objects.create_superuser(username="chuyenvien", email="", password=PASSWORD)
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto(f"{live_server.url}/accounts/login/?next=/inbox/")
    tab.fill("#id_username", "chuyenvien")
    tab.fill("#id_password", PASSWORD)
    tab.click("form.record button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/inbox/")
    yield tab
    context.close()
    assert not errors, errors  # no script errors, nothing refused by the content security policy


def test_review_and_accept_articles_by_keyboard(inbox_page: Any) -> None:
    from playwright.sync_api import expect

    from hoptac.sources.models import Source

    page = inbox_page
    first, second = FetchedDocument.objects.filter(hidden=False).order_by("-published")
    articles = page.locator(".inbox-article")
    expect(articles).to_have_count(2)
    expect(articles.first).to_be_focused()  # the newest article: Quảng Trị – Savannakhet
    assert "Savannakhet" in articles.first.inner_text() and "<mark>" in articles.first.inner_html()

    # j moves to the second article, x selects it, a accepts the selection in one action.
    page.keyboard.press("j")
    expect(page.locator(f"#doc-{second.pk}")).to_be_focused()
    page.keyboard.press("x")
    expect(page.locator(f"#doc-{second.pk} input[name=doc]")).to_be_checked()
    page.keyboard.press("a")
    page.wait_for_load_state()
    # Accepting merges a whole article: on a loaded machine that takes more than expect's 5 s default.
    expect(page.locator(".messages")).to_contain_text("bản ghi mới", timeout=30_000)
    expect(articles).to_have_count(1)
    assert not second.proposals.filter(state=Proposal.State.PENDING).exists()
    assert Source.objects.get().url == second.url

    # The remaining article has the focus again; a accepts the whole of it.
    expect(page.locator(f"#doc-{first.pk}")).to_be_focused()
    page.keyboard.press("a")
    expect(page.locator("main")).to_contain_text("Không còn gì cần duyệt", timeout=30_000)
    assert set(Source.objects.values_list("url", flat=True)) == {first.url, second.url}
