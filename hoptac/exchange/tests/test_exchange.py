import copy
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.exchange import DEMO_FILE
from hoptac.exchange.export import export_registry
from hoptac.exchange.load import import_registry
from hoptac.figures.models import Figure
from hoptac.people.models import Person
from hoptac.sources.models import Source

# The messages asserted below are the English originals.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def demo() -> dict[str, Any]:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def wipe() -> None:
    for model in (Activity, Figure, Agreement, Source, Person):
        model.objects.all().delete()


def test_demo_loads_the_seven_agreements() -> None:
    counts = import_registry(demo())
    assert counts["agreements"] == 7 == Agreement.objects.count()
    review = Activity.objects.get(date="2024-12-12", kind="review_conference")
    assert sorted(a.parties.get(place__country_code="LA").place_id for a in review.agreements.all()) == [
        "LA-AT",
        "LA-XE",
    ]
    chain = Agreement.objects.get(title__contains="Sê Kông giai đoạn 2022-2027")
    assert chain.predecessor is not None and str(chain.predecessor.signed_on) == "2018-04"


def test_export_import_export_is_identical() -> None:
    import_registry(demo())
    first = export_registry()
    wipe()
    assert not Agreement.objects.exists()
    import_registry(json.loads(json.dumps(first)))
    assert export_registry() == first


def test_import_is_all_or_nothing_and_names_the_path() -> None:
    data = demo()
    data["figures"][3]["scope"] = ["VN-28", "XX-00"]
    with pytest.raises(ValidationError) as exc:
        import_registry(data)
    assert "figures[3].scope[1]" in exc.value.message_dict
    assert not Agreement.objects.exists() and not Person.objects.exists()


def test_import_twice_is_refused_as_duplicate() -> None:
    import_registry(demo())
    before = export_registry()
    with pytest.raises(ValidationError) as exc:
        import_registry(demo())
    assert "already in the registry" in " ".join(exc.value.messages)
    assert export_registry() == before


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.update(schema="other"), "schema"),
        (lambda d: d.update(agreements={}), "agreements"),
        (
            lambda d: d["agreements"][0].update(period_start="2030", period_end="2020"),
            "agreements[0].period_end",
        ),
        (
            lambda d: d["agreements"][2]["commitments"][0].update(quantity=-10),
            "agreements[2].commitments[0].quantity",
        ),
        (lambda d: d["activities"].append("visit"), "activities[4]"),
        (lambda d: d["provenance"][0].update(record_type="planet"), "provenance[0].record_type"),
    ],
)
def test_malformed_files_say_where(mutate: Any, path: str) -> None:
    data = copy.deepcopy(demo())
    mutate(data)
    with pytest.raises(ValidationError) as exc:
        import_registry(data)
    assert path in exc.value.message_dict
    assert not Agreement.objects.exists()


def test_import_reports_every_bad_record_not_only_the_first() -> None:
    data = demo()
    data["people"][1]["name"] = ""
    data["agreements"][0].update(period_start="2030", period_end="2020")
    data["figures"][3]["scope"] = ["VN-28", "XX-00"]
    data["figures"][4]["value"] = "many"
    with pytest.raises(ValidationError) as exc:
        import_registry(data)
    paths = set(exc.value.message_dict)
    assert {"agreements[0].period_end", "figures[3].scope[1]", "figures[4].value"} <= paths
    assert any(p.startswith("people[1]") for p in paths), paths
    assert not Agreement.objects.exists() and not Person.objects.exists()
