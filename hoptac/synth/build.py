"""Build a synthetic registry into the current database, in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from hoptac.core import freshness
from hoptac.synth.plan import SCALES, Scale, Seeded, partner_units, vietnamese_units

DEFAULT_PROVINCE = "VN-29"  # Quảng Ngãi, which took in Kon Tum in 2025


@dataclass
class BuildResult:
    """Rows written per table and the seconds it took."""

    counts: dict[str, int]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _check_empty() -> None:
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement
    from hoptac.figures.models import Figure

    held = {m._meta.verbose_name_plural: m.objects.count() for m in (Agreement, Activity, Figure)}
    if any(held.values()):
        listed = ", ".join(f"{n} {name}" for name, n in held.items() if n)
        raise ValidationError(
            f"the registry already holds {listed}: synth writes into an empty registry only — "
            "give a fresh database with --database-url"
        )


def build(
    scale: str | Scale,
    seed: int,
    province: str | None = None,
    progress: Callable[[int], None] | None = None,
    batch: int = 20_000,
) -> BuildResult:
    """Write a seeded registry of the given scale; all of it or, on any error, none of it."""
    from django.contrib.contenttypes.models import ContentType

    from hoptac.activities import bounds
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import CooperationField
    from hoptac.core.bulkwriter import Writer
    from hoptac.figures.models import Figure
    from hoptac.summaries import services as summaries
    from hoptac.synth.events import EventBuilder
    from hoptac.synth.registry import RegistryBuilder

    plan = SCALES[scale] if isinstance(scale, str) else scale
    started = time.perf_counter()
    with transaction.atomic():
        _check_empty()
        # Rows arrive by COPY, past the ORM's signals: say so, or cached pages would not see them.
        freshness.changed()
        if connection.vendor == "postgresql":
            # Check foreign keys as rows arrive rather than queueing millions of checks for the commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seeded = Seeded(seed)
        if plan.one_province:
            province = province or DEFAULT_PROVINCE
        vietnamese, _ = vietnamese_units(province)
        if not vietnamese:
            raise ValidationError(f"'{province}' is not one of the 34 current Vietnamese units (e.g. VN-29)")
        partners = partner_units(seeded, plan.partners)
        writer = Writer(connection, batch=batch, on_flush=progress)
        base = RegistryBuilder(seeded, writer, list(CooperationField.objects.values_list("code", flat=True)))
        types = {
            "activity": ContentType.objects.get_for_model(Activity).id,
            "figure": ContentType.objects.get_for_model(Figure).id,
        }
        events = EventBuilder(base, types)
        base.people(vietnamese, plan.people_per_vn_unit)
        base.people(partners, plan.people_per_partner)
        base.agreements_for(plan.agreements, vietnamese, partners, seeded.zipf_weights(len(partners)))
        base.commitments(plan.commitments)
        events.activities(plan.activities, plan.sources, plan.figures)
        events.figures(plan.figures)
        writer.flush()
        writer.reset_sequences()
        counts = writer.counts()
        bounds.recompute()
    # Committed (the version raised): the summary tables built now, so the first page after the build is ready.
    summaries.ensure_current()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return BuildResult(counts, time.perf_counter() - started)


def expected_rows(scale: str) -> int:
    """A rough total of rows a scale writes (for the progress bar)."""
    plan = SCALES[scale]
    # activities bring ~3 link rows, figures ~2.7 scope rows; a tenth of activities an article and links
    return int(plan.activities * 4.2 + plan.figures * 2.7 + plan.commitments * 2.5 + plan.agreements * 6)
