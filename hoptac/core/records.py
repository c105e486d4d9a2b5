"""The registry's record types, by the name the API and the registry document give them.

Named here as model labels, not imported, so that a low app (sources: provenance about any record)
can find the record types of the apps above it without importing them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps

RECORD_LABELS = {
    "agreement": "agreements.Agreement",
    "commitment": "agreements.Commitment",
    "delivery": "agreements.Delivery",
    "activity": "activities.Activity",
    "figure": "figures.Figure",
    "person": "people.Person",
    "source": "sources.Source",
}


@cache
def record_types() -> dict[str, Any]:
    """Each record type's name and model (once the apps are loaded)."""
    return {name: apps.get_model(label) for name, label in RECORD_LABELS.items()}


def record_type_name(model: Any) -> str | None:
    """The record type's name of a model, or None for a model that is no record type."""
    return next((name for name, m in record_types().items() if m is model), None)
