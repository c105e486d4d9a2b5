"""The article review service: candidates with their sentence and rule, corrections read back."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hoptac.extraction.explain import why
from hoptac.extraction.review import candidates, corrected

pytestmark = pytest.mark.django_db

# Written for this test.
TEXT = "Mở đầu. Hai tỉnh ký Bản ghi nhớ hợp tác giai đoạn 2021-2025 tại Kon Tum. Kết thúc."


def record() -> dict[str, Any]:
    start = TEXT.index("Hai tỉnh")
    sentence = TEXT[start : TEXT.index(" Kết")]
    return {
        "agreements": [
            {
                "parties": ["LA-XE", "VN-28"],
                "kind": "mou",
                "start_year": 2021,
                "end_year": 2025,
                "signed": None,
                "fields": ["economy"],
                "evidence": {"start": start + 12, "end": start + 23, "sentence": sentence},
            }
        ],
        "people": [{"name": "Lê Văn Ba", "locality": "VN-28", "titles": ["Chủ tịch"]}],
    }


def test_a_candidate_has_its_sentence_cut_at_the_span_and_a_reason(admin_user: Any) -> None:
    found = candidates(record(), TEXT, admin_user)
    agreement, person = found
    assert agreement.sentence == ("Hai tỉnh ký ", "Bản ghi nhớ", " hợp tác giai đoạn 2021-2025 tại Kon Tum.")
    assert "Bản ghi nhớ" in agreement.why
    assert not agreement.accepted and person.accepted  # people start ticked, and can be unticked
    values = {f.name: f.value for f in agreement.fields}
    assert values["parties"] == "Sê Kông, Kon Tum" and values["start_year"] == "2021"


def test_the_readers_own_why_is_kept() -> None:
    assert why("events", {"why": "visit rule 3"}) == "visit rule 3"


def test_corrections_replace_the_readers_values_and_only_ticked_candidates_stay() -> None:
    posted = {
        "accept": ["agreements-0"],
        "agreements-0-form": "1",
        "agreements-0-parties": "Kon Tum, Át-tạ-pư",
        "agreements-0-end_year": "2026",
        "agreements-0-signed": "3/2021",
        "agreements-0-predecessor": "",
    }
    out = corrected(record(), posted)
    (agreement,) = out["agreements"]
    assert agreement["parties"] == ["LA-AT", "VN-28"] and agreement["end_year"] == 2026
    assert agreement["signed"] == "2021-03" and agreement["start_year"] == 2021
    assert agreement["fields"] == [] and agreement["predecessor"] is None  # boxes unticked, no renewal
    assert out["people"] == []


def test_every_unreadable_value_is_named() -> None:
    posted = {
        "accept": ["agreements-0"],
        "agreements-0-start_year": "năm ngoái",
        "agreements-0-signed": "32/1/2020",
    }
    with pytest.raises(ValidationError) as caught:
        corrected(record(), posted)
    assert set(caught.value.message_dict) == {"agreements-0-start_year", "agreements-0-signed"}
