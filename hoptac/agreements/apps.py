from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync(sender: AppConfig, **kwargs: Any) -> None:
    from hoptac.agreements.vocabulary import sync_fields

    sync_fields()


class AgreementsConfig(AppConfig):
    name = "hoptac.agreements"
    label = "agreements"
    verbose_name = _("agreements")

    def ready(self) -> None:
        post_migrate.connect(_sync, sender=self)
