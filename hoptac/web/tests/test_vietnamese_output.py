"""Nothing a Vietnamese reader sees carries an ISO place code or an untranslated vocabulary key.

Every route of the URL conf (but the admin, the JSON API and the language switch, whose codes are
identifiers by design) is rendered in Vietnamese with the demo data, and so is every report format.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/", "api/", "i18n/", "accounts/logout/")
PLACE_CODE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")
EXTRA_URLS = [
    "/search/?q=Kon+Tum",
    "/search/?q=sơ+kết",
    "/agreements/?partner=LA-XE",
    "/activities/?party=VN-28",
    "/calendar/?year=2024",
    "/calendar/?year=2027",
]


def vocabulary_keys() -> set[str]:
    """Stored keys that must never reach a reader: fields, metrics, kinds, statuses, units."""
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement, Commitment
    from hoptac.agreements.vocabulary import FIELDS
    from hoptac.figures.vocabulary import METRICS

    keys = {code for code, *_ in FIELDS} | {code for code, *_ in METRICS}
    keys |= {"count", "percent"}
    for choices in (Activity.Kind, Activity.Status, Activity.Direction, Agreement.Kind, Commitment.Unit):
        keys |= {str(value) for value in choices.values}
    # Currencies are written as codes in Vietnamese too (USD), and "other" is an English word a title may use.
    return keys - {"USD", "VND"}


def leaks(text: str) -> list[str]:
    """The place codes and vocabulary keys found in a text, as words."""
    from hoptac.places.models import Place

    codes = set(Place.objects.values_list("code", flat=True))
    found = [code for code in PLACE_CODE.findall(text) if code in codes]
    keys = vocabulary_keys()
    found += [word for word in re.findall(r"[A-Za-z_]+", text) if word in keys]
    return sorted(set(found))


def routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """(route text, pattern) for every URL pattern, resolvers walked."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route, pattern


def sample_values(name: str | None) -> dict[str, list[str]]:
    """Values for a route's parameters, from the demo data: every record the route can show."""
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement, AgreementParty, Commitment, Delivery

    kind = (name or "").split("-")[0]
    models: dict[str, Any] = {
        "agreement": Agreement,
        "agreements": Agreement,
        "commitment": Commitment,
        "delivery": Delivery,
        "activity": Activity,
        "party": Agreement,
        "pick": Agreement,
    }
    values: dict[str, list[str]] = {}
    if kind in models:
        values["uid"] = [str(uid) for uid in models[kind].objects.values_list("uid", flat=True)]
    values["code"] = sorted(set(AgreementParty.objects.values_list("place_id", flat=True)))
    return values


def urls() -> Iterator[str]:
    """Every page's address with the demo data filled in, and the lists with a filter or a search."""
    yield from EXTRA_URLS
    for route, pattern in routes(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or "history_id" in route:
            continue
        path = "/" + re.sub(r"^\^|\$$", "", route)
        params = re.findall(r"<(?:\w+:)?(\w+)>", path)
        if not params:
            yield path
            continue
        values = sample_values(pattern.name)
        for value in values.get(params[0], []):
            yield re.sub(r"<(?:\w+:)?\w+>", value, path)


@pytest.fixture(params=["file", "seeds"])
def any_demo(request: pytest.FixtureRequest, db: Any, fixed_today: Any) -> None:
    """The demo as `hoptac demo` builds it: from the seed articles where ../shared is here, else the data file."""
    if request.param == "file":
        request.getfixturevalue("demo")
        return
    from hoptac.extraction.ingest import ingest_demo

    if not ingest_demo():
        pytest.skip("../shared/seeds is not here")


def test_no_page_or_feed_shows_codes_or_keys(admin_client: Any, any_demo: None) -> None:
    problems: dict[str, list[str]] = {}
    seen = 0
    for url in urls():
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        if response.status_code != 200 or response.get("Content-Type", "").startswith("application/json"):
            continue
        seen += 1
        body = response.content.decode()
        # English on purpose (an agreement's English title, the language switch) is marked lang="en".
        text = re.sub(r"(?s)<(\w+)[^>]*\blang=\"en\"[^>]*>.*?</\1>", " ", body)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
        if url.endswith(".ics"):
            # Only what a calendar shows: the summaries, places and descriptions, not the UIDs.
            text = "\n".join(re.findall(r"^(?:SUMMARY|LOCATION|DESCRIPTION|X-WR-CALNAME):(.*)$", body, re.M))
        found = leaks(re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", text))
        if found:
            problems[url] = found
    assert seen > 20
    assert problems == {}


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def _pdf_text(data: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is absent")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize("name", ["html", "docx", "xlsx", "pdf"])
@pytest.mark.parametrize("scope", [{"partners": "VN-28,LA-AT,LA-XE"}, {"partners": "VN-28,KH-19"}])
def test_no_report_shows_codes_or_keys(
    admin_client: Any, any_demo: None, name: str, scope: dict[str, str]
) -> None:
    response = admin_client.get("/reports/", {**scope, "format": name, "from": "2016", "to": "2027"})
    assert response.status_code == 200, response.content[:2000]
    data = response.content
    readers = {"html": lambda b: re.sub(r"<[^>]+>", " ", b.decode()), "docx": _docx_text}
    text = {**readers, "xlsx": _xlsx_text, "pdf": _pdf_text}[name](data)
    assert leaks(text) == []


PLACE_LINK = re.compile(r'<a href="/places/([A-Z]{2}(?:-[A-Z0-9]{1,3})?)/"[^>]*>([^<]*)</a>')


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_place_link_and_feed_names_the_place_in_the_readers_language(
    client: Any, admin_user: Any, demo: None, language: str
) -> None:
    """Each link to a place page, on every route, shows the name of the reader's language; so does the feed."""
    from hoptac.places.catalogue import entries

    client.force_login(admin_user)
    client.cookies["django_language"] = language
    # The names expected, from the catalogue itself: Vietnamese, or English (a country's common name, else ISO).
    catalogue = {e.code: (e.name_vi or e.name_en, e.name_en) for e in entries()}
    names = {code: pair[0 if language == "vi" else 1] for code, pair in catalogue.items()}
    # Places whose two names differ tell the languages apart (Sê Kông / Xékong, Lào / Laos).
    telling = {code for code, (vi, en) in catalogue.items() if vi != en}
    wrong: dict[str, set[tuple[str, str]]] = {}
    seen: set[str] = set()
    for url in urls():
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for code, shown in PLACE_LINK.findall(response.content.decode()):
            seen.add(code)
            if code in names and shown.strip() != names[code]:
                wrong.setdefault(url, set()).add((code, shown.strip()))
    assert wrong == {}
    assert seen & telling, "no place whose names differ was linked: the check proves nothing"
    feed = client.get("/calendar.ics", {"year": "2024"}).content.decode()
    shown = " ".join(re.findall(r"^(?:SUMMARY|LOCATION|DESCRIPTION):(.*)$", feed, re.M))
    for code in telling & seen:
        other = catalogue[code][1 if language == "vi" else 0]
        assert other not in shown, f"the {language} feed names {code} as {other!r}"


def test_the_official_report_stays_vietnamese_for_an_english_reader(
    client: Any, admin_user: Any, demo: None
) -> None:
    """The report is a Vietnamese document (Nghị định 30/2020): its place names do not follow the switch."""
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    page = client.get("/places/LA-XE/").content.decode()
    assert re.search(r"<h1>Xékong ", page)  # the pages do follow it (titles are the agreements' own)
    report = client.get(
        "/reports/", {"partners": "VN-28,LA-XE", "format": "html", "from": "2016", "to": "2027"}
    )
    text = re.sub(r"<[^>]+>", " ", report.content.decode())
    assert "tỉnh Sê Kông" in text and "Xékong" not in text
