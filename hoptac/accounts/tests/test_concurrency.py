"""Optimistic concurrency: a change made from an old version is refused with Conflict, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hoptac.accounts.tests.conftest import uid
from hoptac.activities.models import Activity
from hoptac.activities.services import update_activity
from hoptac.agreements.commitments import update_commitment, update_delivery
from hoptac.agreements.models import Agreement, Commitment, Delivery
from hoptac.agreements.services import update_agreement
from hoptac.core.concurrency import Conflict, check_version, version_of
from hoptac.figures.models import Figure
from hoptac.figures.services import update_figure
from hoptac.people.models import Person
from hoptac.people.services import update_person
from hoptac.sources.models import Source
from hoptac.sources.services import update_source

# The messages asserted below are the English originals.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def test_change_from_the_current_version_passes(agreement: Agreement) -> None:
    before = version_of(agreement)
    update_agreement(agreement, {"title": "Bản ghi nhớ mới", "version": before})
    agreement.refresh_from_db()
    assert agreement.title == "Bản ghi nhớ mới"
    assert version_of(agreement) != before


def test_second_change_from_the_same_version_conflicts(agreement: Agreement) -> None:
    opened = version_of(agreement)
    # Two officers open the same agreement; the first saves.
    first = Agreement.objects.get(pk=agreement.pk)
    update_agreement(first, {"title": "Sửa lần một", "version": opened})
    second = Agreement.objects.get(pk=agreement.pk)
    with pytest.raises(Conflict) as caught:
        update_agreement(second, {"title": "Sửa lần hai", "notes": "x", "version": opened})
    assert isinstance(caught.value, ValidationError)
    assert "someone else changed this record" in caught.value.message_dict["version"][0]
    assert caught.value.current_version == version_of(Agreement.objects.get(pk=agreement.pk))
    agreement.refresh_from_db()
    assert agreement.title == "Sửa lần một" and agreement.notes == ""


def test_without_a_version_there_is_no_check(agreement: Agreement) -> None:
    update_agreement(agreement, {"title": "Một"})
    update_agreement(Agreement.objects.get(pk=agreement.pk), {"title": "Hai"})
    agreement.refresh_from_db()
    assert agreement.title == "Hai"


@pytest.mark.parametrize("bad", ["yesterday", "2024-01-01T00:00:00", 12])
def test_a_bad_version_is_a_validation_error_on_version(agreement: Agreement, bad: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        update_agreement(agreement, {"title": "X", "version": bad})
    assert not isinstance(caught.value, Conflict)
    assert "is not a version" in caught.value.message_dict["version"][0]


def test_a_deleted_record_conflicts(agreement: Agreement) -> None:
    stale = Agreement.objects.get(pk=agreement.pk)
    version = version_of(stale)
    Agreement.objects.filter(pk=agreement.pk).delete()
    with pytest.raises(Conflict, match="deleted"):
        check_version(stale, version)


def test_the_version_survives_a_round_trip_through_text(agreement: Agreement) -> None:
    version = version_of(agreement)
    check_version(agreement, version.replace("+00:00", "Z"))
    check_version(agreement, agreement.updated_at)


CASES: list[tuple[type, str, Callable[..., Any], dict[str, Any]]] = [
    (Commitment, "", update_commitment, {"description": "Cam kết đã sửa"}),
    (Delivery, "", update_delivery, {"evidence": "Biên bản bàn giao"}),
    (Activity, "e-review-2024", update_activity, {"title": "Hội nghị sơ kết"}),
    (Figure, "f-trade", update_figure, {"note": "Số liệu sửa"}),
    (Person, "", update_person, {"notes": "Ghi chú"}),
    (Source, "", update_source, {"title": "Bài báo đã sửa"}),
]


@pytest.mark.parametrize(("model", "key", "update", "change"), CASES)
def test_every_update_service_checks_the_version(
    demo: Any, model: Any, key: str, update: Callable[..., Any], change: dict[str, Any]
) -> None:
    record = model.objects.get(uid=uid(key)) if key else model.objects.order_by("pk").first()
    opened = version_of(record)
    update(model.objects.get(pk=record.pk), {**change, "version": opened})
    field, value = next(iter(change.items()))
    with pytest.raises(Conflict):
        update(model.objects.get(pk=record.pk), {field: value + " (lần hai)", "version": opened})
    assert getattr(model.objects.get(pk=record.pk), field) == value
