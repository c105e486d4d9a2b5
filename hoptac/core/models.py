"""Shared model pieces: public identifiers and timestamps."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryRecord(models.Model):
    """Base of every registry record: a stable public id (used by the API and exports) and timestamps."""

    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class RegistryVersion(models.Model):
    """A number raised after every committed change to the registry; derived figures are cached under it."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("registry version")

    def __str__(self) -> str:
        return str(self.number)
