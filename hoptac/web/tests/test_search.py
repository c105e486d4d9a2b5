"""Search finds what the rule says (whole words, the last a prefix, phrases, named places and people), newest first."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db.models import Q

from hoptac.activities import bounds
from hoptac.activities.models import Activity
from hoptac.activities.services import create_activity
from hoptac.core import fulltext
from hoptac.core.text import fold
from hoptac.people.models import Person
from hoptac.places.models import Place, PlaceAlias
from hoptac.web import search as search_module
from hoptac.web.search import search

pytestmark = pytest.mark.django_db

WORDS = ["hội nghị", "sơ kết", "giáo dục", "y tế", "thương mại", "Kon Tum", "Sê Kông", "biên giới", "kết nối"]
PLACES = ["VN-28", "LA-XE", "LA-CH", "KH-19", "VN-26", "LA-AT"]
PEOPLE = ["Y Ngọc", "Nguyễn Văn Hùng", "Alounxai Sounnalath", "Sòm Sắc"]
QUERIES = ["kon tum", "so ket", "se kong", "nguyen", "y", "giao duc champasak", "hoi nghi kon", "attapeu",
           "hung bien", "tum y te", "sounnalath se", "xyz", "so ket champasak", "hoi nghi nguyen van hung",
           '"ket noi"', '"nghi so"', "ket", "ke", "xekong", "kon tum so ket", "nguyen van", "mai thuong",
           " ".join("aeiouy" * 5)]  # fmt: skip  # thirty one-letter words: cut to twelve


def holds(text: str, terms: fulltext.Terms) -> bool:
    """The rule on a folded text, written out: runs of whole words, the very last word a prefix."""
    padded = f" {text} "
    for number, run in enumerate(terms.runs):
        last = number == len(terms.runs) - 1 and terms.prefix
        if f" {' '.join(run)}{'' if last else ' '}" not in padded:
            return False
    return True


def names_of(codes: list[str]) -> dict[str, list[str]]:
    names = {p.code: [p.folded] for p in Place.objects.filter(code__in=codes)}
    for code, folded in PlaceAlias.objects.filter(place__in=codes).values_list("place_id", "folded"):
        names[code].append(folded)
    return names


def found_by_rule(activity: Activity, terms: fulltext.Terms, names: dict[str, list[str]]) -> bool:
    """Its text holds the terms; or a place or person it names holds them all, or is named in full by a run."""
    places = {code for code in (activity.place_id, *(p.code for p in activity.parties.all())) if code}
    head = activity.head_of_delegation.folded if activity.head_of_delegation else None
    if holds(activity.folded, terms):
        return True
    if any(holds(n, terms) for p in places for n in names[p]) or (head and holds(head, terms)):
        return True
    words = terms.words
    if any(len(run) > 1 for run in terms.runs):
        return False
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            rest = terms.without(i, j)
            if rest is None:
                continue
            run = " ".join(words[i:j])
            named = any(run in names[p] for p in places) or head == run
            if named and holds(activity.folded, rest):
                return True
    return False


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


@pytest.mark.parametrize("limit", [1000, 4])
def test_activities_found_are_the_newest_of_those_the_rule_finds(
    registry: None, admin_user: Any, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    # All of them, then a small page: the newest first (on a date shared, any order).
    monkeypatch.setattr(search_module, "LIMIT", limit)
    activities = list(Activity.objects.select_related("head_of_delegation").prefetch_related("parties"))
    names = names_of(PLACES)
    full_pages = 0
    for query in QUERIES:
        terms = fulltext.parse(query)
        assert terms is not None
        expected = [a for a in activities if found_by_rule(a, terms, names)]
        found = search(admin_user, query).activities
        dates = [str(a.date) for a in found]
        assert dates == sorted((str(a.date) for a in expected), reverse=True)[:limit], query
        if limit > len(expected):
            assert {a.id for a in found} == {a.id for a in expected}, query
        full_pages += len(found) == limit
    assert limit > 80 or full_pages >= 4  # the queries do fill pages


def test_the_rule_finds_words_places_people_and_phrases(registry: None, admin_user: Any) -> None:
    # The rule is not empty-handed: some activities are found only through a place, a person, a phrase.
    def places(a: Activity) -> set[str | None]:
        return {a.place_id, *(p.code for p in a.parties.all())}

    by_place = search(admin_user, "kon tum").activities
    assert any("kon tum" not in a.folded and "VN-28" in places(a) for a in by_place)
    assert all("kon tum" in a.folded or "VN-28" in places(a) for a in by_place)
    mixed = search(admin_user, "hoi nghi nguyen van hung").activities
    assert mixed and all("hoi nghi" in a.folded for a in mixed)
    assert any(a.head_of_delegation and a.head_of_delegation.name == "Nguyễn Văn Hùng" for a in mixed)
    by_party = search(admin_user, "so ket champasak").activities
    assert by_party and all("so ket" in a.folded and "LA-CH" in places(a) for a in by_party)
    phrase = search(admin_user, '"ket noi"').activities
    assert phrase and all("ket noi" in a.folded for a in phrase)


def test_a_person_in_any_accents_and_a_place_in_any_spelling(registry: None, admin_user: Any) -> None:
    hung = Person.objects.get(name="Nguyễn Văn Hùng")
    for query in ("nguyen van hung", "NGUYỄN văn Hùng", "Hùng Nguyễn", "nguyen van hu"):
        results = search(admin_user, query)
        assert hung in results.people, query
        led = {a.id for a in Activity.objects.filter(head_of_delegation=hung)}
        assert led and led <= {a.id for a in results.activities} | set(), query
    for query in ("Sê Kông", "xekong", "Xê-kông", "se kong", "LA-XE"):
        results = search(admin_user, query)
        assert [p.code for p in results.places] == ["LA-XE"], query
        assert results.activities and all(
            "LA-XE" in {a.place_id, *(p.code for p in a.parties.all())} or "se kong" in a.folded
            for a in results.activities
        ), query


def test_a_quoted_phrase_keeps_its_words_together(admin_user: Any) -> None:
    together = create_activity({"kind": "meeting", "title": "Hội nghị sơ kết 5 năm", "date": "2024-01-02"})
    apart = create_activity({"kind": "meeting", "title": "Sơ bộ hội nghị kết thúc", "date": "2024-01-03"})
    assert {a.id for a in search(admin_user, "hoi nghi so ket").activities} == {together.id, apart.id}
    assert [a.id for a in search(admin_user, '"hoi nghi so ket"').activities] == [together.id]
    assert [a.id for a in search(admin_user, '"hội nghị sơ kết" 5').activities] == [together.id]
    # Whole words, the last one still being typed: "so k" finds "sơ kết", "ho" alone finds "hội".
    assert {a.id for a in search(admin_user, "so k").activities} == {together.id, apart.id}
    assert search(admin_user, "oi nghi").activities == []


def test_parse_reads_words_phrases_and_the_word_being_typed() -> None:
    terms = fulltext.parse('Hội nghị "sơ kết" Kon')
    assert terms is not None and fulltext.tsquery(terms) == "hoi & nghi & (so <-> ket) & kon:*"
    assert fulltext.tsquery(fulltext.parse("kon tum ")) == "kon & tum"  # type: ignore[arg-type]
    assert fulltext.tsquery(fulltext.parse('"so ket"')) == "(so <-> ket)"  # type: ignore[arg-type]
    assert fulltext.tsquery(fulltext.parse('"so ket')) == "(so <-> ket)"  # type: ignore[arg-type]
    assert fulltext.parse(' "" -- ') is None
    assert fulltext.parse("x " * 40) == fulltext.parse("x " * fulltext.MAX_WORDS)
    assert fold("Đà Nẵng") == "da nang"  # the folding the index is fed with: đ → d


def test_a_place_merged_away_is_still_found_by_its_old_activities(registry: None, admin_user: Any) -> None:
    old = create_activity({"kind": "visit", "title": "Đoàn thăm", "date": "2009-01-02", "parties": ["LA-AT"]})
    Activity.objects.filter(Q(parties="LA-AT") | Q(place="LA-AT")).exclude(pk=old.pk).delete()
    bounds.recompute(["LA-AT"])  # its latest activity is now 2009: the search starts there
    assert [a.id for a in search(admin_user, "attapeu").activities] == [old.id]
