"""The admin writes through the services: the service's refusals, history with the actor, derived data."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import Client

from hoptac.activities.models import Activity
from hoptac.activities.services import create_activity
from hoptac.agreements.models import Agreement
from hoptac.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db: Any) -> Any:
    return get_user_model().objects.create_superuser("root", password="x-Very-long-pass-1")


@pytest.fixture
def admin_client(root: Any) -> Client:
    client = Client()
    client.force_login(root)
    return client


def _form(client: Client, url: str, values: dict[str, Any]) -> dict[str, Any]:
    """The admin form's fields as posted, with every inline empty."""
    page = client.get(url).content.decode()
    data: dict[str, Any] = {}
    for prefix in set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page)):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    for key, value in values.items():
        if value is None:
            data[key] = ""
        elif isinstance(value, list):
            data[key] = [getattr(v, "pk", v) for v in value]
        else:
            data[key] = getattr(value, "pk", value)
    return data


def _messages(response: Any) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_an_invalid_record_is_refused_with_the_services_message(admin_client: Client) -> None:
    url = "/admin/activities/activity/add/"
    data = _form(admin_client, url, {"kind": "visit", "status": "held", "date": "", "title": "Chuyến thăm"})
    response = admin_client.post(url, data, follow=True)
    # The admin's own form would take it (a date is optional in the model); the service refuses it.
    with pytest.raises(ValidationError) as refused:
        create_activity({"kind": "visit", "status": "held", "title": "Chuyến thăm"})
    assert refused.value.message_dict["date"][0] in _messages(response), _messages(response)
    assert not Activity.objects.exists()


def test_an_agreement_needs_its_parties_in_the_admin_too(admin_client: Client) -> None:
    url = "/admin/agreements/agreement/add/"
    data = _form(admin_client, url, {"title": "Thỏa thuận", "kind": "mou", "signed_on": "2024"})
    data |= {
        "parties-TOTAL_FORMS": "1",
        "parties-0-place": "VN-28",
        "parties-0-position": "0",
    }
    response = admin_client.post(url, data, follow=True)
    assert "parties" in _messages(response), _messages(response)
    assert not Agreement.objects.exists()


def test_an_admin_change_goes_through_the_service_with_history_and_bounds(
    admin_client: Client, root: Any
) -> None:
    activity = create_activity({"kind": "visit", "date": "2024-05", "place": "VN-28", "parties": ["LA-CH"]})
    url = f"/admin/activities/activity/{activity.pk}/change/"
    values = model_to_dict(activity, exclude=["id"])
    data = _form(admin_client, url, {**values, "date": "2026-01-02"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, _messages(response)
    activity.refresh_from_db()
    assert str(activity.date) == "2026-01-02"
    newest = activity.history.order_by("-history_id").first()
    assert newest.history_user == root
    # Derived data kept by the service (no signal any more): the places' bounds.
    assert Place.objects.get(code="LA-CH").activities_until == "2026-01-02"


def test_an_admin_add_creates_through_the_service(admin_client: Client, root: Any) -> None:
    url = "/admin/activities/activity/add/"
    data = _form(
        admin_client,
        url,
        {"kind": "visit", "status": "held", "date": "2027-03", "place": "VN-28", "parties": ["LA-XE"]},
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, _messages(response)
    activity = Activity.objects.get()
    assert {h.history_user for h in activity.history.all()} == {root}
    assert Place.objects.get(code="LA-XE").activities_until == "2027-03"
