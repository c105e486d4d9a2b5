"""Sources: the documents records come from, and the exact spans of text that support them."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hoptac.core.dates import PartialDateField
from hoptac.core.models import RegistryRecord
from hoptac.core.text import fold


class Source(RegistryRecord):
    """A document: an article, a report, minutes; its text is kept so spans can be shown."""

    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to="sources/%Y/", blank=True)
    published = PartialDateField(_("published"))
    text = models.TextField(_("full text"), blank=True)
    checksum = models.CharField(_("SHA-256 of the text"), max_length=64, blank=True, db_index=True)
    # Title and address without diacritics or case, for searching in SQL (the text is searched as written).
    folded = models.TextField(_("folded title"), blank=True, editable=False, db_default="")
    history = HistoricalRecords(excluded_fields=["text", "folded"])

    class Meta:
        ordering = ["-published", "title"]
        # The default order of the source list: a page is read off the index, not sorted.
        indexes = [models.Index(fields=["-published", "title"], name="source_list_order")]
        # Two processes ingesting the same article at once must not both store it.
        constraints = [
            models.UniqueConstraint(
                fields=["checksum"], condition=~models.Q(checksum=""), name="source_checksum_unique"
            )
        ]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title a reader sees: the article's headline when the stored one is page chrome."""
        from hoptac.sources.titles import display_title

        return display_title(self.title, self.text)

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.folded = fold(f"{self.title} {self.url}")
        super().save(*args, **kwargs)


class Provenance(models.Model):
    """Links any record to a source and the span of its text [start, end) that supports it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="provenance")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end"), null=True, blank=True)
    quote = models.TextField(_("supporting text"), blank=True)

    class Meta:
        ordering = ["source", "start", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("provenance")
        verbose_name_plural = _("provenance")

    def __str__(self) -> str:
        return f"{self.source} [{self.start}:{self.end}]"


class Conflict(models.Model):
    """A value a source gives that disagrees with the one the registry keeps; both stay visible."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="conflicts")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=60)
    kept_value = models.TextField(_("value kept"))
    source_value = models.TextField(_("value in this source"))
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id", "field", "source_value"],
                name="conflict_unique",
            )
        ]
        verbose_name = _("conflict between sources")
        verbose_name_plural = _("conflicts between sources")

    def __str__(self) -> str:
        return f"{self.field}: {self.kept_value} ≠ {self.source_value}"
