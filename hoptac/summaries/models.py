"""Summary tables: what the busiest pages count, kept as rows the database reads in one small query.

Each table is rebuilt as a whole from the base tables by one INSERT … SELECT (`services.rebuild`) and
stamped with the registry version it was built at (`SummaryState`); a reader finding the stamp behind
the registry rebuilds first, so a summary is never read stale.
"""

from __future__ import annotations

from django.db import models


class SummaryState(models.Model):
    """The registry version the summary tables were last built at (one row)."""

    version = models.BigIntegerField(default=-1)
    built_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"summaries at version {self.version}"


class ReviewHeld(models.Model):
    """A year in which an agreement had a review conference (not cancelled): that year's review is held."""

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.DO_NOTHING, db_constraint=False)
    year = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["agreement", "year"], name="summary_review_held")]

    def __str__(self) -> str:
        return f"review held {self.agreement_id}/{self.year}"


class CommitmentTotal(models.Model):
    """How much of a commitment is delivered (the sum of its deliveries, 0 without any) against its period.

    The period as day numbers (days since 1970-01-01: the first day its start can be, the last day its
    end, or else its due date, can be), so "behind schedule on a day" is integer arithmetic in SQL.
    """

    commitment = models.OneToOneField(
        "agreements.Commitment",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="summary",
    )
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.DO_NOTHING, db_constraint=False)
    delivered = models.DecimalField(max_digits=24, decimal_places=2)
    quantity = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    start = models.CharField(max_length=10, null=True)  # the start as ISO text, for the list's order
    first_day = models.IntegerField(null=True)
    last_day = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["agreement", "start", "commitment"], name="summary_commitment_order")]

    def __str__(self) -> str:
        return f"commitment {self.commitment_id}: {self.delivered} delivered"


class ActivityTally(models.Model):
    """How many activities of a status fall in a month ("2026-03"), a year known alone ("2026") or no year."""

    status = models.CharField(max_length=12)
    period = models.CharField(max_length=7, null=True)  # the first 7 characters of the ISO date text
    count = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["status", "period"], name="summary_activity_tally")]

    def __str__(self) -> str:
        return f"{self.status} {self.period}: {self.count}"
