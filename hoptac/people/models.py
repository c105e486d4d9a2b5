"""People: officials of the parties and the titles they hold."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.dates import PartialDateField
from hoptac.core.models import RegistryRecord
from hoptac.core.text import fold


class Person(RegistryRecord):
    """A named official (Y Ngọc, Thanouxay Banxalith)."""

    name = models.CharField(_("name"), max_length=200)
    folded = models.CharField(max_length=200, db_index=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.folded = fold(self.name)
        super().save(*args, **kwargs)


class Title(models.Model):
    """A title a person held, where and when (Phó Chủ tịch UBND tỉnh Kon Tum, from 2021)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="titles")
    title = models.CharField(_("title"), max_length=300)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = PartialDateField(_("from"))
    end = PartialDateField(_("to"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "start", "id"]
        verbose_name = _("title")
        verbose_name_plural = _("titles")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from hoptac.core.validation import check_periods

        check_periods(self, ("start", "end"))
