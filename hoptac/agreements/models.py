"""Agreements, their parties, commitments and deliveries."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.dates import PartialDateField
from hoptac.core.models import RegistryRecord
from hoptac.core.text import fold


class CooperationField(models.Model):
    """A field of cooperation (the vocabulary of the extraction spec): economy, education_training ..."""

    code = models.CharField(_("code"), max_length=40, primary_key=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("field of cooperation")
        verbose_name_plural = _("fields of cooperation")

    def __str__(self) -> str:
        return self.name_vi


# How often an agreement may call for a review conference, in years (the services refuse the rest).
REVIEW_EVERY_YEARS = (1, 10)


class Agreement(RegistryRecord):
    """A cooperation agreement (MOU, agreement, programme, minutes) between sub-national governments."""

    class Kind(models.TextChoices):
        MOU = "mou", _("memorandum of understanding")
        AGREEMENT = "agreement", _("agreement")
        PROGRAMME = "programme", _("programme")
        MINUTES = "minutes", _("minutes")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MOU)
    title = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    signed_on = PartialDateField(_("signed"))
    signed_place = models.ForeignKey(
        "places.Place",
        verbose_name=_("signed at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    effective_on = PartialDateField(_("effective from"))
    period_start = PartialDateField(_("period from"))
    period_end = PartialDateField(_("period to"))
    terminated_on = PartialDateField(_("terminated"))
    fields = models.ManyToManyField(CooperationField, verbose_name=_("fields of cooperation"), blank=True)
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("predecessor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )
    review_every_years = models.PositiveSmallIntegerField(_("review every (years)"), null=True, blank=True)
    review_host_rotates = models.BooleanField(_("review host rotates"), default=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    # Both titles without diacritics or case, so a search for "se kong" finds "Sê Kông" on every database.
    folded = models.TextField(_("folded titles"), blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[fields])

    class Meta:
        ordering = ["-period_start", "title"]
        # The list's first page read off this index instead of sorting every agreement.
        indexes = [models.Index(fields=["-period_start", "title"], name="agreement_list_order")]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.folded = fold(f"{self.title} {self.title_en}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from hoptac.core.validation import check_periods

        check_periods(
            self,
            ("period_start", "period_end"),
            ("signed_on", "effective_on"),
            ("signed_on", "terminated_on"),
        )


# Words of a government office (the office that signs for a province), preferred over a party office.
GOVERNMENT_TITLES = ("Chủ tịch", "Tỉnh trưởng", "tỉnh trưởng", "UBND", "Ủy ban", "Thống đốc", "Governor")


class AgreementParty(models.Model):
    """A party to an agreement: the place, the body that signs for it and its signatory."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.CharField(_("signing body"), max_length=200, blank=True)
    signatory = models.ForeignKey(
        "people.Person",
        verbose_name=_("signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signed_parties",
    )
    signatory_title = models.CharField(_("signatory's title"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "place"], name="agreement_party_unique")]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"{self.place_id} — {self.body}".strip(" —")

    @property
    def shown_signatory_title(self) -> str:
        """The title recorded with the signature, else the signatory's government title in this place."""
        if self.signatory_title or self.signatory is None:
            return self.signatory_title
        titles = [t.title for t in self.signatory.titles.all() if t.place_id in (None, self.place_id)]
        government = [t for t in titles if any(word in t for word in GOVERNMENT_TITLES)]
        return (government or titles or [""])[-1]


class AgreementFile(models.Model):
    """A file attached to an agreement (the signed text, a translation)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="agreements/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreement", "uploaded_at"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.title


def commitment_label(giver: str, receiver: str, quantity: Decimal | None, unit: str) -> str:
    """A commitment without a description, as a reader says it: "Kon Tum → Sê Kông: 10 suất học bổng"."""
    amount = f"{quantity.normalize():f}" if quantity is not None else ""
    what = f"{amount} {unit}".strip()
    return f"{giver} → {receiver}" + (f": {what}" if what else "")


class Commitment(RegistryRecord):
    """A quantified promise under an agreement: 10 scholarships a year from Kon Tum to Sê Kông, 2024-2029."""

    class Unit(models.TextChoices):
        SCHOLARSHIP = "scholarship", _("scholarships")
        TEACHER = "teacher", _("teachers")
        PERSON = "person", _("people")
        USD = "USD", "USD"
        VND = "VND", "VND"
        OTHER = "other", _("other")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    giver = models.ForeignKey(
        "places.Place", verbose_name=_("giver"), on_delete=models.PROTECT, related_name="+"
    )
    receiver = models.ForeignKey(
        "places.Place", verbose_name=_("receiver"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=20, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    period_start = PartialDateField(_("from"))
    period_end = PartialDateField(_("to"))
    due = PartialDateField(_("due"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "period_start", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return commitment_label(
            self.giver.display_name, self.receiver.display_name, self.quantity, self.get_unit_display()
        ) + (f" {self.description[:60]}" if self.description else "")

    def clean(self) -> None:
        from hoptac.core.validation import check_periods

        check_periods(self, ("period_start", "period_end"))


class Delivery(RegistryRecord):
    """Part of a commitment delivered: on a date, a quantity, with its evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="deliveries")
    date = PartialDateField(_("date"))
    quantity = models.DecimalField(_("quantity"), max_digits=20, decimal_places=2)
    evidence = models.TextField(_("evidence"), blank=True)
    source = models.ForeignKey(
        "sources.Source",
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment", "date", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.date}: {self.quantity.normalize():f}"
