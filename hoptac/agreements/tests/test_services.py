import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hoptac.agreements.models import Agreement
from hoptac.agreements.services import (
    agreement_status,
    create_agreement,
    delete_agreement,
    planned_reviews,
    update_agreement,
)

# The messages asserted below are the English originals.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_create_keeps_parties_signatories_and_fields(agreement: Agreement) -> None:
    parties = list(agreement.parties.all())
    assert [p.place_id for p in parties] == ["VN-28", "LA-XE"]
    assert parties[0].signatory is not None and parties[0].signatory.name == "Lê Ngọc Tuấn"
    assert sorted(f.code for f in agreement.fields.all()) == ["economy", "education_training"]
    assert str(agreement.period_end) == "2027"


def test_end_before_start_names_the_field(agreement_data: dict[str, Any]) -> None:
    agreement_data.update(period_start="2027", period_end="2022")
    with pytest.raises(ValidationError) as exc:
        create_agreement(agreement_data)
    assert "before" in errors_of(exc)["period_end"][0]
    assert Agreement.objects.count() == 0


def test_effective_before_signing_is_refused(agreement_data: dict[str, Any]) -> None:
    agreement_data.update(signed_on="2022-12-28", effective_on="2022-01-01")
    with pytest.raises(ValidationError) as exc:
        create_agreement(agreement_data)
    assert "effective_on" in errors_of(exc)


def test_unknown_place_is_named(agreement_data: dict[str, Any]) -> None:
    agreement_data["parties"][1]["place"] = "LA-ZZ"
    with pytest.raises(ValidationError) as exc:
        create_agreement(agreement_data)
    assert "LA-ZZ" in errors_of(exc)["parties[1].place"][0]


def test_party_listed_twice(agreement_data: dict[str, Any]) -> None:
    agreement_data["parties"].append({"place": "VN-28"})
    with pytest.raises(ValidationError) as exc:
        create_agreement(agreement_data)
    assert "twice" in errors_of(exc)["parties[2].place"][0]


def test_one_party_is_not_an_agreement(agreement_data: dict[str, Any]) -> None:
    agreement_data["parties"] = agreement_data["parties"][:1]
    with pytest.raises(ValidationError) as exc:
        create_agreement(agreement_data)
    assert "two parties" in errors_of(exc)["parties"][0]


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("kind", "treaty", "kind"),
        ("title", "  ", "title"),
        ("signed_on", "30/2/2022", "signed_on"),
        ("fields", ["economy", "space"], "fields"),
        ("review_every_years", 0, "review_every_years"),
        ("confidential", "yes", "confidential"),
        ("signed_place", "Atlantis", "signed_place"),
        ("predecessor", "00000000-0000-0000-0000-000000000000", "predecessor"),
    ],
)
def test_each_bad_value_names_its_field(
    agreement_data: dict[str, Any], key: str, value: Any, field: str
) -> None:
    agreement_data[key] = value
    with pytest.raises(ValidationError) as exc:
        create_agreement(agreement_data)
    assert field in errors_of(exc)


def test_duplicate_agreement_is_refused(agreement: Agreement, agreement_data: dict[str, Any]) -> None:
    agreement_data["parties"].reverse()
    with pytest.raises(ValidationError) as exc:
        create_agreement(agreement_data)
    assert "duplicate" in errors_of(exc)["parties"][0]
    assert Agreement.objects.count() == 1


def test_update_changes_only_given_keys_and_refuses_loops(
    agreement: Agreement, agreement_data: dict[str, Any]
) -> None:
    older = create_agreement(
        {**agreement_data, "signed_on": "2018-04", "period_start": None, "period_end": None}
    )
    update_agreement(agreement, {"predecessor": str(older.uid), "notes": "đang triển khai"})
    agreement.refresh_from_db()
    assert agreement.predecessor == older and agreement.notes == "đang triển khai"
    assert agreement.parties.count() == 2
    with pytest.raises(ValidationError) as exc:
        update_agreement(older, {"predecessor": str(agreement.uid)})
    assert "loop" in errors_of(exc)["predecessor"][0]


def test_failed_update_leaves_record_unchanged(agreement: Agreement) -> None:
    with pytest.raises(ValidationError):
        update_agreement(agreement, {"title": "Mới", "period_end": "2020"})
    agreement.refresh_from_db()
    assert agreement.title.startswith("Bản ghi nhớ") and str(agreement.period_end) == "2027"


def test_status_follows_dates(agreement: Agreement, agreement_data: dict[str, Any]) -> None:
    assert agreement_status(agreement, dt.date(2024, 6, 1)) == "in_force"
    assert agreement_status(agreement, dt.date(2028, 1, 1)) == "expired"
    assert agreement_status(agreement, dt.date(2021, 1, 1)) == "signed"
    draft = create_agreement(
        {**agreement_data, "signed_on": None, "period_start": "2030", "period_end": "2035"}
    )
    assert agreement_status(draft, dt.date(2024, 1, 1)) == "draft"
    newer = create_agreement(
        {
            **agreement_data,
            "signed_on": "2026",
            "period_start": "2026",
            "period_end": "2031",
            "predecessor": str(agreement.uid),
        }
    )
    assert agreement_status(agreement, dt.date(2026, 6, 1)) == "superseded"
    assert agreement_status(newer, dt.date(2026, 6, 1)) == "in_force"
    update_agreement(newer, {"terminated_on": "2027-03"})
    assert agreement_status(newer, dt.date(2027, 4, 1)) == "terminated"


def test_reviews_rotate_hosts(agreement_data: dict[str, Any]) -> None:
    agreement = create_agreement(
        {
            **agreement_data,
            "signed_on": "2022-12-28",
            "signed_place": "VN-28",
            "effective_on": "2023-01-01",
            "period_start": "2023",
            "period_end": "2029",
            "review_every_years": 2,
        }
    )
    reviews = planned_reviews(agreement)
    assert [(r.year, r.host) for r in reviews] == [(2025, "LA-XE"), (2027, "VN-28"), (2029, "LA-XE")]
    assert reviews[-1].final and not reviews[0].final


def test_held_review_is_matched(agreement_data: dict[str, Any]) -> None:
    from hoptac.activities.services import create_activity

    agreement = create_agreement({**agreement_data, "review_every_years": 2})
    create_activity(
        {
            "kind": "review_conference",
            "date": "2024-12-12",
            "status": "held",
            "parties": ["VN-28", "LA-XE"],
            "agreements": [str(agreement.uid)],
        }
    )
    first = planned_reviews(agreement)[0]
    assert first.year == 2024 and first.status == "held"


def test_delete_removes_parties(agreement: Agreement) -> None:
    delete_agreement(agreement)
    assert not Agreement.objects.exists()


def test_a_form_created_renewal_is_chained_but_an_import_keeps_what_it_was_given(
    agreement_data: dict[str, Any],
) -> None:
    earlier = create_agreement(
        {**agreement_data, "signed_on": "2018", "period_start": "2018", "period_end": "2022"}
    )
    later = create_agreement({**agreement_data, "title": "Bản ghi nhớ mới"})
    assert later.predecessor_id is None  # an import or the news reader: no guessed chain
    renewal = create_agreement(
        {
            **agreement_data,
            "title": "Bản ghi nhớ 2027",
            "period_start": "2027",
            "period_end": "2031",
            "signed_on": "2027",
        },
        link_renewal=True,
    )
    renewal.refresh_from_db()
    # the latest earlier agreement of the same kind and parties with no successor yet
    assert renewal.predecessor_id == later.pk
    assert not earlier.successors.exists()
