import gc
from typing import Any

from django.apps import AppConfig
from django.core.signals import request_finished

# Requests after which what the process has built so far is frozen too: 1, 2, 4, … 512.
LAST_FREEZE = 512


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
        request_finished.connect(_freeze_warmed, dispatch_uid="hoptac-freeze-warmed")


_served = 0


def _freeze_warmed(sender: Any, **kwargs: Any) -> None:
    """Freeze what the first requests built and keep (compiled templates, URL resolvers, translations:
    ~85,000 objects after four pages), which the freeze at start-up could not see: a full collection
    walked them all, 55–80 ms, the slowest request of a series. Freezing is O(1); at doubling intervals a
    page first shown later is caught too, and the few garbage cycles frozen with them are bounded."""
    global _served
    _served += 1
    if _served & (_served - 1) == 0:  # a power of two
        gc.freeze()
    if _served >= LAST_FREEZE:
        request_finished.disconnect(dispatch_uid="hoptac-freeze-warmed")
