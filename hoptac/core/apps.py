from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hoptac.core"
    label = "core"
    verbose_name = "hoptac"

    def ready(self) -> None:
        from hoptac.core import freshness

        freshness.connect()
