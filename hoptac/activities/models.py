"""Activities: visits, review conferences, meetings, signings and other events under agreements."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.dates import PartialDateField
from hoptac.core.models import RegistryRecord
from hoptac.core.text import fold


class Activity(RegistryRecord):
    """Something that happened or is planned: a delegation's visit, a review conference, a scholarship."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("visit")
        REVIEW_CONFERENCE = "review_conference", _("review conference")
        MEETING = "meeting", _("meeting")
        CONFERENCE = "conference", _("conference")
        SIGNING = "signing", _("signing")
        SCHOLARSHIP = "scholarship", _("scholarship")
        REPATRIATION = "repatriation", _("repatriation of remains")
        AID = "aid", _("aid")
        TRADE_PROMOTION = "trade_promotion", _("trade promotion")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming (đoàn vào)")
        OUTGOING = "outgoing", _("outgoing (đoàn ra)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500, blank=True)
    date = PartialDateField(_("date"), db_index=True)
    end_date = PartialDateField(_("until"))
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # activity_place_date below serves lookups by place, with one index less to write
    )
    parties = models.ManyToManyField(
        "places.Place", verbose_name=_("parties"), blank=True, related_name="activities"
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement", verbose_name=_("agreements"), blank=True, related_name="activities"
    )
    commitments = models.ManyToManyField(
        "agreements.Commitment", verbose_name=_("commitments"), blank=True, related_name="activities"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HELD)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, blank=True)
    head_of_delegation = models.ForeignKey(
        "people.Person",
        verbose_name=_("head of delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_activities",
    )
    delegation_size = models.PositiveIntegerField(_("delegation size"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Title and description without diacritics or case, so a search for "so ket" finds "sơ kết" in SQL.
    folded = models.TextField(_("folded text"), blank=True, editable=False, db_default="")
    # History is read by record (id, uid) and time, never by these: their indexes only slowed every write.
    # The link copies of an entry are read by the entry (history_id), never by activity or linked record.
    history = HistoricalRecords(
        m2m_fields=[parties, agreements, commitments],
        excluded_fields=["folded"],
        no_db_index=["date", "place", "head_of_delegation", "activity", "agreement", "commitment"],
    )

    class Meta:
        ordering = ["-date", "id"]
        # The dashboard's latest held and next planned activities: read off the index, not sorted.
        indexes = [
            models.Index(fields=["status", "date", "id"], name="activity_status_date"),
            # Review conferences (a few thousand among a million activities) decide which reviews are held.
            models.Index(fields=["kind", "date", "id"], name="activity_kind_date"),
            # A place's newest hosted activities, read off the index (its page).
            models.Index(fields=["place", "date", "id"], name="activity_place_date"),
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        if self.title:
            return self.title
        from hoptac.activities.titles import generated_title

        return generated_title(self)

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.folded = fold(f"{self.title} {self.description}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from hoptac.core.validation import check_periods

        check_periods(self, ("date", "end_date"))
