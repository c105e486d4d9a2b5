from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync(sender: AppConfig, **kwargs: Any) -> None:
    from hoptac.figures.vocabulary import sync_metrics

    sync_metrics()


class FiguresConfig(AppConfig):
    name = "hoptac.figures"
    label = "figures"
    verbose_name = _("figures")

    def ready(self) -> None:
        post_migrate.connect(_sync, sender=self)
