"""What an import leaves in the database, table by table: the rows, their links and their history."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from hoptac.activities.models import Activity
from hoptac.agreements.commitments import create_commitment
from hoptac.agreements.models import Agreement, Commitment
from hoptac.core.text import fold
from hoptac.imports.activities import import_activities
from hoptac.imports.problems import ImportRefused
from hoptac.people.models import Person
from hoptac.people.services import create_person

pytestmark = pytest.mark.django_db

HEADER = ["id", "kind", "title", "date", "end_date", "status", "place", "parties", "agreements",
          "commitments", "direction", "head_of_delegation", "delegation_size", "description"]  # fmt: skip
GIVEN = "3f2b8c1e-1d2a-4c5b-8e9f-0a1b2c3d4e5f"
LINKS = {"parties": "place_id", "agreements": "agreement_id", "commitments": "commitment_id"}
COLUMNS = ("kind", "title", "date", "end_date", "status", "direction", "place_id", "head_of_delegation_id",
           "delegation_size", "description")  # fmt: skip


@pytest.fixture
def commitment(agreement: Agreement) -> Commitment:
    return create_commitment(
        agreement,
        {
            "giver": "VN-28",
            "receiver": "LA-XE",
            "quantity": 10,
            "unit": "scholarship",
            "period_start": "2024",
        },
    )


def _counts() -> dict[str, int]:
    return {m._meta.db_table: m._default_manager.count() for m in apps.get_models(include_auto_created=True)}


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_every_table_holds_exactly_the_imported_rows(
    tmp_path: Path, agreement: Agreement, commitment: Commitment
) -> None:
    known = create_person({"name": "Sok Chea"})
    user = get_user_model().objects.create_superuser("importer")
    a, c = str(agreement.uid), str(commitment.uid)
    path = _sheet(
        tmp_path / "mixed.csv",
        [
            [GIVEN, "visit", "Đoàn ra", "12/03/2024", "2024-03-14", "", "LA-XE", "VN-28; LA-XE", a, c,
             "outgoing", "Y Ngọc", "12", "Mô tả\tcó tab, \"ngoặc\" và \\ gạch"],
            ["", "review_conference", "", "2024", "", "held", "", "LA-XE", f"{a},{a}", "", "", str(known.uid),
             "", ""],
            ["", "meeting", "Hội đàm", "", "", "planned", "vn-28", "", "", c, "", "sok chea", "0", ""],
            ["", "visit", "", "--12-28", "03/2025", "planned", "", "LA-XE VN-28", "", "", "incoming",
             "Y Ngọc", "", "dòng một\ndòng hai"],
        ],
    )  # fmt: skip
    before = _counts()
    result = import_activities(path, user=user, reason="nạp thử")
    assert (result.rows, result.people_created) == (4, 1)
    head = Person.objects.get(name="Y Ngọc")

    activities = list(Activity.objects.order_by("id"))
    assert [tuple(getattr(x, k) if k.endswith("_id") else str(getattr(x, k)) for k in COLUMNS)
            for x in activities] == [
        ("visit", "Đoàn ra", "2024-03-12", "2024-03-14", "held", "outgoing", "LA-XE", head.pk, "12",
         "Mô tả\tcó tab, \"ngoặc\" và \\ gạch"),
        ("review_conference", "", "2024", "None", "held", "", None, known.pk, "None", ""),
        ("meeting", "Hội đàm", "None", "None", "planned", "", "VN-28", known.pk, "0", ""),
        ("visit", "", "--12-28", "2025-03", "planned", "incoming", None, head.pk, "None", "dòng một\ndòng hai"),
    ]  # fmt: skip
    # The folded text search reads is what Activity.save() would store.
    assert [x.folded for x in activities] == [fold(f"{x.title} {x.description}") for x in activities]
    assert activities[0].folded.startswith("doan ra mo ta")
    assert str(activities[0].uid) == GIVEN
    assert len({x.uid for x in activities}) == 4 and all(isinstance(x.uid, uuid.UUID) for x in activities)
    stamp = activities[0].created_at
    assert all(x.created_at == x.updated_at == stamp for x in activities)

    # One history entry per activity, saying it was created by the import, by whom, holding the same values.
    history = Activity.history.model  # type: ignore[attr-defined]
    entries = list(history.objects.order_by("history_id"))
    assert [(e.id, e.uid, e.history_type, e.history_change_reason, e.history_user_id, e.history_date)
            for e in entries] == [(x.pk, x.uid, "+", "nạp thử", user.pk, stamp) for x in activities]  # fmt: skip
    for entry, activity in zip(entries, activities, strict=True):
        assert [getattr(entry, k) for k in (*COLUMNS, "created_at", "updated_at")] == [
            getattr(activity, k) for k in (*COLUMNS, "created_at", "updated_at")
        ]

    # The links, in the order of the file, and a copy of each attached to the history entry.
    ids = [x.pk for x in activities]
    expected = {
        "parties": [(ids[0], "VN-28"), (ids[0], "LA-XE"), (ids[1], "LA-XE"), (ids[3], "LA-XE"), (ids[3], "VN-28")],
        "agreements": [(ids[0], agreement.pk), (ids[1], agreement.pk)],
        "commitments": [(ids[0], commitment.pk), (ids[2], commitment.pk)],
    }  # fmt: skip
    entry_of = {e.id: e.history_id for e in entries}
    for name, target in LINKS.items():
        links = list(
            getattr(Activity, name).through.objects.order_by("id").values_list("id", "activity_id", target)
        )
        assert [(a, t) for _, a, t in links] == expected[name], name
        copies = apps.get_model("activities", f"HistoricalActivity_{name}").objects.order_by("m2m_history_id")
        assert list(copies.values_list("id", "history_id", "activity_id", target)) == [
            (i, entry_of[a], a, t) for i, a, t in links
        ], name
    # The history as simple-history reads it back: the entry holds the links the activity was created with.
    first = activities[0].history.get()
    assert sorted(p.place_id for p in first.parties.all()) == ["LA-XE", "VN-28"]
    assert [x.agreement_id for x in first.agreements.all()] == [agreement.pk]

    # Nothing else changed: the new person (with its history entry) and the rows above.
    after = _counts()
    grown = {table: after[table] - before[table] for table in after if after[table] != before[table]}
    assert grown == {
        "activities_activity": 4, "activities_historicalactivity": 4,
        "activities_activity_parties": 5, "activities_historicalactivity_parties": 5,
        "activities_activity_agreements": 2, "activities_historicalactivity_agreements": 2,
        "activities_activity_commitments": 2, "activities_historicalactivity_commitments": 2,
        "people_person": 1, "people_historicalperson": 1,
    }  # fmt: skip


def test_a_refused_file_writes_nothing_at_all(tmp_path: Path, agreement: Agreement) -> None:
    a = str(agreement.uid)
    rows = [["", "visit", "", "2024", "", "", "", "VN-28", a, "", "", "Người Mới", "", ""]] * 3
    rows.append(["", "visit", "", "2024-02-30", "", "", "", "VN-28", a, "", "", "Người Mới", "", ""])
    before = _counts()
    with pytest.raises(ImportRefused):
        import_activities(_sheet(tmp_path / "bad.csv", rows))
    assert _counts() == before


def test_an_error_while_writing_stores_nothing(
    tmp_path: Path, agreement: Agreement, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    from hoptac.imports import writing

    if connection.vendor != "postgresql":
        pytest.skip("the COPY path is PostgreSQL's")
    real = writing.copy_payloads

    def broken(*args: Any) -> Any:
        yield from real(*args)
        yield writing.Payload("activities_activity", ["no_such_column"], "1\n")

    monkeypatch.setattr(writing, "copy_payloads", broken)
    before = _counts()
    rows = [["", "visit", "", "2024", "", "", "", "VN-28", str(agreement.uid), "", "", "", "", ""]] * 5
    with pytest.raises(Exception, match="no_such_column"):
        import_activities(_sheet(tmp_path / "a.csv", rows))
    assert _counts() == before


def test_new_public_ids_are_random_uuids() -> None:
    from hoptac.imports.checking import _new_uids

    ids = _new_uids()
    made = [next(ids) for _ in range(10_000)]
    assert len(set(made)) == len(made)
    for text in made[::97]:
        uid = uuid.UUID(text)
        assert (uid.version, uid.variant, str(uid)) == (4, uuid.RFC_4122, text)
