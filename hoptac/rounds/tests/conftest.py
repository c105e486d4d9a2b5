"""The seed 003 round: an officer of Kon Tum, one contributor per unit, an administrator."""

from __future__ import annotations

from typing import Any

import pytest

from hoptac.rounds.tests import story


@pytest.fixture
def people(db: Any) -> dict[str, Any]:
    """officer (Kon Tum), admin, and a contributor for each unit (keyed by unit name)."""
    from django.contrib.auth import get_user_model

    found: dict[str, Any] = {
        "officer": story.user("kontum", "officer", places=["VN-28"]),
        "admin": get_user_model().objects.create_superuser(username="quantri", password=story.PASSWORD),
    }
    for i, name in enumerate(story.ASKS):
        found[name] = story.user(f"donvi{i}", "contributor")
    return found


@pytest.fixture
def story_round(people: dict[str, Any]) -> Any:
    """The open round of seed 003 with its three units."""
    return story.open_story_round(people["officer"], people)
