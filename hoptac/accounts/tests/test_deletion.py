"""Soft delete to a tombstone, undo by an administrator, hard delete audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hoptac.accounts.deletion import delete_record, undo_delete
from hoptac.accounts.models import AuditEvent, Tombstone
from hoptac.accounts.tests.conftest import uid
from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, Commitment, Delivery
from hoptac.exchange.export import export_registry
from hoptac.figures.models import Figure
from hoptac.people.models import Person
from hoptac.sources.models import Source

# The messages asserted below are the English originals.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def _without_stamps(value: Any) -> Any:
    """The export with the `updated` times left out (putting links back is itself a change)."""
    if isinstance(value, dict):
        return {k: _without_stamps(v) for k, v in value.items() if k != "updated"}
    if isinstance(value, list):
        return [_without_stamps(v) for v in value]
    return value


def test_deleting_an_agreement_keeps_a_tombstone_and_undo_brings_it_all_back(users: dict[str, Any]) -> None:
    from hoptac.sources.services import create_source, link_source

    xe = Agreement.objects.get(uid=uid("a-kt-xe-2022"))
    link_source(xe, create_source({"title": "Bài báo", "text": "Kon Tum và Sê Kông ký bản ghi nhớ."}), 0, 7)
    before = _without_stamps(export_registry())
    assert xe.commitments.exists() and xe.activities.exists() and xe.figures.exists()

    tombstone = delete_record(xe, users["officer_kt"])
    assert tombstone is not None and tombstone.record_uid == uid("a-kt-xe-2022")
    assert not Agreement.objects.filter(uid=uid("a-kt-xe-2022")).exists()
    assert not Figure.objects.filter(agreement__uid=uid("a-kt-xe-2022")).exists()
    assert AuditEvent.objects.get(action="soft_delete").username == "officer_kt"

    with pytest.raises(PermissionDenied):
        undo_delete(tombstone, users["officer_kt"])
    restored = undo_delete(tombstone, users["admin"])
    assert restored.uid == xe.uid
    assert _without_stamps(export_registry()) == before
    tombstone.refresh_from_db()
    assert tombstone.restored_at is not None
    assert AuditEvent.objects.filter(action="undelete", record_uid=str(xe.uid)).exists()
    with pytest.raises(ValidationError, match="already undone"):
        undo_delete(tombstone, users["admin"])


@pytest.mark.parametrize(
    ("model", "pick"),
    [
        (Activity, lambda: Activity.objects.get(uid=uid("e-review-2024"))),
        (Figure, lambda: Figure.objects.get(uid=uid("f-trade"))),
        (Commitment, lambda: Commitment.objects.filter(agreement__uid=uid("a-kt-xe-2022")).first()),
        (Delivery, lambda: Delivery.objects.order_by("pk").first()),
        (Person, lambda: Person.objects.order_by("pk").first()),
        (Source, lambda: Source.objects.order_by("pk").first()),
    ],
)
def test_every_kind_of_record_can_be_undeleted(users: dict[str, Any], model: Any, pick: Any) -> None:
    record = pick()
    assert record is not None
    before = _without_stamps(export_registry())
    tombstone = delete_record(record, users["admin"])
    assert not model.objects.filter(uid=record.uid).exists()
    assert tombstone is not None
    undo_delete(tombstone, users["admin"])
    assert model.objects.filter(uid=record.uid).exists()
    assert _without_stamps(export_registry()) == before


def test_who_may_delete(users: dict[str, Any]) -> None:
    hue = Agreement.objects.get(uid=uid("a-hue-ch-2022"))
    for name in ("officer_kt", "viewer_hue", "ministry", "contributor"):
        with pytest.raises(PermissionDenied):
            delete_record(hue, users[name])
    assert Agreement.objects.filter(pk=hue.pk).exists()
    assert not Tombstone.objects.exists()


def test_only_administrators_delete_for_good(users: dict[str, Any]) -> None:
    hue = Agreement.objects.get(uid=uid("a-hue-ch-2022"))
    with pytest.raises(PermissionDenied, match="only an administrator"):
        delete_record(hue, users["officer_hue"], hard=True)
    assert delete_record(hue, users["admin"], hard=True) is None
    assert not Agreement.objects.filter(pk=hue.pk).exists()
    assert not Tombstone.objects.exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.username == "admin" and event.record_uid == uid("a-hue-ch-2022")
    assert event.summary == hue.title


def test_undo_says_when_the_parent_is_gone_too(users: dict[str, Any]) -> None:
    commitment = Commitment.objects.filter(agreement__uid=uid("a-kt-xe-2022")).first()
    assert commitment is not None
    tombstone = delete_record(commitment, users["officer_kt"])
    delete_record(Agreement.objects.get(uid=uid("a-kt-xe-2022")), users["admin"], hard=True)
    assert tombstone is not None
    with pytest.raises(ValidationError, match="undo that deletion first"):
        undo_delete(tombstone, users["admin"])
