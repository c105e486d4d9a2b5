"""What the application does once at start-up for every request after it."""

from __future__ import annotations

import gc

from django.apps import apps


def test_startup_objects_are_frozen_out_of_the_collector() -> None:
    # Django is set up by now (pytest-django): the models and modules loaded are frozen, so a full
    # collection during a request does not walk them.
    assert apps.ready
    assert gc.get_freeze_count() > 10_000
