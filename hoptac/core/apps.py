from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hoptac.core"
    label = "core"
    verbose_name = "hoptac"
