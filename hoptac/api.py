"""The JSON API under /api/v1 (django-ninja); each app adds its router in its own api.py."""

from __future__ import annotations

import importlib

from ninja import NinjaAPI

api = NinjaAPI(
    title="hoptac API",
    version="1",
    description="Registry of international cooperation between sub-national governments.",
    urls_namespace="api",
)

# Each app module defines `router`; an app without an api.py yet is skipped.
ROUTERS = {
    "places": "hoptac.places.api",
    "people": "hoptac.people.api",
    "sources": "hoptac.sources.api",
    "agreements": "hoptac.agreements.api",
    "commitments": "hoptac.agreements.commitments_api",
    "activities": "hoptac.activities.api",
    "figures": "hoptac.figures.api",
    "reports": "hoptac.reports.api",
    "accounts": "hoptac.accounts.api",
}

for prefix, module_name in ROUTERS.items():
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            continue
        raise
    api.add_router(f"/{prefix}/", module.router)
