"""The kernel's permission interface loads the rule set the settings name, and that set answers every question."""

from __future__ import annotations

import inspect

from django.test import override_settings

from hoptac.core import permissions


def test_the_rules_come_from_accounts_and_answer_every_question() -> None:
    rules = permissions.rules()
    assert rules.__name__ == "hoptac.accounts.permissions"  # type: ignore[attr-defined]
    questions = [name for name, _ in inspect.getmembers(permissions.Rules) if not name.startswith("_")]
    assert set(questions) == {
        "visible",
        "sees_all",
        "can_view",
        "can_change",
        "can_create",
        "is_administrator",
        "reads_only",
    }
    for name in questions:
        assert callable(getattr(rules, name, None)), f"{rules.__name__} lacks {name}()"  # type: ignore[attr-defined]


def test_another_rule_set_can_be_named_in_the_settings() -> None:
    permissions.rules.cache_clear()
    try:
        with override_settings(HOPTAC_PERMISSION_RULES="hoptac.core.tests.everyone_sees"):
            assert permissions.can_view(None, None)  # type: ignore[arg-type]
    finally:
        permissions.rules.cache_clear()
