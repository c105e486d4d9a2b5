"""Fixtures for the accounts tests: the demo registry and users of every role."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from hoptac.accounts.models import Membership, Role


def uid(key: str) -> str:
    """The public id the demo file's key becomes."""
    from hoptac.exchange.load import to_uuid

    return str(to_uuid(key))


def load_demo() -> dict[str, Any]:
    """Import the demo registry and make the Kon Tum – Stung Treng agreement confidential."""
    from hoptac.agreements.models import Agreement
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    import_registry(json.loads(DEMO_FILE.read_text()))
    Agreement.objects.filter(uid=uid("a-kt-st-2022")).update(confidential=True)
    return {"secret": Agreement.objects.get(uid=uid("a-kt-st-2022"))}


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    """The demo registry, with the Kon Tum – Stung Treng agreement made confidential."""
    return load_demo()


def create_user(
    name: str,
    role: str | None = None,
    places: list[str] = (),  # type: ignore[assignment]
    agreements: list[str] = (),  # type: ignore[assignment]
    superuser: bool = False,
) -> Any:
    """A user with that membership (the agreements by uid)."""
    from django.contrib.auth import get_user_model

    from hoptac.agreements.models import Agreement

    model = get_user_model()
    if superuser:
        user = model.objects.create_superuser(username=name, password="x-Very-long-pass-1")
    else:
        user = model.objects.create_user(username=name, password="x-Very-long-pass-1")
    if role:
        membership = Membership.objects.create(user=user, role=role)
        membership.places.set(places)
        membership.agreements.set(Agreement.objects.filter(uid__in=agreements))
    return user


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """make_user("name", role, places=[...], agreements=[uids]) → a user with that membership."""
    return create_user


def role_users() -> dict[str, Any]:
    """One user of each role, around Kon Tum (VN-28) and Thừa Thiên Huế (VN-26) (the demo loaded)."""
    make = create_user  # short, for the table below
    return {
        "super": make("super", superuser=True),
        "admin": make("admin", Role.ADMINISTRATOR),
        "officer_kt": make("officer_kt", Role.OFFICER, ["VN-28"]),
        "officer_hue": make("officer_hue", Role.OFFICER, ["VN-26"]),
        "officer_qn": make("officer_qn", Role.OFFICER, ["VN-29"]),
        "contributor": make("contributor", Role.CONTRIBUTOR, agreements=[uid("a-kt-xe-2022")]),
        "contributor_secret": make("contributor_secret", Role.CONTRIBUTOR, agreements=[uid("a-kt-st-2022")]),
        "viewer_kt": make("viewer_kt", Role.VIEWER, ["VN-28"]),
        "viewer_hue": make("viewer_hue", Role.VIEWER, ["VN-26"]),
        "ministry": make("ministry", Role.MINISTRY_VIEWER),
        "nobody": make("nobody"),
    }


@pytest.fixture
def users(demo: dict[str, Any]) -> dict[str, Any]:
    """One user of each role, around Kon Tum (VN-28) and Thừa Thiên Huế (VN-26)."""
    return role_users()
