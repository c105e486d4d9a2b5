"""Each place's activity bound stays at or above its latest activity through every kind of write."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q

from hoptac.activities import bounds
from hoptac.activities.models import Activity
from hoptac.activities.services import create_activity, delete_activity, update_activity
from hoptac.imports.activities import import_activities
from hoptac.imports.tests.test_activities import visit, write_csv
from hoptac.places.models import Place
from hoptac.web import places as place_pages

pytestmark = pytest.mark.django_db

CODES = ["VN-28", "LA-XE", "LA-CH", "KH-19"]


def until(code: str) -> str | None:
    return Place.objects.values_list("activities_until", flat=True).get(code=code)


def latest(code: str) -> str:
    """The place's latest activity date by the database's own order ("" when none)."""
    dated = Activity.objects.filter(Q(place=code) | Q(parties=code)).exclude(date=None)
    found = dated.order_by("-date").values_list("date", flat=True).first()
    return found.isoformat() if found else ""


def newest_plain(code: str, shown: int) -> list[int]:
    """The place's newest activities, read without any bound."""
    ids = Activity.objects.filter(Q(place=code) | Q(parties=code)).values("id")
    return list(
        Activity.objects.filter(id__in=ids).order_by("-date", "id").values_list("id", flat=True)[:shown]
    )


def test_a_new_activity_raises_its_places_bounds_and_never_lowers_them() -> None:
    assert until("LA-CH") == ""
    activity = create_activity({"kind": "visit", "date": "2024-09", "place": "VN-28", "parties": ["LA-CH"]})
    assert until("LA-CH") == "2024-09" and until("VN-28") == "2024-09" and until("LA-XE") == ""
    update_activity(activity, {"date": "2025-03-02", "parties": ["LA-CH", "LA-XE"]})
    assert until("LA-CH") == until("LA-XE") == until("VN-28") == "2025-03-02"
    update_activity(activity, {"date": "2023"})
    assert until("LA-CH") == "2025-03-02"  # an upper bound: lowering it would need every other activity read
    delete_activity(activity)
    bounds.recompute(["LA-CH"])
    assert until("LA-CH") == "" and until("VN-28") == "2025-03-02"


def test_an_unknown_bound_is_left_unknown_and_not_used() -> None:
    Place.objects.filter(code="LA-CH").update(activities_until=None)
    activity = create_activity({"kind": "visit", "date": "2024-09-26", "parties": ["LA-CH"]})
    assert until("LA-CH") is None
    user = get_user_model().objects.create_superuser("root", password="x" * 12)
    assert place_pages.place_activities(user, ["LA-CH"])[0] == [activity.id]


def test_bulk_import_raises_the_bounds_of_the_places_it_names(tmp_path: Path) -> None:
    import_activities(
        write_csv(tmp_path / "a.csv", [visit(date="2024-03-12"), visit(date="2025-01-02", end_date="")])
    )
    assert until("LA-XE") == until("VN-28") == "2025-01-02"


def test_random_writes_keep_the_bounds_and_the_place_page_right(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    monkeypatch.setattr(place_pages, "PLACE_SECTION_ROWS", 4)
    monkeypatch.setattr(place_pages, "COUNT_CAP", 30)
    user = get_user_model().objects.create_superuser("root", password="x" * 12)

    def some_date() -> str:
        year = rng.randint(2005, 2026)
        return rng.choice(
            [f"{year}", f"{year}-{rng.randint(1, 12):02d}", f"{year}-{rng.randint(1, 12):02d}-15"]
        )

    activities = []
    for _ in range(60):
        step = rng.random()
        if step < 0.5 or not activities:
            data = {"kind": "visit", "date": some_date(), "parties": rng.sample(CODES, rng.randint(0, 2))}
            activities.append(create_activity({**data, "place": rng.choice([None, *CODES])}))
        elif step < 0.8:
            update_activity(rng.choice(activities), {"date": some_date()})
        elif step < 0.9:
            chosen = rng.choice(activities)
            codes = {*chosen.parties.values_list("code", flat=True), rng.choice(CODES)}
            update_activity(chosen, {"parties": sorted(codes)})
        else:
            delete_activity(activities.pop(rng.randrange(len(activities))))
    for code in CODES:
        bound = until(code)
        assert bound is not None and bound >= latest(code), code
        shown, total = place_pages.place_activities(user, [code])
        assert shown == newest_plain(code, 4), code
        count = Activity.objects.filter(Q(place=code) | Q(parties=code)).distinct().count()
        assert total == (min(count, 30), count > 30) if count >= 4 else (count, False), code
    # A successor's page counts an activity of two of its places once.
    both = Activity.objects.filter(
        Q(place="VN-28") | Q(parties="VN-28") | Q(place="LA-XE") | Q(parties="LA-XE")
    )
    count = both.distinct().count()
    assert place_pages.place_activities(user, ["VN-28", "LA-XE"])[1] == (min(count, 30), count > 30)
    bounds.recompute()
    assert all(until(code) == latest(code) for code in CODES)


# Each write path, one by one: the bound is first cleared ("" = no activity, which is wrong after the
# write), so a path that forgot to keep it leaves "" and fails.


def _cleared(*codes: str) -> None:
    Place.objects.filter(code__in=codes).update(activities_until="")


def test_only_the_services_keep_the_bounds_not_a_signal() -> None:
    # A plain ORM save no longer keeps the bound: only the services (and bulk writers) do.
    Activity.objects.create(kind="visit", date="2031", place_id="LA-CH")
    assert until("LA-CH") == ""


def test_history_restore_keeps_the_bounds() -> None:
    from hoptac.accounts.history import restore_version

    root = get_user_model().objects.create_superuser("root", password="x" * 12)
    activity = create_activity({"kind": "visit", "date": "2024-05", "parties": ["LA-CH"]})
    first = activity.history.order_by("history_id").first()
    update_activity(activity, {"date": "2020"})
    bounds.recompute(["LA-CH"])
    assert until("LA-CH") == "2020"
    restore_version(activity, first.history_id, root)
    assert until("LA-CH") == "2024-05"


def test_undo_of_a_deletion_keeps_the_bounds() -> None:
    from hoptac.accounts.deletion import delete_record, undo_delete

    root = get_user_model().objects.create_superuser("root", password="x" * 12)
    activity = create_activity({"kind": "visit", "date": "2024-05", "place": "KH-19", "parties": ["LA-CH"]})
    tombstone = delete_record(activity, root)
    bounds.recompute(["LA-CH", "KH-19"])
    assert until("LA-CH") == until("KH-19") == ""
    assert tombstone is not None
    undo_delete(tombstone, root)
    assert until("LA-CH") == until("KH-19") == "2024-05"


def test_a_registry_import_keeps_the_bounds() -> None:
    from hoptac.exchange.load import SCHEMA, import_registry

    _cleared("LA-CH", "VN-28")
    import_registry(
        {
            "schema": SCHEMA,
            "activities": [
                {"id": "e-1", "kind": "visit", "date": "2023-07-01", "place": "VN-28", "parties": ["LA-CH"]}
            ],
        }
    )
    assert until("LA-CH") == until("VN-28") == "2023-07-01"


def test_ingest_keeps_the_bounds() -> None:
    from hoptac.extraction.ingest import ingest_record
    from hoptac.extraction.tests.test_ingest import TEXT_A, record

    _cleared("LA-XE", "VN-28")
    ingest_record(record(), TEXT_A, "a")
    assert until("LA-XE") == until("VN-28") == "2024"


def test_synth_keeps_the_bounds() -> None:
    from hoptac.synth.build import build

    Place.objects.update(activities_until="")
    build("tiny", seed=7)
    touched = set(Activity.objects.exclude(date=None).values_list("place_id", flat=True)) - {None}
    assert touched
    assert all(until(code) == latest(code) for code in touched)
