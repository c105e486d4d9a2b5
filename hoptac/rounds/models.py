"""Reporting rounds: units send the figures asked of them, the office approves them, the period locks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.dates import PartialDate, PartialDateField
from hoptac.core.models import RegistryRecord


class ReportingUnit(RegistryRecord):
    """A department or body of a province that reports figures (Sở Công Thương, Bộ đội Biên phòng tỉnh …)."""

    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(
        "places.Place", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributors"),
        blank=True,
        related_name="reporting_units",
        help_text=_("The people who fill in this unit's forms."),
    )
    history = HistoricalRecords(m2m_fields=[contributors])

    class Meta:
        ordering = ["province", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="reportingunit_unique_name")]
        verbose_name = _("reporting unit")
        verbose_name_plural = _("reporting units")

    def __str__(self) -> str:
        return self.name


class Round(RegistryRecord):
    """A data-collection round for a period and some agreements or partners, with a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=300)
    period_start = PartialDateField(_("period from"))
    period_end = PartialDateField(_("period to"))
    agreements = models.ManyToManyField(
        "agreements.Agreement", verbose_name=_("agreements"), blank=True, related_name="+"
    )
    partners = models.ManyToManyField(
        "places.Place", verbose_name=_("partners"), blank=True, related_name="+"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[agreements, partners])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def lock_holder(self) -> str:
        """The name under which the round holds its figure locks."""
        return f"rounds.round:{self.pk}"


class Submission(models.Model):
    """What one unit reports for one metric in a round: the value, its evidence, and where it stands."""

    class State(models.TextChoices):
        MISSING = "missing", _("missing")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(
        ReportingUnit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="submissions"
    )
    metric = models.ForeignKey(
        "figures.Metric", verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scope = models.ManyToManyField("places.Place", verbose_name=_("scope"), blank=True, related_name="+")
    period_start = PartialDateField(_("period from"), help_text=_("Blank: the round's period."))
    period_end = PartialDateField(_("period to"))
    measure = models.CharField(
        _("unit of measure"), max_length=12, help_text=_("count, percent or a currency")
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4, null=True, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="rounds/evidence/%Y/", blank=True)
    note = models.TextField(_("evidence note"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.MISSING)
    comment = models.TextField(_("reviewer's comment"), blank=True)
    figure = models.OneToOneField(
        "figures.Figure",
        verbose_name=_("figure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[scope])

    class Meta:
        ordering = ["round", "unit", "metric__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "metric"], name="submission_one_per_unit_metric")
        ]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.unit} · {self.metric_id}"

    @property
    def first(self) -> PartialDate | None:
        """The period's start (the round's when blank)."""
        return self.period_start or self.round.period_start

    @property
    def last(self) -> PartialDate | None:
        """The period's end (the round's when blank)."""
        return self.period_end or self.round.period_end


class UnitReminder(models.Model):
    """One reminder e-mail sent to a unit's contributor for a round on a day: a second run, or a second
    worker, finds the row (a unique constraint) and sends nothing."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(ReportingUnit, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "user", "day"], name="unitreminder_once_a_day")
        ]
        verbose_name = _("reminder to a reporting unit")
        verbose_name_plural = _("reminders to reporting units")

    def __str__(self) -> str:
        return f"{self.round_id} · {self.unit_id} · {self.user_id} · {self.day}"
