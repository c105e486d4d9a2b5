from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_places(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # After "migrate places zero" the tables are gone; there is nothing to fill.
    if "places_place" not in connections[using].introspection.table_names():
        return
    from hoptac.places.services import sync_places

    sync_places(using=using)


class PlacesConfig(AppConfig):
    name = "hoptac.places"
    label = "places"
    verbose_name = _("places")

    def ready(self) -> None:
        # Every migrated database, the test database included, then knows every place.
        post_migrate.connect(_load_places, sender=self, dispatch_uid="hoptac.places.load")
