"""The SQL status rule gives the same answer as `agreement_status` on every kind of partial date."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from hoptac.agreements.models import Agreement
from hoptac.agreements.services import agreement_status
from hoptac.agreements.status import ended_by, in_status, with_status
from hoptac.core.dates import PartialDate

pytestmark = pytest.mark.django_db

# Days on the edges of years and months, where a prefix comparison would go wrong first.
DAYS = [
    dt.date(2024, 1, 1),
    dt.date(2024, 2, 29),
    dt.date(2024, 6, 1),
    dt.date(2024, 6, 15),
    dt.date(2024, 6, 30),
    dt.date(2024, 12, 31),
    dt.date(2025, 1, 1),
]


def random_date(rng: random.Random) -> str | None:
    """A partial date near DAYS, of any precision, or none."""
    year = rng.choice([2023, 2024, 2025])
    month = rng.choice([1, 2, 5, 6, 7, 12])
    day = rng.choice([1, 14, 15, 16, 28, 29, 30, 31])
    day = min(day, 29 if month == 2 and year == 2024 else 28 if month == 2 else 30 if month == 6 else day)
    choice = rng.randrange(6)
    if choice == 0:
        return None
    if choice == 1:
        return f"--{month:02d}-{day:02d}"
    if choice == 2:
        return str(year)
    if choice == 3:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


def make_agreements(count: int, seed: int) -> list[Agreement]:
    rng = random.Random(seed)
    made: list[Agreement] = []
    for n in range(count):
        agreement = Agreement.objects.create(
            title=f"Thỏa thuận {n}",
            signed_on=random_date(rng) if rng.random() > 0.1 else None,
            effective_on=random_date(rng) if rng.random() > 0.6 else None,
            period_start=random_date(rng) if rng.random() > 0.3 else None,
            period_end=random_date(rng) if rng.random() > 0.3 else None,
            terminated_on=random_date(rng) if rng.random() > 0.8 else None,
            predecessor=rng.choice(made) if made and rng.random() > 0.5 else None,
        )
        made.append(agreement)
    return made


def test_sql_status_equals_python_status_on_every_precision() -> None:
    make_agreements(250, seed=7)
    agreements = list(Agreement.objects.prefetch_related("successors"))
    seen = set()
    for day in DAYS:
        in_sql = dict(with_status(Agreement.objects.all(), day).values_list("pk", "derived_status"))
        for agreement in agreements:
            expected = agreement_status(agreement, day)
            seen.add(expected)
            assert in_sql[agreement.pk] == expected, (day, agreement.__dict__)
    # The random dates reach every status, so each branch of the rule has been compared.
    assert seen == {"draft", "signed", "in_force", "expired", "superseded", "terminated"}


def test_in_status_keeps_the_statuses_asked_for() -> None:
    make_agreements(60, seed=11)
    day = dt.date(2024, 6, 15)
    everything = Agreement.objects.prefetch_related("successors")
    for statuses in (["in_force"], ["expired", "superseded"], []):
        kept = {a.pk for a in in_status(Agreement.objects.all(), statuses, day)}
        expected = {a.pk for a in everything if not statuses or agreement_status(a, day) in statuses}
        assert kept == expected


@pytest.mark.parametrize(
    ("end", "day", "ended"),
    [
        ("2024", dt.date(2024, 12, 31), True),
        ("2024", dt.date(2024, 12, 30), False),
        ("2024-06", dt.date(2024, 6, 30), True),
        ("2024-06", dt.date(2024, 6, 29), False),
        ("2024-06-15", dt.date(2024, 6, 15), True),
        ("2024-06-15", dt.date(2024, 6, 14), False),
        ("--06-15", dt.date(2030, 1, 1), False),
        (None, dt.date(2030, 1, 1), False),
    ],
)
def test_ended_by_is_the_latest_day(end: str | None, day: dt.date, ended: bool) -> None:
    agreement = Agreement.objects.create(title="x", period_end=end)
    found = Agreement.objects.filter(ended_by("period_end", day), pk=agreement.pk).exists()
    assert found is ended
    if end and not end.startswith("--"):
        latest = PartialDate.parse(end).latest()  # type: ignore[union-attr]
        assert (latest <= day) is ended
