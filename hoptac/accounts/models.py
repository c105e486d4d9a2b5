"""Who works on the registry: memberships (role and scope), API tokens, the audit log and tombstones."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """What a member may do; the scope (provinces, agreements) says where."""

    ADMINISTRATOR = "administrator", _("administrator")
    OFFICER = "officer", _("province officer")
    CONTRIBUTOR = "contributor", _("department contributor")
    VIEWER = "viewer", _("viewer (own province)")
    MINISTRY_VIEWER = "ministry_viewer", _("ministry viewer (every province)")


class Membership(models.Model):
    """A user's role over some provinces and/or agreements (a user may hold several memberships)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    places = models.ManyToManyField(
        "places.Place",
        verbose_name=_("provinces"),
        blank=True,
        related_name="+",
        help_text=_("The provinces whose records this member reads (and, as an officer, changes)."),
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement",
        verbose_name=_("assigned agreements"),
        blank=True,
        related_name="+",
        help_text=_(
            "For department contributors: the agreements they add activities, figures and deliveries to."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[places, agreements])

    class Meta:
        ordering = ["user", "role", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for the API; only the SHA-256 of its secret is kept, the prefix finds it."""

    class Scope(models.TextChoices):
        READ = "read", _("read")
        WRITE = "write", _("read and write")
        FEED = "feed", _("calendar feed only")

    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("SHA-256 of the secret"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    scope = models.CharField(_("scope"), max_length=5, choices=Scope.choices, default=Scope.READ)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user}, {self.scope})"

    @property
    def active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class AuditEvent(models.Model):
    """An explicit entry in the audit log: who deleted, restored or undid what, and when."""

    class Action(models.TextChoices):
        DELETE = "delete", _("deleted for good")
        SOFT_DELETE = "soft_delete", _("deleted (can be undone)")
        UNDELETE = "undelete", _("deletion undone")
        RESTORE = "restore", _("restored an earlier version")
        TOKEN_CREATE = "token_create", _("API token created")
        TOKEN_REVOKE = "token_revoke", _("API token revoked")
        BACKUP = "backup", _("backup written")
        RESTORE_BACKUP = "restore_backup", _("backup restored")
        ROUND_REOPEN = "round_reopen", _("reporting round reopened")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    record_type = models.CharField(_("record type"), max_length=40, blank=True)
    record_uid = models.CharField(_("record id"), max_length=64, blank=True, db_index=True)
    summary = models.CharField(_("what"), max_length=500, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.record_type} {self.summary}"


class Tombstone(models.Model):
    """A deleted record kept as the JSON the registry exports, so an administrator can undo the deletion."""

    record_type = models.CharField(_("record type"), max_length=40)
    record_uid = models.CharField(_("record id"), max_length=64, db_index=True)
    summary = models.CharField(_("what"), max_length=500, blank=True)
    data = models.JSONField(_("exported record"))
    deleted_at = models.DateTimeField(_("deleted"), default=timezone.now)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    restored_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        ordering = ["-deleted_at", "-id"]
        verbose_name = _("deleted record")
        verbose_name_plural = _("deleted records")

    def __str__(self) -> str:
        return f"{self.record_type} {self.summary or self.record_uid}"
