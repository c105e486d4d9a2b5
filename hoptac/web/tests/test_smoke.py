from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/agreements/",
        "/places/",
        "/places/LA-XE/",
        "/places/VN-28/",
        "/activities/",
        "/calendar/",
        "/calendar.ics",
        "/search/?q=se+kong",
        "/accounts/login/",
    ],
)
def test_page_renders(admin_client: Any, demo: None, url: str) -> None:
    response = admin_client.get(url)
    assert response.status_code == 200, response.content[:3000]
