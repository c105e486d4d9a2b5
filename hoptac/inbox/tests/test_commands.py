"""`hoptac news-source-add`, `news-poll` and `news-sources`."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from hoptac.inbox.models import FetchedDocument, NewsSource

from .conftest import Site

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str) -> Any:
    from hoptac.cli import app, register_commands

    register_commands()
    return CliRunner().invoke(app, list(args))


def test_add_poll_and_list_from_the_command_line(news_site: Site, quangtri_registry: Any) -> None:
    url = news_site.base + "/rss/doi-ngoai.rss"
    added = run("news-source-add", url, "--name", "Báo Quảng Trị", "--province", "VN-25", "--every", "60")
    assert added.exit_code == 0, added.output
    polled = run("news-poll")
    assert polled.exit_code == 0 and "1 hidden, 1 inbox" in polled.output
    assert FetchedDocument.objects.filter(hidden=False).count() == 1
    assert "no news source is due" in run("news-poll").output
    listed = run("news-sources")
    assert "VN-25\tok\tevery 60 min" in listed.output


def test_a_bad_source_is_refused_with_what_to_fix(db: Any) -> None:
    result = run("news-source-add", "baoquangtri.vn/rss", "--every", "5")
    assert result.exit_code == 2
    assert "https://" in result.output and "15" in result.output
    assert not NewsSource.objects.exists()
