"""Places: countries and first-level units (ISO 3166-2), their names and their lineage."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from hoptac.places.catalogue import in_vietnamese, place_name_in

__all__ = ["Place", "PlaceAlias", "PlaceLineage", "in_vietnamese", "place_name_in"]

# The catalogue's most common kinds of unit (ISO 3166-2 English names), translated for display.
PLACE_TYPES = {
    "Province": _("province"),
    "Region": _("region"),
    "Municipality": _("municipality"),
    "District": _("district"),
    "State": _("state"),
    "Department": _("department"),
    "County": _("county"),
    "Prefecture": _("prefecture"),
    "City": _("city"),
    "Capital city": _("capital city"),
    "Special municipality": _("municipality"),
    "Autonomous region": _("autonomous region"),
}


class Place(models.Model):
    """A country or first-level unit, keyed by its ISO 3166 code (VN-28, LA-XE, KH-19, VN)."""

    class Level(models.IntegerChoices):
        COUNTRY = 0, _("country")
        UNIT = 1, _("first-level unit")

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    country_code = models.CharField(_("country"), max_length=2, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    name = models.CharField(_("name (ISO)"), max_length=200)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=80, blank=True)
    folded = models.CharField(_("folded name"), max_length=200, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Never below the date of an activity it hosts or is party to ("" none, NULL unknown): activities.bounds.
    activities_until = models.CharField(
        _("activities until"), max_length=10, null=True, blank=True, default="", editable=False
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (place_name_in): "Sê Kông" in Vietnamese, "Xékong" in English."""
        return place_name_in(self.code, self.name, self.name_vi)

    def name_in(self, language: str) -> str:
        """The name in a given language, whatever the reader's ("vi" for a Vietnamese document)."""
        return place_name_in(self.code, self.name, self.name_vi, language)

    @property
    def type_label(self) -> str:
        """The kind of unit in the reader's language ("tỉnh"); empty for a kind we have no name for."""
        label = PLACE_TYPES.get(self.type)
        return str(label) if label else ""

    def exists_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class PlaceAlias(models.Model):
    """Another way a place is written: Vietnamese, romanised, former or colloquial."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official")
        COMMON = "common", _("common")
        FORMER = "former", _("former")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)
    folded = models.CharField(_("folded name"), max_length=200, db_index=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMON)
    valid_to = models.DateField(_("used until"), null=True, blank=True)

    class Meta:
        ordering = ["place", "name"]
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="place_alias_unique")]
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")

    def __str__(self) -> str:
        return self.name


class PlaceLineage(models.Model):
    """A unit merged into, or renamed as, another from a date (Kon Tum → Quảng Ngãi on 2025-07-01)."""

    class Kind(models.TextChoices):
        MERGED = "merged", _("merged into")
        RENAMED = "renamed", _("renamed")
        SPLIT = "split", _("split into")

    predecessor = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="predecessions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("from"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "predecessor"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor", "date"], name="place_lineage_unique")
        ]
        verbose_name = _("lineage")
        verbose_name_plural = _("lineage")

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.date})"
