"""`among`: a column matched against a list of ids, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from hoptac.core.lookups import among

pytestmark = pytest.mark.django_db


def test_among_finds_exactly_the_ids_given() -> None:
    from hoptac.people.models import Person

    people = [Person.objects.create(name=f"Người thử {i}") for i in range(5)]
    wanted = [people[0].pk, people[3].pk, 10**9]
    assert sorted(Person.objects.filter(among("id", wanted)).values_list("pk", flat=True)) == sorted(
        [people[0].pk, people[3].pk]
    )
    assert not Person.objects.filter(among("id", [])).exists()
    assert Person.objects.filter(among("id", wanted), name__startswith="Người").count() == 2
