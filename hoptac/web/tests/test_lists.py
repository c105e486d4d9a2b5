"""The agreement list: filters, diacritics-insensitive search, htmx fragment, query counts; search; calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hoptac.web.tests.test_pages import text_of

pytestmark = pytest.mark.django_db


def titles_in(response: Any) -> list[str]:
    import re

    return re.findall(r'<a href="/agreements/[0-9a-f-]+/">([^<]+)</a>', response.content.decode())


def test_search_without_diacritics_finds_se_kong(admin_client: Any, demo: None) -> None:
    found = titles_in(admin_client.get("/agreements/?q=se+kong"))
    assert found and all("Sê Kông" in t for t in found)
    assert any("2022-2027" in t for t in found) and any("(2018)" in t for t in found)
    assert titles_in(admin_client.get("/agreements/?q=SÊ-KÔNG")) == found


def test_filters_by_country_partner_status_field_and_year(admin_client: Any, demo: None) -> None:
    cambodia = titles_in(admin_client.get("/agreements/?country=KH"))
    assert len(cambodia) == 1 and "Stung Treng" in cambodia[0]
    champasak = titles_in(admin_client.get("/agreements/?partner=LA-CH"))
    assert len(champasak) == 3
    superseded = titles_in(admin_client.get("/agreements/?status=superseded"))
    assert sorted(superseded) == sorted(
        t for t in champasak + titles_in(admin_client.get("/agreements/?q=se+kong")) if "(20" in t
    )
    health = titles_in(admin_client.get("/agreements/?field=health"))
    assert {("Stung Treng" in t) or ("Huế" in t) for t in health} == {True} and len(health) == 2
    in_2017 = titles_in(admin_client.get("/agreements/?year=2017"))
    assert in_2017 and all("(2016)" in t for t in in_2017)


def test_all_agreements_listed_without_filters(admin_client: Any, demo: None) -> None:
    assert len(titles_in(admin_client.get("/agreements/"))) == 7
    # The form sends every control, the empty ones too.
    empty = "/agreements/?q=se+kong&country=&partner=&status=&field=&year="
    assert len(titles_in(admin_client.get(empty))) == 2
    assert "errorlist" not in admin_client.get(empty).content.decode()


def test_bad_filter_value_says_what_is_wrong(admin_client: Any, demo: None) -> None:
    response = admin_client.get("/agreements/?year=abc")
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()


def test_htmx_request_gets_only_the_results_fragment(admin_client: Any, demo: None) -> None:
    response = admin_client.get("/agreements/?q=stung", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "<header" not in html and "<form" not in html
    assert "Stung Treng" in html and "Sê Kông" not in html
    full = admin_client.get("/agreements/?q=stung").content.decode()
    assert "<html" in full and 'hx-get="/agreements/"' in full and 'id="results"' in full


def test_activity_list_htmx_fragment(admin_client: Any, demo: None) -> None:
    html = admin_client.get("/activities/?kind=signing", HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="results"') and "Lễ ký" in html and "<html" not in html


def _more_agreements(n: int) -> None:
    from hoptac.activities.services import create_activity
    from hoptac.agreements.commitments import create_commitment
    from hoptac.agreements.services import create_agreement

    for i in range(n):
        agreement = create_agreement(
            {
                "title": f"Thỏa thuận thử {i}",
                "signed_on": f"{2000 + i}",
                "period_start": f"{2000 + i}",
                "period_end": f"{2005 + i}",
                "review_every_years": 2,
                "fields": ["economy"],
                "parties": [{"place": "VN-26"}, {"place": "LA-SV"}],
            }
        )
        period = {"period_start": f"{2000 + i}", "period_end": f"{2030 + i}"}
        create_commitment(
            agreement, {"giver": "VN-26", "receiver": "LA-SV", "quantity": 5, "unit": "teacher", **period}
        )
        create_activity(
            {
                "kind": "visit",
                "date": f"{2020 + i % 5}-05",
                "parties": ["VN-26", "LA-SV"],
                "agreements": [str(agreement.uid)],
            }
        )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/agreements/",
        "/agreements/?q=se+kong&status=in_force",
        "/activities/",
        "/calendar/",
        "/calendar.ics",
        "/places/VN-28/",
        "/search/?q=kon+tum",
    ],
)
def test_query_count_does_not_grow_with_the_registry(
    admin_client: Any, demo: None, django_assert_max_num_queries: Any, url: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        admin_client.get(url)
    _more_agreements(12)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = admin_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    # The dashboard here runs with its cache bypassed (the test has uncommitted changes): a warm visit needs fewer.
    # The calendar reads the first planned activities of each month and of the year alone: 13 small queries.
    # Every page's header counts the user's unread notifications: one indexed query.
    ("url", "limit"),
    # The dashboard's drafts-to-confirm panel is one more query on a cold cache.
    [("/", 33), ("/agreements/", 20), ("/activities/", 15), ("/calendar/", 33)],
)
def test_list_pages_query_budget(
    admin_client: Any, demo: None, django_assert_max_num_queries: Any, url: str, limit: int
) -> None:
    with django_assert_max_num_queries(limit):
        assert admin_client.get(url).status_code == 200


def test_search_page_across_kinds(admin_client: Any, demo: None) -> None:
    page = text_of(admin_client.get("/search/?q=se+kong"))
    assert "Sê Kông giai đoạn 2022-2027" in page
    assert "LA-XE" not in page  # places by name, never by code
    people = text_of(admin_client.get("/search/?q=ngoc+tuan"))
    assert "Lê Ngọc Tuấn" in people
    visits = text_of(admin_client.get("/search/?q=champasak+hue"))
    assert "Đoàn tỉnh Champasak thăm và làm việc tại Thừa Thiên Huế" in visits
    sources = text_of(admin_client.get("/search/?q=ky+ban+ghi+nho"))
    assert "Kon Tum và Stung Treng ký Bản ghi nhớ hợp tác" in sources
    assert "Không tìm thấy" in text_of(admin_client.get("/search/?q=zzzzqqq"))


def test_calendar_page_groups_by_month_without_inventing_days(admin_client: Any, demo: None) -> None:
    page = text_of(admin_client.get("/calendar/?year=2027"))
    whole_year = page.split("Trong năm 2027", 1)[1].split("Tháng 1", 1)[0]
    # Year-only items (the 2027 review of Kon Tum – Stung Treng, agreements ending in 2027) are not put on a day.
    assert "đến kỳ sơ kết" in whole_year and "Stung Treng" in whole_year
    assert "thỏa thuận hết hạn" in whole_year and "Attapeu" in whole_year
    assert admin_client.get("/calendar/?year=abc").status_code == 200


def test_ics_feed_structure(admin_client: Any, demo: None) -> None:
    response = admin_client.get("/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    lines = body.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") > 3
    unfolded = body.replace("\r\n ", "").split("\r\n")
    events = "\r\n".join(unfolded).split("BEGIN:VEVENT")[1:]
    for event in events:
        fields = dict(line.split(":", 1) for line in event.split("\r\n") if ":" in line)
        assert {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY"} <= fields.keys()
        start = dt.datetime.strptime(fields["DTSTART;VALUE=DATE"], "%Y%m%d").date()
        end = dt.datetime.strptime(fields["DTEND;VALUE=DATE"], "%Y%m%d").date()
        assert end > start
    review_2027 = next(e for e in events if "review-" in e and "DTSTART;VALUE=DATE:20270101" in e)
    # A review known only to its year spans the year, and says so.
    assert "DTEND;VALUE=DATE:20280101" in review_2027 and "(năm 2027)" in review_2027
    uids = [line for line in unfolded if line.startswith("UID:")]
    assert len(uids) == len(set(uids))


def test_search_finds_words_of_an_activity_title_without_diacritics(admin_client: Any, demo: None) -> None:
    from hoptac.activities.models import Activity
    from hoptac.activities.services import create_activity, update_activity

    activity = create_activity(
        {"kind": "meeting", "title": "Tọa đàm xúc tiến đầu tư nông nghiệp", "date": "2025-03"}
    )
    assert "Tọa đàm xúc tiến đầu tư" in text_of(admin_client.get("/search/?q=xuc+tien+dau+tu"))
    update_activity(Activity.objects.get(pk=activity.pk), {"title": "Tọa đàm thương mại"})
    assert "Không tìm thấy" in text_of(admin_client.get("/search/?q=xuc+tien+dau+tu"))


def test_untitled_signings_are_named_after_their_agreement_in_one_query(
    admin_client: Any, demo: None
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hoptac.activities.services import create_activity
    from hoptac.agreements.models import Agreement

    agreement = Agreement.objects.filter(title__contains="Sê Kông").first()
    assert agreement is not None

    def signings(n: int, first: int) -> None:
        for i in range(first, first + n):
            create_activity(
                {
                    "kind": "signing",
                    "status": "planned",
                    "date": f"2099-01-{1 + i:02d}",  # first on the list, newest first
                    "parties": ["VN-28", "LA-XE"],
                    "agreements": [str(agreement.uid)],
                }
            )

    signings(1, 0)
    with CaptureQueriesContext(connection) as one:
        page = admin_client.get("/activities/").content.decode()
    assert agreement.title in page.split("</tbody>")[0]
    signings(5, 1)
    with CaptureQueriesContext(connection) as six:
        page = admin_client.get("/activities/").content.decode()
    assert page.count(agreement.title) >= 6
    assert len(six) == len(one)
