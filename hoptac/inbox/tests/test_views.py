"""The inbox pages: who sees them, what they show, and the actions they take."""

from __future__ import annotations

from typing import Any

import pytest

from hoptac.activities.models import Activity
from hoptac.inbox.models import FetchedDocument, NewsSource, Proposal
from hoptac.inbox.polling import poll_due_sources
from hoptac.inbox.services import create_news_source
from hoptac.sources.models import Source

from .conftest import Route, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def polled(news_site: Site, quangtri_registry: Any) -> FetchedDocument:
    create_news_source(
        {"name": "Báo Quảng Trị", "url": news_site.base + "/rss/doi-ngoai.rss", "province": "VN-25"}
    )
    poll_due_sources()
    return FetchedDocument.objects.get(hidden=False)


@pytest.fixture
def officer_client(client: Any) -> Any:
    from django.contrib.auth import get_user_model

    from hoptac.accounts.models import Membership

    user = get_user_model().objects.create_user(username="quangtri", password="a-long-password-123")
    Membership.objects.create(user=user, role="officer").places.set(["VN-25"])
    client.force_login(user)
    return client


def test_the_inbox_shows_each_article_with_partners_and_evidence(
    officer_client: Any, polled: FetchedDocument
) -> None:
    page = officer_client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'id="doc-{polled.pk}"' in page and "Savannakhet" in page
    assert "<mark>" in page
    assert "adds a source to a known record" in page and "new record" in page
    assert "1 other page was fetched and kept hidden" in page


def test_the_inbox_speaks_vietnamese(officer_client: Any, polled: FetchedDocument) -> None:
    page = officer_client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tin mới cần duyệt" in page and "Chấp nhận cả bài" in page


def test_others_are_kept_out(client: Any, polled: FetchedDocument) -> None:
    from django.contrib.auth import get_user_model

    from hoptac.accounts.models import Membership

    assert client.get("/inbox/").status_code == 302  # to the sign-in page
    viewer = get_user_model().objects.create_user(username="viewer", password="a-long-password-123")
    Membership.objects.create(user=viewer, role="viewer").places.set(["VN-25"])
    client.force_login(viewer)
    assert client.get("/inbox/").status_code == 403
    assert client.post("/inbox/", {"action": f"accept-doc:{polled.pk}"}).status_code == 403
    assert not Source.objects.exists()


def test_accepting_a_whole_article_in_one_action(officer_client: Any, polled: FetchedDocument) -> None:
    response = officer_client.post("/inbox/", {"action": f"accept-doc:{polled.pk}"})
    assert response.status_code == 302
    assert Source.objects.get().url == polled.url
    assert not polled.proposals.filter(state=Proposal.State.PENDING).exists()
    assert f'id="doc-{polled.pk}"' not in officer_client.get("/inbox/").content.decode()


def test_bulk_reject_of_selected_articles(officer_client: Any, polled: FetchedDocument) -> None:
    officer_client.post("/inbox/", {"action": "reject-selected", "doc": [str(polled.pk)]})
    assert set(polled.proposals.values_list("state", flat=True)) == {Proposal.State.REJECTED}
    assert not Source.objects.exists()


def test_correcting_then_accepting_one_record(officer_client: Any, polled: FetchedDocument) -> None:
    event = polled.proposals.get(key="events-0")
    page = officer_client.get(f"/inbox/proposals/{event.pk}/edit/").content.decode()
    assert "2025-03-05" in page
    form = {
        "kind": "review_conference",
        "date": "2025-03",
        "status": "held",
        "parties": "VN-25, LA-SV",
        "place": "",
        "then": "accept",
    }
    assert officer_client.post(f"/inbox/proposals/{event.pk}/edit/", form).status_code == 302
    assert str(Activity.objects.get().date) == "2025-03"
    bad = {**form, "parties": "VN-25, ZZ-1"}
    other = polled.proposals.get(key="agreements-0")
    page = officer_client.post(f"/inbox/proposals/{other.pk}/edit/", bad).content.decode()
    assert "ZZ-1" in page


def test_a_failing_source_is_shown_as_failing(
    officer_client: Any, news_site: Site, quangtri_registry: Any
) -> None:
    news_site.routes["/loi.rss"] = Route(b"oops", status=500)
    create_news_source({"name": "Cổng tin hỏng", "url": news_site.base + "/loi.rss", "province": "VN-25"})
    create_news_source(
        {"name": "Báo Quảng Trị", "url": news_site.base + "/rss/doi-ngoai.rss", "province": "VN-25"}
    )
    poll_due_sources()
    page = officer_client.get("/inbox/sources/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    broken = NewsSource.objects.get(name="Cổng tin hỏng")
    row = page.split(f'id="source-{broken.pk}"')[1].split("</tr>")[0]
    assert "failing" in row and "HTTP 500" in row
    assert "1 failing" in officer_client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_an_officer_adds_a_source_for_their_province(officer_client: Any) -> None:
    form = {
        "name": "Báo Quảng Trị",
        "url": "https://baoquangtri.example/rss",
        "kind": "feed",
        "province": "VN-25",
        "interval_minutes": "120",
    }
    assert officer_client.post("/inbox/sources/", form).status_code == 302
    assert NewsSource.objects.get().province_id == "VN-25"
    other = {**form, "url": "https://other.example/rss", "province": "VN-28"}
    page = officer_client.post("/inbox/sources/", other).content.decode()
    assert NewsSource.objects.count() == 1 and "VN-28" in page
