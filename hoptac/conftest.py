"""Fixtures for the registry apps' tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture
def english_messages() -> Iterator[None]:
    """Service messages in English, as a test asserts them (the default language, vi, translates them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def agreement_data() -> dict[str, Any]:
    """A valid Kon Tum – Sê Kông MOU, as a service or the API would receive it."""
    return {
        "kind": "mou",
        "title": "Bản ghi nhớ hợp tác Kon Tum – Sê Kông giai đoạn 2022-2027",
        "signed_on": "2022",
        "period_start": "2022",
        "period_end": "2027",
        "fields": ["economy", "education_training"],
        "parties": [
            {
                "place": "VN-28",
                "body": "UBND tỉnh Kon Tum",
                "signatory": "Lê Ngọc Tuấn",
                "signatory_title": "Chủ tịch",
            },
            {"place": "LA-XE", "body": "Chính quyền tỉnh Sê Kông"},
        ],
    }


@pytest.fixture
def agreement(db: Any, agreement_data: dict[str, Any]) -> Any:
    from hoptac.agreements.services import create_agreement

    return create_agreement(agreement_data)
