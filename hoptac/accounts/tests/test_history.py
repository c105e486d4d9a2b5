"""History: who changed what, and restoring a record as it was at a version (through the services)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hoptac.accounts.history import changes, restore_version, version_data
from hoptac.accounts.models import AuditEvent
from hoptac.accounts.tests.conftest import uid
from hoptac.activities.models import Activity
from hoptac.activities.services import update_activity
from hoptac.agreements.models import Agreement
from hoptac.agreements.services import update_agreement
from hoptac.people.services import create_person, update_person

# The messages asserted below are the English originals.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def agreement_data(agreement_data: dict[str, Any]) -> dict[str, Any]:
    """The shared test MOU, signed on another day than the demo's twin so both can exist."""
    return {**agreement_data, "signed_on": "2022-05"}


def _first_version(record: Any) -> int:
    return record.history.order_by("history_date", "history_id").first().history_id


def test_changes_say_what_changed(agreement: Agreement) -> None:
    update_agreement(agreement, {"title": "Bản ghi nhớ đã sửa", "fields": ["economy"]})
    versions = changes(agreement)
    assert versions[-1].kind == "+" and versions[-1].fields == []
    assert all(v.fields for v in versions[:-1])  # versions that changed nothing are left out
    changed = {c.field: c for v in versions[:-1] for c in v.fields}
    assert changed["title"].before.startswith("Bản ghi nhớ hợp tác Kon Tum")
    assert changed["title"].after == "Bản ghi nhớ đã sửa"
    assert changed["title"].label
    assert "fields" in changed


def test_restore_puts_back_fields_parties_and_lists(users: dict[str, Any], agreement: Agreement) -> None:
    original = version_data(agreement, _first_version(agreement))
    assert original["title"].startswith("Bản ghi nhớ hợp tác Kon Tum")
    assert [p["place"] for p in original["parties"]] == ["VN-28", "LA-XE"]
    update_agreement(
        agreement,
        {
            "title": "Đổi tên",
            "period_end": "2030",
            "fields": ["economy"],
            "parties": [{"place": "VN-28"}, {"place": "LA-AT", "body": "Attapeu"}],
        },
    )
    restore_version(agreement, _first_version(agreement), users["officer_kt"])
    agreement.refresh_from_db()
    assert agreement.title == original["title"]
    assert str(agreement.period_end) == "2027"
    assert sorted(f.code for f in agreement.fields.all()) == ["economy", "education_training"]
    parties = list(agreement.parties.order_by("position"))
    assert [p.place_id for p in parties] == ["VN-28", "LA-XE"]
    assert parties[0].signatory is not None and parties[0].signatory.name == "Lê Ngọc Tuấn"
    assert parties[0].signatory_title == "Chủ tịch"
    event = AuditEvent.objects.get(action="restore")
    assert event.username == "officer_kt" and event.record_uid == str(agreement.uid)
    # The restore is itself a new version, so it can be undone the same way.
    assert changes(agreement)[0].kind == "~"


def test_restore_needs_the_right_to_change(users: dict[str, Any], agreement: Agreement) -> None:
    update_agreement(agreement, {"title": "Đổi tên"})
    with pytest.raises(PermissionDenied):
        restore_version(agreement, _first_version(agreement), users["viewer_kt"])
    with pytest.raises(PermissionDenied):
        restore_version(agreement, _first_version(agreement), users["officer_hue"])
    agreement.refresh_from_db()
    assert agreement.title == "Đổi tên"


def test_restore_an_activity_with_its_links(users: dict[str, Any]) -> None:
    activity = Activity.objects.get(uid=uid("e-review-2024"))
    before = set(activity.agreements.values_list("uid", flat=True))
    first = activity.history.order_by("-history_date").first().history_id
    update_activity(activity, {"agreements": [], "parties": ["VN-28"], "delegation_size": 3, "title": "Khác"})
    restore_version(activity, first, users["admin"])
    activity.refresh_from_db()
    assert set(activity.agreements.values_list("uid", flat=True)) == before
    assert sorted(p.code for p in activity.parties.all()) == ["LA-AT", "LA-XE", "VN-28"]
    assert activity.title != "Khác"


def test_a_link_deleted_since_is_dropped(users: dict[str, Any]) -> None:
    activity = Activity.objects.get(uid=uid("e-review-2024"))
    first = activity.history.order_by("-history_date").first().history_id
    Agreement.objects.filter(uid=uid("a-kt-at-2022")).delete()
    update_activity(activity, {"title": "Khác"})
    restore_version(activity, first, users["admin"])
    assert list(activity.agreements.values_list("uid", flat=True)) == [
        Agreement.objects.get(uid=uid("a-kt-xe-2022")).uid
    ]


def test_restore_a_person_with_titles(users: dict[str, Any]) -> None:
    person = create_person(
        {"name": "Y Ngọc", "titles": [{"title": "Phó Chủ tịch", "place": "VN-28", "start": "2021"}]}
    )
    first = _first_version(person)
    update_person(person, {"name": "Y Ngoc", "titles": []})
    restore_version(person, first, users["officer_kt"])
    person.refresh_from_db()
    assert person.name == "Y Ngọc"
    assert [(t.title, t.place_id, str(t.start)) for t in person.titles.all()] == [
        ("Phó Chủ tịch", "VN-28", "2021")
    ]


def test_unknown_version_is_a_clear_error(users: dict[str, Any], agreement: Agreement) -> None:
    with pytest.raises(ValidationError) as caught:
        restore_version(agreement, 999999, users["admin"])
    assert "not a version of this record" in caught.value.message_dict["history_id"][0]
