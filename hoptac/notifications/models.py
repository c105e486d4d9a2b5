"""Reminders: each user's choices, what they were told about (read or not), and the digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a reminder is about."""

    REVIEW = "review", _("reviews due or overdue")
    EXPIRY = "expiry", _("agreements ending without a successor")
    BEHIND = "behind", _("commitments behind schedule")
    PLANNED = "planned", _("planned activities in the next 14 days")
    DEADLINE = "deadline", _("yearly plan and report deadlines")


class Frequency(models.TextChoices):
    """How often a kind of reminder is e-mailed."""

    DAILY = "daily", _("every day")
    WEEKLY = "weekly", _("on Mondays")
    OFF = "off", _("never")


class ReminderSettings(models.Model):
    """A user's reminder choices: the language of their e-mails and how often each kind is sent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="vi")
    review = models.CharField(_("reviews"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    expiry = models.CharField(_("expiries"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    behind = models.CharField(
        _("commitments"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    planned = models.CharField(
        _("activities"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    deadline = models.CharField(
        _("deadlines"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.user)

    def frequency(self, kind: str) -> str:
        return str(getattr(self, kind))


class Notification(models.Model):
    """One thing due a user is told about in the app; seen again on a later day, it is the same row."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    item = models.CharField(_("item"), max_length=200)  # what it is about, stable: "review-<uid>-2025"
    title = models.CharField(_("title"), max_length=500)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    url = models.CharField(_("address"), max_length=300, blank=True)
    first_day = models.DateField(_("first reminded"))
    last_day = models.DateField(_("last reminded"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-last_day", "kind", "title"]
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="notification_once_per_item")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.user}: {self.title}"


class Digest(models.Model):
    """One reminder e-mail: at most one per user and day, whichever worker or run gets there first."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField(_("day"))
    items = models.JSONField(_("items"), default=list)  # the notification items it listed
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_and_day")]
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
