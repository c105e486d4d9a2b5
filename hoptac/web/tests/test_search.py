"""Search reads activities one combination of ways at a time and finds exactly what the plain rule finds."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db.models import Q, QuerySet

from hoptac.activities import bounds
from hoptac.activities.models import Activity
from hoptac.activities.services import create_activity
from hoptac.web import search as search_module
from hoptac.web.search import search

pytestmark = pytest.mark.django_db

WORDS = ["hội nghị", "sơ kết", "giáo dục", "y tế", "thương mại", "Kon Tum", "Sê Kông", "biên giới"]
PLACES = ["VN-28", "LA-XE", "LA-CH", "KH-19", "VN-26", "LA-AT"]
PEOPLE = ["Y Ngọc", "Nguyễn Văn Hùng", "Alounxai Sounnalath", "Sòm Sắc"]
QUERIES = ["kon tum", "so ket", "se kong", "nguyen", "y", "giao duc champasak", "hoi nghi kon", "attapeu",
           "hung bien", "tum y te", "sounnalath se", "xyz",
           " ".join("aeiouy" * 5)]  # fmt: skip  # thirty one-letter words: 4^30 combinations if ever made


def plain(shown: QuerySet[Activity], every: Q, words: Any) -> list[int]:
    """The rule itself: every word matched one way or another, newest first."""
    ordered = shown.filter(every).order_by("-date", "-id")
    return list(ordered.values_list("id", flat=True)[: search_module.LIMIT])


@pytest.fixture
def registry() -> None:
    rng = random.Random(11)
    for n in range(80):
        year = rng.randint(2008, 2026)
        create_activity(
            {
                "kind": "meeting",
                "title": " ".join(rng.sample(WORDS, 2)) + f" {n}",
                "date": rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]),
                "place": rng.choice([None, *PLACES]),
                "parties": rng.sample(PLACES, rng.randint(0, 2)),
                "head_of_delegation": rng.choice([None, *PEOPLE]),
            }
        )


@pytest.mark.parametrize("combinations", [32, 1])
def test_activities_found_are_those_of_the_plain_rule(
    registry: None, admin_user: Any, monkeypatch: pytest.MonkeyPatch, combinations: int
) -> None:
    # A small page, so which rows come first matters; with one combination allowed, the longest word's ways.
    monkeypatch.setattr(search_module, "LIMIT", 4)
    monkeypatch.setattr(search_module, "MAX_COMBINATIONS", combinations)
    found = {q: [a.id for a in search(admin_user, q).activities] for q in QUERIES}
    monkeypatch.setattr(search_module, "newest", plain)
    expected = {q: [a.id for a in search(admin_user, q).activities] for q in QUERIES}
    assert found == expected
    assert sum(1 for ids in expected.values() if len(ids) == 4) >= 4  # the queries do fill pages


def test_a_place_merged_away_is_still_found_by_its_old_activities(registry: None, admin_user: Any) -> None:
    old = create_activity({"kind": "visit", "title": "Đoàn thăm", "date": "2009-01-02", "parties": ["LA-AT"]})
    Activity.objects.filter(Q(parties="LA-AT") | Q(place="LA-AT")).exclude(pk=old.pk).delete()
    bounds.recompute(["LA-AT"])  # its latest activity is now 2009: the search starts there
    assert [a.id for a in search(admin_user, "attapeu").activities] == [old.id]
