"""The news inbox: the sites hoptac watches, the pages it fetched, and the records it proposes from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsSource(models.Model):
    """A site section hoptac polls for new articles: a feed, a sitemap or a listing page."""

    class Kind(models.TextChoices):
        FEED = "feed", _("RSS or Atom feed")
        SITEMAP = "sitemap", _("sitemap")
        LISTING = "listing", _("listing page")

    class Status(models.TextChoices):
        NEW = "new", _("not polled yet")
        OK = "ok", _("working")
        UNCHANGED = "unchanged", _("unchanged since last poll")
        FAILING = "failing", _("failing")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FEED)
    url = models.URLField(_("address"), max_length=1000, unique=True)
    province = models.ForeignKey(
        "places.Place",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Whose partners the articles are checked for; its officers review the inbox."),
    )
    interval_minutes = models.PositiveIntegerField(_("polling interval (minutes)"), default=360)
    active = models.BooleanField(_("active"), default=True)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    last_error = models.TextField(_("last error"), blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    # Validators the site gave last time, sent back so an unchanged feed answers 304 with no body.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("news source")
        verbose_name_plural = _("news sources")

    def __str__(self) -> str:
        return self.name


class FetchedDocument(models.Model):
    """One page fetched from a news source, kept once by address and by text checksum."""

    class Status(models.TextChoices):
        READ = "read", _("read")
        DUPLICATE = "duplicate", _("same text as another page")
        FAILED = "failed", _("could not be fetched")

    news_source = models.ForeignKey(
        NewsSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    url = models.URLField(_("address"), max_length=1000, unique=True)
    checksum = models.CharField(_("SHA-256 of the text"), max_length=64, blank=True, db_index=True)
    fetched_at = models.DateTimeField(_("fetched"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.READ)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("title"), max_length=500, blank=True)
    published = models.CharField(_("published"), max_length=10, blank=True)  # partial ISO date
    text = models.TextField(_("text"), blank=True)
    # The reader's record (schema cooperation-extract/1), kept so review needs no second reading.
    record = models.JSONField(default=dict, blank=True)
    partners = models.JSONField(_("partners named"), default=list, blank=True)
    relevant = models.BooleanField(_("about a partner"), default=False)
    hidden = models.BooleanField(_("hidden"), default=True, db_index=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    stored_source = models.ForeignKey(
        "sources.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-fetched_at", "-id"]
        indexes = [models.Index(fields=["hidden", "-fetched_at"], name="inbox_document_order")]
        verbose_name = _("fetched page")
        verbose_name_plural = _("fetched pages")

    def __str__(self) -> str:
        return self.title or self.url


class Proposal(models.Model):
    """One record the reader found in a fetched page, waiting for an officer to accept or reject it."""

    class State(models.TextChoices):
        PENDING = "pending", _("to review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    document = models.ForeignKey(FetchedDocument, on_delete=models.CASCADE, related_name="proposals")
    key = models.CharField(max_length=30)  # "<kind>-<index>" in the reader's record
    kind = models.CharField(max_length=20)
    data = models.JSONField(default=dict)  # the reader's item, as edited by the officer
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="inbox_proposal_key")]
        verbose_name = _("proposed record")
        verbose_name_plural = _("proposed records")

    def __str__(self) -> str:
        return f"{self.document_id}:{self.key}"
