"""Merging extracted records into the registry."""

import copy
from pathlib import Path
from typing import Any

import pytest

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, Commitment
from hoptac.extraction.ingest import ingest_record, read_all
from hoptac.figures.models import Figure
from hoptac.sources.models import Conflict, Source
from hoptac.sources.services import provenance_for

pytestmark = pytest.mark.django_db

TEXT_A = "Tin thứ nhất về hợp tác giữa hai tỉnh, có số liệu kim ngạch thương mại và kế hoạch sơ kết."
TEXT_B = "Tin thứ hai về cùng bản ghi nhớ, với hội nghị sơ kết đã diễn ra và số liệu khác."


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema": "cooperation-extract/1",
        "source": "a.txt",
        "published": "2024-12-12",
        "people": [],
        "agreements": [
            {
                "parties": ["LA-XE", "VN-28"],
                "kind": "mou",
                "start_year": 2022,
                "end_year": 2027,
                "signed": None,
                "effective_from": None,
                "review_every_years": None,
                "fields": ["economy"],
                "signatories": [],
                "evidence": {"start": 0, "end": 7},
            }
        ],
        "commitments": [
            {
                "giver": "VN-28",
                "receiver": "LA-XE",
                "quantity": 10,
                "unit": "scholarship",
                "start_year": 2024,
                "end_year": 2029,
            }
        ],
        "events": [
            {
                "kind": "review_conference",
                "date": "2024",
                "parties": ["LA-XE", "VN-28"],
                "place": "VN-28",
                "status": "planned",
            }
        ],
        "figures": [
            {
                "metric": "trade_turnover",
                "value": 687400000,
                "unit": "USD",
                "scope": ["LA-XE", "VN-28"],
                "period_start": "2022-10",
                "period_end": "2024-10",
                "evidence": {"start": 8, "end": 20},
            }
        ],
    }
    base.update(changes)
    return base


def test_two_articles_about_one_agreement_make_one_record_with_two_sources() -> None:
    ingest_record(record(), TEXT_A, "a")
    second = record()
    second["agreements"][0].update(signed="2022", fields=["education_training"])
    second["events"][0].update(date="2024-12-12", status="held", parties=["LA-AT", "LA-XE", "VN-28"])
    ingest_record(second, TEXT_B, "b")
    agreement = Agreement.objects.get()
    assert str(agreement.signed_on) == "2022"  # filled in from the second source
    assert sorted(f.code for f in agreement.fields.all()) == ["economy", "education_training"]
    assert {p.source.text for p in provenance_for(agreement)} == {TEXT_A, TEXT_B}
    review = Activity.objects.get()
    assert (str(review.date), review.status) == ("2024-12-12", "held")
    assert sorted(p.code for p in review.parties.all()) == ["LA-AT", "LA-XE", "VN-28"]
    assert list(review.agreements.all()) == [agreement]
    assert Commitment.objects.count() == 1 and Figure.objects.count() == 1


def test_disagreeing_sources_keep_both_values() -> None:
    ingest_record(record(), TEXT_A, "a")
    other = record()
    other["figures"][0]["value"] = 700000000
    result = ingest_record(other, TEXT_B, "b")
    figure = Figure.objects.get()
    assert figure.value == 687400000
    conflict = Conflict.objects.get()
    assert result.conflicts == 1 and conflict.field == "value" and conflict.source_value == "700000000"


def test_reingesting_changes_nothing() -> None:
    ingest_record(record(), TEXT_A, "a")
    again = ingest_record(record(), TEXT_A, "a")
    assert again.skipped and Source.objects.count() == 1 and Agreement.objects.count() == 1


def test_spans_point_into_the_stored_text() -> None:
    ingest_record(record(), TEXT_A, "a")
    link = provenance_for(Figure.objects.get()).get()
    assert link.quote == TEXT_A[8:20] and link.source.text == TEXT_A


def test_a_record_the_registry_refuses_is_noted_not_fatal() -> None:
    bad = record(commitments=[{"giver": "VN-28", "receiver": "KH-19", "quantity": 5, "unit": "teacher"}])
    result = ingest_record(bad, TEXT_A, "a")
    assert any("no agreement" in n for n in result.notes)
    assert Agreement.objects.count() == 1 and not Commitment.objects.exists()


def test_failure_halfway_leaves_the_registry_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    from hoptac.extraction import merge

    ingest_record(record(), TEXT_A, "a")
    before = (Agreement.objects.count(), Figure.objects.count(), Source.objects.count())

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge.Merger, "figure", boom)
    with pytest.raises(RuntimeError):
        other = copy.deepcopy(record())
        other["agreements"][0].update(start_year=2028, end_year=2032)
        ingest_record(other, TEXT_B, "b")
    assert (Agreement.objects.count(), Figure.objects.count(), Source.objects.count()) == before


def test_unreadable_file_is_reported_before_anything_is_stored(tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 50)
    read, errors = read_all([binary])
    assert not read and "photo.txt" in errors[0]


def test_the_seed_articles_give_the_seven_agreements(shared_dir: Path) -> None:
    read, errors = read_all(sorted((shared_dir / "seeds").glob("*.txt")))
    assert not errors
    for path, extracted, text in read:
        ingest_record(extracted, text, path.stem)
    assert Agreement.objects.count() == 7
    review = Activity.objects.get(kind="review_conference", date="2024-12-12")
    partners = sorted(
        p.place_id for a in review.agreements.all() for p in a.parties.all() if p.place_id != "VN-28"
    )
    assert partners == ["LA-AT", "LA-XE"]
    seed_003 = Source.objects.get(text__contains="215.414")
    spans = {
        f.metric_id: p.quote for f in Figure.objects.all() for p in provenance_for(f) if p.source == seed_003
    }
    assert "215.414" in spans["border_crossings_people"] and "687,4" in spans["trade_turnover"]
    counts = (Agreement.objects.count(), Activity.objects.count(), Figure.objects.count())
    for path, extracted, text in read:
        assert ingest_record(extracted, text, path.stem).skipped
    assert (Agreement.objects.count(), Activity.objects.count(), Figure.objects.count()) == counts
