"""Messages of the services and the API: Vietnamese by default, English on request, none left untranslated."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from hoptac.agreements.models import Agreement

HOPTAC = Path(__file__).resolve().parents[2]
CATALOGUE = HOPTAC / "locale" / "vi" / "LC_MESSAGES" / "django.po"
URL = "/api/v1/agreements/"
# The modules whose messages reach users as validation errors, API errors or import reports.
MESSAGE_MODULES = sorted(
    {
        *HOPTAC.glob("*/services.py"),
        *HOPTAC.glob("imports/*.py"),
        *(
            HOPTAC / name
            for name in (
                "api.py",
                "agreements/commitments.py",
                "agreements/commitments_api.py",
                "accounts/api.py",
                "accounts/deletion.py",
                "accounts/permissions.py",
                "accounts/history.py",
                "accounts/tokens.py",
                "core/api.py",
                "core/concurrency.py",
                "core/dates.py",
                "exchange/load.py",
                "core/middleware.py",
                "core/uploads.py",
                "core/validation.py",
                "reports/selection.py",
                "sources/api.py",
            )
        ),
    }
)
_GETTEXT = {"_": 0, "gettext": 0, "gettext_lazy": 0, "pgettext": 1, "pgettext_lazy": 1}
_PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _msgids(path: Path) -> list[tuple[str | None, str]]:
    """(context, msgid) of every gettext call with literal text in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        at = _GETTEXT.get(node.func.id)
        if at is None or len(node.args) <= at:
            continue
        texts = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args
        ]
        if texts[at] is not None:
            found.append((texts[0] if at else None, texts[at]))
    return found


def _catalogue_blocks() -> list[str]:
    """The entries of the Vietnamese catalogue, each string's continuation lines joined into one."""
    text = CATALOGUE.read_text(encoding="utf-8")
    return [re.sub(r'"\n"', "", b) for b in text.split("\n\n") if "msgid " in b]


def test_the_scan_finds_the_service_messages() -> None:
    ids = {msgid for path in MESSAGE_MODULES for _, msgid in _msgids(path)}
    assert len(MESSAGE_MODULES) >= 25 and all(p.is_file() for p in MESSAGE_MODULES)
    assert "an agreement needs at least two parties" in ids
    assert "row %(row)s, column %(column)s: %(message)s" in ids
    assert len(ids) > 120


@pytest.mark.parametrize("path", MESSAGE_MODULES, ids=lambda p: str(p.relative_to(HOPTAC)))
def test_every_service_message_has_a_compiled_vietnamese_translation(path: Path) -> None:
    untranslated, broken = [], []
    with translation.override("vi"):
        for context, msgid in _msgids(path):
            vi = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if vi == msgid:
                untranslated.append(msgid)
            elif set(_PLACEHOLDER.findall(vi)) != set(_PLACEHOLDER.findall(msgid)):
                broken.append(msgid)
    assert not untranslated, f"add these to {CATALOGUE} and run compilemessages: {untranslated}"
    assert not broken, f"the translation must keep every %(name)s placeholder: {broken}"


def test_catalogue_has_no_fuzzy_or_empty_entries() -> None:
    blocks = _catalogue_blocks()
    assert len(blocks) > 500
    fuzzy = [b for b in blocks if re.search(r"^#, .*fuzzy", b, re.M)]
    empty = [b for b in blocks if re.search(r'^msgstr(\[\d\])? ""$', b, re.M)]
    assert not fuzzy, fuzzy[:3]
    assert not empty, empty[:3]


@pytest.mark.parametrize(
    ("msgid", "vietnamese"),
    [
        ("an agreement needs at least two parties", "một thỏa thuận cần ít nhất hai bên"),
        ("this field is required", "không được để trống"),
        ("signing date", "ngày ký"),
        ("row %(row)s, column %(column)s: %(message)s", "dòng %(row)s, cột %(column)s: %(message)s"),
    ],
)
def test_representative_messages_read_in_vietnamese_and_stay_english_in_english(
    msgid: str, vietnamese: str
) -> None:
    with translation.override("vi"):
        assert translation.gettext(msgid) == vietnamese
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid


def test_start_of_a_period_is_not_the_start_of_a_span() -> None:
    # The same English word, two meanings: the date label has its own context.
    with translation.override("vi"):
        assert translation.pgettext("period", "start") == "ngày bắt đầu"
        assert translation.gettext("start") == "vị trí đầu"


def _post(client: Client, data: dict[str, Any], **headers: str) -> Any:
    return client.post(URL, data, content_type="application/json", **headers)


@pytest.mark.django_db
def test_api_validation_errors_are_vietnamese_by_default_and_english_on_request(
    admin_client: Client, agreement_data: dict[str, Any]
) -> None:
    one_party = {**agreement_data, "parties": agreement_data["parties"][:1]}
    default = _post(admin_client, one_party)
    assert default.status_code == 422
    assert default.json()["detail"]["parties"] == ["một thỏa thuận cần ít nhất hai bên"]
    assert default["Content-Language"] == "vi"
    english = _post(admin_client, one_party, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 422
    assert english.json()["detail"]["parties"] == ["an agreement needs at least two parties"]
    assert english["Content-Language"] == "en"
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_date_order_message_translates_its_label(
    admin_client: Client, agreement_data: dict[str, Any]
) -> None:
    backwards = {**agreement_data, "period_start": "2027", "period_end": "2022"}
    vi = _post(admin_client, backwards).json()["detail"]["period_end"]
    assert vi == ["2022 sớm hơn ngày bắt đầu thời hạn 2027: ngày kết thúc không được trước ngày bắt đầu"]
    en = _post(admin_client, backwards, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]["period_end"]
    assert en == ["2022 is before the start of the period 2027: the end must not come before the start"]


@pytest.mark.django_db
def test_schema_errors_use_the_services_words(admin_client: Client, agreement_data: dict[str, Any]) -> None:
    untitled = {k: v for k, v in agreement_data.items() if k != "title"}
    assert _post(admin_client, untitled).json()["detail"]["title"] == ["không được để trống"]
    english = _post(admin_client, untitled, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english["title"] == ["this field is required"]
    page = admin_client.get(URL + "?limit=0")
    assert page.status_code == 422
    assert page.json()["detail"]["limit"] == ["phải từ 1 trở lên"]


@pytest.mark.django_db
def test_unauthorized_and_not_found_are_translated(admin_client: Client) -> None:
    anonymous = Client().get(URL)
    assert anonymous.status_code == 401
    assert anonymous.json()["detail"].startswith("hãy đăng nhập")
    missing = admin_client.get(URL + "00000000-0000-4000-8000-000000000000", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing.json()["detail"].startswith("no agreement with uid")
