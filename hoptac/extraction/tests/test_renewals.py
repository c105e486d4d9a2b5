"""Renewals: an agreement the article presents as carrying an earlier one on becomes its successor;
a signing and its agreement agree on the date; a user's article changes only what they may change."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.extraction.ingest import ingest_record
from hoptac.extraction.renewals import CUE, find_renewals

pytestmark = pytest.mark.django_db

# Sentences written for these tests.
EARLIER = "Năm 2015, tỉnh Kon Tum và tỉnh Sa-la-van đã ký kết Biên bản ghi nhớ về hợp tác."
LATER = "Hai tỉnh ký Bản ghi nhớ hợp tác giai đoạn 2021-2025."
CONTINUING = "Để tiếp tục phát triển quan hệ, hai tỉnh ký Bản ghi nhớ hợp tác giai đoạn 2026-2030."


def agreement(
    start: int | None, end: int | None, signed: str | None, sentence: str, **more: Any
) -> dict[str, Any]:
    return {
        "parties": ["LA-SL", "VN-28"],
        "kind": "mou",
        "start_year": start,
        "end_year": end,
        "signed": signed,
        "effective_from": None,
        "review_every_years": None,
        "fields": [],
        "signatories": [],
        "evidence": {"start": 0, "end": 5, "sentence": sentence},
        **more,
    }


def article(*agreements: dict[str, Any], events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "schema": "cooperation-extract/1",
        "source": "t.txt",
        "published": None,
        "people": [],
        "agreements": list(agreements),
        "commitments": [],
        "events": events or [],
        "figures": [],
    }


def successor_of(title_part: str) -> Any:
    return Agreement.objects.get(title__contains=title_part).successors.get()


def test_a_period_agreement_after_an_earlier_one_of_the_same_article_is_its_successor() -> None:
    record = article(agreement(2021, 2025, None, LATER), agreement(None, None, "2015", EARLIER))
    found = find_renewals(record)
    assert list(found) == [0] and found[0].earlier_index == 1 and found[0].stated
    ingest_record(record, "một bài viết", "t")
    later = Agreement.objects.get(period_start="2021")
    assert later.predecessor == Agreement.objects.get(signed_on="2015")


def test_renewal_words_link_to_the_registered_earlier_agreement() -> None:
    ingest_record(article(agreement(2021, 2025, None, LATER)), "bài thứ nhất", "a")
    ingest_record(article(agreement(2026, 2030, None, CONTINUING)), "bài thứ hai", "b")
    assert Agreement.objects.get(period_start="2026").predecessor == Agreement.objects.get(
        period_start="2021"
    )


def test_without_words_a_registered_earlier_agreement_is_only_a_guess() -> None:
    ingest_record(article(agreement(2021, 2025, None, LATER)), "bài thứ nhất", "a")
    record = article(agreement(2026, 2030, None, "Hai tỉnh ký Bản ghi nhớ giai đoạn 2026-2030."))
    guess = find_renewals(record)[0]
    assert not guess.stated and guess.earlier == Agreement.objects.get(period_start="2021")
    result = ingest_record(record, "bài thứ hai", "b")
    assert Agreement.objects.get(period_start="2026").predecessor is None
    assert any("2021" in note for note in result.notes)


def test_an_officer_confirms_or_refuses_the_guess() -> None:
    ingest_record(article(agreement(2021, 2025, None, LATER)), "bài thứ nhất", "a")
    earlier = Agreement.objects.get(period_start="2021")
    plain = agreement(2026, 2030, None, "Hai tỉnh ký Bản ghi nhớ giai đoạn 2026-2030.")
    ingest_record(article({**plain, "predecessor": {"uid": str(earlier.uid)}}), "bài thứ hai", "b")
    assert Agreement.objects.get(period_start="2026").predecessor == earlier
    refused = agreement(2031, 2035, None, CONTINUING.replace("2026-2030", "2031-2035"))
    ingest_record(article({**refused, "predecessor": None}), "bài thứ ba", "c")
    assert Agreement.objects.get(period_start="2031").predecessor is None


def test_other_parties_or_an_earlier_start_are_no_renewal() -> None:
    other = agreement(None, None, "2015", EARLIER, parties=["LA-AT", "VN-28"])
    assert find_renewals(article(agreement(2021, 2025, None, CONTINUING), other)) == {}
    # The article's only agreement is older than the registered one: it renews nothing.
    ingest_record(article(agreement(2021, 2025, None, LATER)), "bài thứ nhất", "a")
    assert find_renewals(article(agreement(None, None, "2015", CONTINUING))) == {}


@pytest.mark.parametrize(
    "sentence", ["hai bên tiếp tục ký", "gia hạn Bản ghi nhớ", "tái ký thỏa thuận", "thay thế Biên bản"]
)
def test_renewal_words(sentence: str) -> None:
    assert CUE.search(sentence)


def event(kind: str, date: str, parties: list[str]) -> dict[str, Any]:
    return {"kind": kind, "date": date, "parties": parties, "place": None, "status": "held"}


@pytest.mark.parametrize(
    ("signed", "held", "both"),
    [("2019-03-05", "--03-05", "2019-03-05"), ("2019", "2019-03-05", "2019-03-05")],
)
def test_a_signing_and_its_agreement_agree_on_the_date(signed: str, held: str, both: str) -> None:
    signing = event("signing", held, ["LA-SL", "VN-28"])
    ingest_record(article(agreement(None, None, signed, LATER), events=[signing]), "bài ký kết", "k")
    assert str(Activity.objects.get(kind="signing").date) == both
    assert str(Agreement.objects.get().signed_on) == both


def test_a_pasted_article_changes_only_what_the_user_may_change() -> None:
    """A Kon Tum officer's article that names Huế's agreement neither changes it nor adds under it."""
    from django.contrib.auth import get_user_model

    from hoptac.accounts.models import Membership

    hue = agreement(2022, 2026, None, LATER, parties=["LA-CH", "VN-26"])
    ingest_record(article(hue), "bài của Huế", "h")
    user = get_user_model().objects.create_user(username="kontum", password="a-long-password-123")
    Membership.objects.create(user=user, role="officer").places.set(["VN-28"])
    changed = {**copy.deepcopy(hue), "review_every_years": 2}
    review = event("review_conference", "2024-05-02", ["LA-CH", "VN-26"])
    commitment = {
        "giver": "VN-26",
        "receiver": "LA-CH",
        "quantity": 5,
        "unit": "scholarship",
        "start_year": 2024,
        "end_year": 2026,
    }
    record = {**article(changed, events=[review]), "commitments": [commitment]}
    result = ingest_record(record, "bài của Kon Tum", "k", user=user)
    stored = Agreement.objects.get(period_start="2022")
    assert stored.review_every_years is None and not stored.commitments.exists()
    assert not Activity.objects.exists()
    assert len(result.notes) == 3


def test_the_seed_articles_give_both_renewal_chains_and_a_dated_signing(shared_dir: Any) -> None:
    from hoptac.extraction.ingest import read_all

    read, errors = read_all(sorted((shared_dir / "seeds").glob("*.txt")))
    assert not errors
    for path, record, text in read:
        ingest_record(record, text, path.stem)
    assert Agreement.objects.count() == 7
    chains = {
        (str(a.predecessor.signed_on), str(a.period_start), str(a.period_end))
        for a in Agreement.objects.exclude(predecessor=None).select_related("predecessor")
    }
    assert chains == {("2016-12", "2023", "2027"), ("2018-04", "2022", "2027")}
    names = {
        a.predecessor.parties.get(place__code__startswith="LA").place_id
        for a in Agreement.objects.exclude(predecessor=None)
    }
    assert names == {"LA-CH", "LA-XE"}
    signing = Activity.objects.get(kind="signing", parties__code="KH-19")
    assert str(signing.date) == "2022-12-28"
