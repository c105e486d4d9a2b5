import pytest
from django.core.exceptions import ValidationError

from hoptac.people.models import Person
from hoptac.people.services import create_person, find_or_create_person, resolve_person, update_person

pytestmark = pytest.mark.django_db


def test_person_with_titles_and_lookup_without_diacritics() -> None:
    person = create_person(
        {"name": "Y Ngọc", "titles": [{"title": "Phó Chủ tịch UBND tỉnh", "place": "VN-28", "start": "2021"}]}
    )
    assert person.titles.get().place_id == "VN-28"
    assert find_or_create_person("Y NGOC") == person
    assert resolve_person(str(person.uid), field="x") == person
    update_person(person, {"titles": []})
    assert person.titles.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "A", "titles": [{"title": "x", "start": "2024", "end": "2020"}]}, "titles[0].end"),
        ({"name": "A", "titles": [{"title": "x", "place": "Mordor"}]}, "titles[0].place"),
        ({"name": "A", "titles": "Chủ tịch"}, "titles"),
    ],
)
def test_bad_person_names_the_field(data: dict, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        create_person(data)
    assert field in exc.value.message_dict
    assert not Person.objects.exists()


def test_unknown_person_id_is_an_error() -> None:
    with pytest.raises(ValidationError) as exc:
        resolve_person("0e6f9c1e-0000-4000-8000-000000000000", field="signatory")
    assert "signatory" in exc.value.message_dict
