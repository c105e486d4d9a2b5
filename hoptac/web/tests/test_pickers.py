"""The agreement picker: a search instead of a list of every agreement, on the forms and over htmx."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from hoptac.web.tests.conftest import agreement_uid
from hoptac.web.tests.test_forms import field_block
from hoptac.web.tests.test_lists import _more_agreements

pytestmark = pytest.mark.django_db

SE_KONG = "Sê Kông giai đoạn 2022-2027"


def _viewer() -> Any:
    """A viewer of Kon Tum: reads its open agreements, never a confidential one."""
    from django.contrib.auth import get_user_model

    from hoptac.accounts.models import Membership

    user = get_user_model().objects.create_user(username="xem", password="a-long-password-123")
    Membership.objects.create(user=user, role="viewer").places.set(["VN-28"])
    return user


def _offered(html: str) -> list[str]:
    """The uids a picker fragment or form offers to tick after a search."""
    return re.findall(r'name="\w+__pick" value="([0-9a-f-]{36})"', html)


def test_uid_in_reads_an_id_however_it_is_pasted() -> None:
    from hoptac.web.pickers import uid_in

    uid = "e1e2bf28-27a3-595c-8007-cd2c223e60f0"
    assert uid_in(uid) == uid
    assert uid_in(uid.upper()) == uid
    assert uid_in(uid.replace("-", "")) == uid
    assert uid_in(f"http://127.0.0.1:8000/agreements/{uid}/edit/") == uid
    assert uid_in("Sê Kông 2022") == "" and uid_in("") == ""


def test_endpoint_offers_the_matches_of_the_search(admin_client: Any, demo: None) -> None:
    response = admin_client.get(
        "/pick/agreements/", {"name": "agreement", "id": "id_agreement", "q": "se kong"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div class="picker-results" id="id_agreement-results"')
    assert SE_KONG in html and "Sê Kông (2018)" in html and "Stung Treng" not in html
    assert agreement_uid(SE_KONG) in _offered(html)
    # Each match, clicked, asks for itself as the chosen one.
    assert (
        f"/pick/agreements/{agreement_uid(SE_KONG)}/?name=agreement&amp;id=id_agreement&amp;multiple=" in html
    )
    # A partner's place name finds its agreements, and the search box's own parameter works too.
    pasted = admin_client.get("/pick/agreements/", {"q": f"/agreements/{agreement_uid(SE_KONG)}/"})
    assert _offered(pasted.content.decode()) == [agreement_uid(SE_KONG)]
    by_place = admin_client.get("/pick/agreements/", {"name": "agreements", "agreements__q": "stung treng"})
    assert "Stung Treng" in by_place.content.decode() and SE_KONG not in by_place.content.decode()


def test_endpoint_with_an_empty_search_offers_nothing(admin_client: Any, demo: None) -> None:
    for query in ({}, {"q": ""}, {"q": "  - "}):
        html = admin_client.get("/pick/agreements/", query).content.decode()
        assert _offered(html) == [] and "<li>" not in html
    nothing = admin_client.get("/pick/agreements/", {"q": "zzzqqq"}).content.decode()
    assert _offered(nothing) == [] and "Không tìm thấy thỏa thuận nào" in nothing


def test_endpoint_offers_at_most_twenty_and_says_there_are_more(admin_client: Any, demo: None) -> None:
    _more_agreements(23)
    html = admin_client.get("/pick/agreements/", {"q": "thoa thuan thu"}).content.decode()
    assert len(_offered(html)) == 20
    assert "Chỉ hiện 20 kết quả đầu tiên" in html
    few = admin_client.get("/pick/agreements/", {"q": "thoa thuan thu 2"}).content.decode()
    assert len(_offered(few)) == 4 and "Chỉ hiện" not in few  # 2, 20, 21, 22


def test_endpoint_never_offers_an_agreement_the_user_cannot_see(client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement

    client.force_login(_viewer())
    secret = Agreement.objects.get(title__contains=SE_KONG)
    assert agreement_uid(SE_KONG) in _offered(
        client.get("/pick/agreements/", {"q": "se kong"}).content.decode()
    )
    secret.confidential = True
    secret.save()
    html = client.get("/pick/agreements/", {"q": "se kong"}).content.decode()
    assert SE_KONG not in html and str(secret.uid) not in html and "Sê Kông (2018)" in html
    assert _offered(client.get("/pick/agreements/", {"q": str(secret.uid)}).content.decode()) == []
    # Nor can it be fetched as a chosen one by its id.
    chosen = client.get(f"/pick/agreements/{secret.uid}/", {"name": "agreement"})
    assert chosen.status_code == 404
    hue = agreement_uid("Thừa Thiên Huế")
    assert client.get(f"/pick/agreements/{hue}/").status_code == 404


def test_chosen_fragment_adds_the_agreement_and_empties_the_search(admin_client: Any, demo: None) -> None:
    uid = agreement_uid(SE_KONG)
    url, query = f"/pick/agreements/{uid}/", {"name": "agreements", "id": "id_agreements", "multiple": "1"}
    html = admin_client.get(url, query).content.decode()
    assert f'<input type="checkbox" name="agreements" value="{uid}" checked>' in html and SE_KONG in html
    assert 'id="id_agreements" value=""' in html and 'hx-swap-oob="true" autofocus' in html
    assert 'id="id_agreements-results" aria-live="polite" hx-swap-oob="true"></div>' in html
    # Already chosen (the chosen ones are sent along): not added twice, the search still emptied.
    again = admin_client.get(url, {**query, "agreements": uid}).content.decode()
    assert 'name="agreements" value=' not in again and 'hx-swap-oob="true" autofocus' in again
    for bad in ({"name": 'x" onclick="y'}, {"id": "a b"}):
        assert admin_client.get(url, {**query, **bad}).status_code == 404


def test_picker_fragments_need_sign_in(client: Any, demo: None) -> None:
    response = client.get("/pick/agreements/", {"q": "se kong"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _visit(**overrides: Any) -> dict[str, Any]:
    data = {"date": "2026-03-10", "direction": "incoming", "province": "VN-28", "partner": "LA-XE"}
    return {**data, "title": "Đoàn Sê Kông thăm Kon Tum", **overrides}


def test_form_refuses_an_unknown_id_and_says_what_to_do(admin_client: Any, demo: None) -> None:
    from hoptac.activities.models import Activity

    before = Activity.objects.count()
    unknown = str(uuid.uuid4())
    response = admin_client.post("/activities/visit/", _visit(agreement=unknown))
    block = field_block(response.content.decode(), "agreement")
    assert response.status_code == 200 and "has-error" in block
    assert f"Không có thỏa thuận nào mang mã {unknown} mà bạn được xem" in block
    garbage = admin_client.post(
        "/activities/new/", {"kind": "meeting", "date": "2026", "agreements": ["abc"]}
    )
    assert "“abc” không phải là mã thỏa thuận" in field_block(garbage.content.decode(), "agreements")
    two = admin_client.post(
        "/figures/new/",
        {
            "metric": "trade_turnover",
            "value": "1",
            "unit": "USD",
            "agreement": [agreement_uid(SE_KONG), agreement_uid("Stung")],
        },
    )
    assert "Chỉ chọn một thỏa thuận" in field_block(two.content.decode(), "agreement")
    assert Activity.objects.count() == before


def test_form_refuses_an_agreement_the_user_cannot_see(client: Any, demo: None, officer: Any) -> None:
    from hoptac.activities.models import Activity

    client.force_login(officer)
    hue = agreement_uid("Thừa Thiên Huế")
    response = client.post("/activities/visit/", _visit(agreement=hue))
    block = field_block(response.content.decode(), "agreement")
    # Refused exactly like an id that does not exist: nothing tells the officer that it does.
    assert "has-error" in block and f"Không có thỏa thuận nào mang mã {hue} mà bạn được xem" in block
    assert "Huế" not in block
    assert not Activity.objects.filter(title="Đoàn Sê Kông thăm Kon Tum").exists()


def test_without_javascript_a_search_comes_back_with_the_matches_to_tick(
    admin_client: Any, demo: None
) -> None:
    from hoptac.activities.models import Activity

    response = admin_client.post("/activities/visit/", _visit(agreement__q="se kong"))
    html = response.content.decode()
    block = field_block(html, "agreement")
    assert "Các thỏa thuận khớp với “se kong” được liệt kê bên dưới" in block
    uid = agreement_uid(SE_KONG)
    assert uid in _offered(block) and 'value="se kong"' in block  # the search stays, to be refined
    saved = admin_client.post("/activities/visit/", _visit(agreement__q="se kong", agreement__pick=uid))
    assert saved.status_code == 302
    visit = Activity.objects.get(title="Đoàn Sê Kông thăm Kon Tum")
    assert [str(a.uid) for a in visit.agreements.all()] == [uid]
    nothing = admin_client.post("/activities/visit/", _visit(agreement__q="zzzqqq"))
    assert "Không có thỏa thuận nào bạn được xem khớp với “zzzqqq”" in field_block(
        nothing.content.decode(), "agreement"
    )


def test_an_id_or_a_page_address_pasted_in_the_search_box_is_taken(admin_client: Any, demo: None) -> None:
    from hoptac.activities.models import Activity

    uid = agreement_uid(SE_KONG)
    response = admin_client.post(
        "/activities/new/",
        {
            "kind": "meeting",
            "status": "planned",
            "title": "Hội đàm",
            "date": "2026-06",
            # One kept ticked, one pasted as the address of its page.
            "agreements": [agreement_uid("Stung Treng")],
            "agreements__q": f"http://127.0.0.1:8000/agreements/{uid}/",
        },
    )
    assert response.status_code == 302
    meeting = Activity.objects.get(title="Hội đàm")
    assert {str(a.uid) for a in meeting.agreements.all()} == {uid, agreement_uid("Stung Treng")}


def test_edit_forms_show_the_chosen_agreement_and_untick_removes_it(admin_client: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.figures.models import Figure

    figure = Figure.objects.filter(agreement__isnull=False).select_related("agreement").first()
    assert figure is not None
    html = admin_client.get(f"/figures/{figure.uid}/edit/").content.decode()
    chosen = html.split('id="id_agreement-chosen"', 1)[1].split("</div>", 1)[0]
    assert f'name="agreement" value="{figure.agreement.uid}" checked' in chosen
    assert figure.agreement.title in chosen

    successor = Agreement.objects.filter(predecessor__isnull=False).select_related("predecessor").first()
    assert successor is not None and successor.predecessor is not None
    form = admin_client.get(f"/agreements/{successor.uid}/edit/").content.decode()
    assert f'name="predecessor" value="{successor.predecessor.uid}" checked' in form


def test_an_agreement_cannot_be_its_own_predecessor(admin_client: Any, demo: None) -> None:
    from hoptac.web.tests.test_forms import agreement_post

    uid = agreement_uid("Stung Treng")
    data = agreement_post(predecessor=uid, **{"parties-1-place": "KH-19"})
    html = admin_client.post(f"/agreements/{uid}/edit/", data).content.decode()
    assert "thỏa thuận trước của chính nó" in field_block(html, "predecessor")  # its own predecessor


FORM_PAGES = [
    "/agreements/new/",
    "/agreements/{agreement}/edit/",
    "/agreements/{agreement}/commitments/new/",
    "/commitments/{commitment}/edit/",
    "/commitments/{commitment}/deliveries/new/",
    "/deliveries/{delivery}/edit/",
    "/activities/new/?agreement={agreement}",
    "/activities/visit/",
    "/activities/{activity}/edit/",
    "/figures/new/?agreement={agreement}",
    "/figures/{figure}/edit/",
    "/pick/agreements/?q=kon+tum",
]


@pytest.mark.parametrize("url", FORM_PAGES)
def test_form_pages_do_not_grow_with_the_number_of_agreements(
    admin_client: Any, demo: None, django_assert_max_num_queries: Any, url: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement, Delivery
    from hoptac.figures.models import Figure

    delivery = Delivery.objects.select_related("commitment__agreement").first()
    assert delivery is not None
    ids = {
        "agreement": delivery.commitment.agreement.uid,
        "commitment": delivery.commitment.uid,
        "delivery": delivery.uid,
        "activity": Activity.objects.filter(agreements__isnull=False).first().uid,  # type: ignore[union-attr]
        "figure": Figure.objects.filter(agreement__isnull=False).first().uid,  # type: ignore[union-attr]
    }
    url = url.format(**ids)
    with CaptureQueriesContext(connection) as before:
        assert admin_client.get(url).status_code == 200
    _more_agreements(12)
    assert Agreement.objects.filter(title__startswith="Thỏa thuận thử").count() == 12
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = admin_client.get(url)
    assert response.status_code == 200
    # The page does not list the new agreements either: rendering them was what cost the time.
    assert "Thỏa thuận thử" not in response.content.decode()


def test_the_picker_messages_are_translated_and_compiled() -> None:
    import gettext
    from pathlib import Path

    from hoptac.web.tests.test_catalogues import _entries

    folder = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES"
    entries = dict(_entries(folder / "django.po"))
    assert [m for m, s in entries.items() if m and not s] == []
    with (folder / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    assert [m for m, s in entries.items() if m and catalog.gettext(m) != s] == []


def test_quick_widgets_give_djangos_markup() -> None:
    from django import forms
    from django.test.html import parse_html

    from hoptac.web.widgets import QuickCheckboxes, QuickSelect

    choices = [("LA-XE", "Sê Kông"), ("KH-19", 'Stung "Treng" <b>'), ("VN-28", "Kon Tum")]

    class Plain(forms.Form):
        one = forms.ChoiceField(choices=choices)
        many = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)

    class Quick(forms.Form):
        one = forms.ChoiceField(choices=choices, widget=QuickSelect)
        many = forms.MultipleChoiceField(choices=choices, widget=QuickCheckboxes)

    for data in ({"one": "KH-19", "many": ["LA-XE", "VN-28"]}, {}):
        for name in ("one", "many"):
            plain, quick = str(Plain(data or None)[name]), str(Quick(data or None)[name])
            assert parse_html(quick) == parse_html(plain), (quick, plain)
    assert "&lt;b&gt;" in str(Quick()["many"]) and " checked" in str(Quick({"many": ["VN-28"]})["many"])


def test_forms_of_two_users_share_no_lookups(admin_user: Any, demo: None) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.web.forms import VisitForm

    secret = Agreement.objects.get(title__contains=SE_KONG)
    secret.confidential = True
    secret.save()
    viewer = _viewer()
    initial = {"agreement": str(secret.uid)}
    search = {"date": "2026", "agreement__q": "se kong"}
    admin_search = VisitForm(search, user=admin_user)
    assert not admin_search.is_valid() and SE_KONG in str(admin_search["agreement"])
    assert SE_KONG in str(VisitForm(initial=initial, user=admin_user)["agreement"])
    # The same id, the same search, for a user who may not see it: nothing of it shows.
    assert SE_KONG not in str(VisitForm(initial=initial, user=viewer)["agreement"])
    viewer_search = VisitForm(search, user=viewer)
    assert not viewer_search.is_valid() and SE_KONG not in str(viewer_search["agreement"])


def test_the_agreement_picker_offers_the_chosen_partners_agreements(admin_client: Any, demo: None) -> None:
    from hoptac.web.tests.test_pages import text_of

    page = text_of(admin_client.get("/pick/agreements/?name=agreement&partner=KH-19"))
    assert "Stung Treng" in page and "Sê Kông" not in page
    searched = text_of(admin_client.get("/pick/agreements/?name=agreement&partner=KH-19&q=Sê+Kông"))
    assert "Sê Kông giai đoạn" not in searched
