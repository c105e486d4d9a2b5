from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hoptac.activities.models import Activity
from hoptac.activities.services import create_activity, delete_activity, update_activity
from hoptac.agreements.models import Agreement

pytestmark = pytest.mark.django_db

VISIT = {
    "kind": "visit",
    "date": "2024-09-26",
    "status": "held",
    "direction": "incoming",
    "place": "VN-26",
    "parties": ["LA-CH", "VN-26"],
    "head_of_delegation": "Alounxai Sounnalath",
    "delegation_size": 12,
}


def test_visit_with_links(agreement: Agreement) -> None:
    activity = create_activity({**VISIT, "agreements": [str(agreement.uid)]})
    assert (
        activity.head_of_delegation is not None and activity.head_of_delegation.name == "Alounxai Sounnalath"
    )
    assert sorted(p.code for p in activity.parties.all()) == ["LA-CH", "VN-26"]
    assert list(activity.agreements.all()) == [agreement]
    update_activity(activity, {"status": "cancelled", "parties": ["LA-CH"]})
    activity.refresh_from_db()
    assert activity.status == "cancelled" and activity.parties.count() == 1
    delete_activity(activity)
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"date": "2024-09-31"}, "date"),
        ({"date": None}, "date"),
        ({"end_date": "2024-09-01"}, "end_date"),
        ({"direction": "sideways"}, "direction"),
        ({"kind": "meeting"}, "direction"),
        ({"delegation_size": -3}, "delegation_size"),
        ({"parties": ["LA-CH", "LA-CH"]}, "parties[1]"),
        ({"parties": ["XX-99"]}, "parties[0]"),
        ({"agreements": ["not-an-id"]}, "agreements[0]"),
        ({"status": "maybe"}, "status"),
    ],
)
def test_bad_activity_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        create_activity({**VISIT, **change})
    assert field in exc.value.message_dict
    assert not Activity.objects.exists()


def test_planned_activity_may_have_year_only() -> None:
    activity = create_activity({"kind": "review_conference", "date": "2027", "status": "planned"})
    assert activity.date is not None and activity.date.precision == "year"
