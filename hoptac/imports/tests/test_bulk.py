"""The imports' bulk writer against the services: same stored rows, every bad row named, keys checked."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from hoptac.activities.models import Activity
from hoptac.activities.services import create_activity
from hoptac.agreements.models import Agreement
from hoptac.imports import bulk, writing
from hoptac.imports.activities import import_activities
from hoptac.imports.problems import ImportRefused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

HEADER = ["kind", "title", "date", "end_date", "status", "place", "parties", "agreements", "direction",
          "head_of_delegation", "delegation_size", "description"]  # fmt: skip


def _rows(agreement: Agreement) -> list[dict[str, str]]:
    a = str(agreement.uid)
    return [
        {"kind": "visit", "title": "Đoàn ra Sê Kông", "date": "2024-03-12", "end_date": "2024-03-14",
         "place": "LA-XE", "parties": "VN-28;LA-XE", "agreements": a, "direction": "outgoing",
         "head_of_delegation": "Y Ngọc", "delegation_size": "12", "description": "Mô tả\tcó tab"},
        {"kind": "review_conference", "date": "2024-12", "parties": "VN-28;LA-XE", "agreements": a},
        {"kind": "meeting", "status": "planned", "date": "2026", "title": "Hội đàm", "place": "VN-28",
         "head_of_delegation": "Y Ngọc"},
        {"kind": "visit", "date": "2025-01-05", "parties": "LA-XE", "direction": "incoming",
         "delegation_size": "0"},
    ]  # fmt: skip


# Bad rows, each with the (sheet row, column) of its problems once placed between the good rows.
BAD = [
    ({"kind": "visit", "date": "2024-02-30", "parties": "VN-28"}, [(3, "date")]),
    ({"kind": "meeting", "date": "2024", "place": "Atlantis"}, [(5, "place")]),
    ({"kind": "party", "date": "2024", "agreements": "3f2b8c1e-1d2a-4c5b-8e9f-0a1b2c3d4e5f"},
     [(7, "agreements"), (7, "kind")]),
]  # fmt: skip


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _service_data(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in row.items() if v}
    for key in ("parties", "agreements"):
        if key in data:
            data[key] = data[key].split(";")
    if "delegation_size" in data:
        data["delegation_size"] = int(data["delegation_size"])
    return data


def _stored() -> list[tuple[Any, ...]]:
    """What the registry holds for each activity, without ids, public ids and times."""
    found = []
    for a in Activity.objects.order_by("id"):
        # The services write an entry per step (saved, then each list of links); the import one entry
        # holding the end state. Both must start with a creation and end with the same links.
        first, latest = a.history.earliest(), a.history.latest()
        found.append((
            a.kind, a.title, str(a.date), str(a.end_date), a.status, a.place_id, a.direction,
            a.head_of_delegation.name if a.head_of_delegation else None, a.delegation_size, a.description,
            a.folded, sorted(p.code for p in a.parties.all()), [x.uid for x in a.agreements.all()],
            first.history_type, sorted(p.place_id for p in latest.parties.all()),
            [x.agreement_id for x in latest.agreements.all()],
        ))  # fmt: skip
    return found


def _import(path: Path) -> list[tuple[Any, ...]]:
    with transaction.atomic():
        import_activities(path)
        stored = _stored()
        transaction.set_rollback(True)
    return stored


def test_every_bad_row_is_named_and_the_good_rows_are_stored_as_the_services_store_them(
    tmp_path: Path, agreement: Agreement
) -> None:
    good = _rows(agreement)
    mixed = [good[0], BAD[0][0], good[1], BAD[1][0], good[2], BAD[2][0], good[3]]
    with pytest.raises(ImportRefused) as refused:
        import_activities(_csv(tmp_path / "mixed.csv", mixed))
    assert sorted({(p.row, p.column) for p in refused.value.problems}) == [
        w for _, where in BAD for w in where
    ]
    assert Activity.objects.count() == 0

    imported = _import(_csv(tmp_path / "good.csv", good))
    with transaction.atomic():
        for row in good:
            create_activity(_service_data(row))
        by_service = _stored()
        transaction.set_rollback(True)
    assert len(imported) == 4 and imported == by_service


def test_set_based_and_per_row_key_checks_store_the_same(
    tmp_path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")
    path = _csv(tmp_path / "good.csv", _rows(agreement) * 3)
    with transaction.atomic():
        assert import_activities(path).key_checks == "set-based"  # the test server's user is a superuser
        # The per-row checks are back for whatever the transaction writes next.
        with connection.cursor() as cursor:
            cursor.execute("SHOW session_replication_role")
            assert cursor.fetchone()[0] == "origin"
        fast = _stored()
        transaction.set_rollback(True)
    monkeypatch.setattr(bulk, "may_skip_row_checks", lambda tables: False)
    with transaction.atomic():
        assert import_activities(path).key_checks == "per row"
        assert _stored() == fast
        transaction.set_rollback(True)


def test_a_key_gone_before_the_write_stops_the_import(
    tmp_path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")
    real = writing.references

    def gone(*args: Any) -> bulk.References:
        found = real(*args)
        found[("activities_activity_agreements", "agreement_id")] = {agreement.pk, 10**9}
        return found

    monkeypatch.setattr(writing, "references", gone)
    with pytest.raises(IntegrityError, match="agreement_id: no agreements_agreement row with id 1000000000"):
        import_activities(_csv(tmp_path / "good.csv", _rows(agreement)))
    assert Activity.objects.count() == 0


def test_a_foreign_key_the_writer_does_not_know_keeps_the_per_row_checks(
    tmp_path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")
    real = writing.references

    def partial(*args: Any) -> bulk.References:
        found = real(*args)
        del found[("activities_activity", "place_id")]
        return found

    monkeypatch.setattr(writing, "references", partial)
    with transaction.atomic():
        assert import_activities(_csv(tmp_path / "good.csv", _rows(agreement))).key_checks == "per row"
        transaction.set_rollback(True)
