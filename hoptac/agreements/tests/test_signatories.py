from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_a_signatory_without_a_recorded_title_shows_their_government_title(agreement: Any) -> None:
    from hoptac.people.models import Person, Title

    person = Person.objects.create(name="Leklai Sivilay")
    Title.objects.create(person=person, title="Tỉnh trưởng tỉnh Sê Kông", place_id="LA-XE")
    Title.objects.create(person=person, title="Bí thư Tỉnh ủy", place_id="LA-XE")
    Title.objects.create(person=person, title="Chủ tịch Hội hữu nghị", place_id="VN-28")
    party = agreement.parties.get(place_id="LA-XE")
    party.signatory = person
    party.save()
    assert party.shown_signatory_title == "Tỉnh trưởng tỉnh Sê Kông"
    # A title recorded with the signature is what was signed: it wins.
    assert agreement.parties.get(place_id="VN-28").shown_signatory_title == "Chủ tịch"
