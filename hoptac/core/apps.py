import gc

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hoptac.core"
    label = "core"
    verbose_name = "hoptac"

    def ready(self) -> None:
        from hoptac.core import freshness

        freshness.connect()
        # Everything loaded so far (modules, models, settings: ~100,000 objects) lives as long as the
        # process: moved out of the collector's reach, a full collection no longer walks it. Measured on
        # the national dataset, a full collection (one every ~12 page requests) took 60–170 ms of CPU,
        # the slowest request of a series; frozen, 35–75 ms. Under gunicorn's preload the workers also
        # keep sharing these pages with the master instead of copying them when the collector touches
        # them (the use gc.freeze() was made for).
        gc.freeze()
