"""Figures: reported quantities (109 delegations, 687,4 triệu USD of trade) with scope and period."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.dates import PartialDateField
from hoptac.core.models import RegistryRecord


class Metric(models.Model):
    """What a figure measures (the spec's vocabulary; users may add more)."""

    code = models.CharField(_("code"), max_length=40, primary_key=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    default_unit = models.CharField(_("default unit"), max_length=12, default="count")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")

    def __str__(self) -> str:
        return self.name_vi


class Figure(RegistryRecord):
    """A reported value of a metric for some places over a period, possibly tied to an agreement or activity."""

    metric = models.ForeignKey(
        Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="figures"
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=12, help_text=_("count, percent or an ISO 4217 currency"))
    scope = models.ManyToManyField(
        "places.Place", verbose_name=_("scope"), blank=True, related_name="figures"
    )
    period_start = PartialDateField(_("period from"), db_index=True)
    period_end = PartialDateField(_("period to"))
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="figures",
        db_index=False,  # figure_agreement_newest below serves lookups by agreement
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="figures",
    )
    note = models.TextField(_("note"), blank=True)
    collected_in = models.CharField(
        _("collected in"),
        max_length=300,
        blank=True,
        help_text=_("The reporting round that collected the figure; blank: entered outside a round."),
    )
    history = HistoricalRecords(m2m_fields=[scope])

    class Meta:
        ordering = ["metric", "period_start", "id"]
        # The latest figure of a metric (dashboard headline) without sorting millions of rows.
        indexes = [
            models.Index(fields=["metric", "period_end"], name="figure_metric_period_end"),
            # The default order of every figure list: a page is read off the index, not sorted.
            models.Index(fields=["metric", "period_start", "id"], name="figure_list_order"),
            # A place's page: each metric's newest figures first.
            models.Index(fields=["metric", "-period_start", "id"], name="figure_newest_by_metric"),
            # An agreement's page: its first figures (by metric, newest period) without sorting thousands.
            models.Index(
                fields=["agreement", "metric", "-period_start", "id"], name="figure_agreement_newest"
            ),
        ]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self) -> str:
        return f"{self.metric_id} = {self.value.normalize():f} {self.unit}"

    def clean(self) -> None:
        from hoptac.core.validation import check_periods

        check_periods(self, ("period_start", "period_end"))


class FigureLock(models.Model):
    """A closed period for a metric (under an agreement): figures with exactly that key refuse changes.

    Whoever closes the period (a reporting round) holds the lock; figures never import the holder.
    """

    metric = models.ForeignKey(Metric, verbose_name=_("metric"), on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    period_start = PartialDateField(_("period from"))
    period_end = PartialDateField(_("period to"))
    reason = models.CharField(_("reason"), max_length=500)
    holder = models.CharField(_("held by"), max_length=100, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["metric", "id"]
        indexes = [models.Index(fields=["metric", "agreement"], name="figurelock_key")]
        verbose_name = _("figure lock")
        verbose_name_plural = _("figure locks")

    def __str__(self) -> str:
        return f"{self.metric_id} {self.period_start}–{self.period_end}: {self.reason}"
