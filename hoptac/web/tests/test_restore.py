"""Restoring an agreement from its page's change history."""

from typing import Any

import pytest
from django.test import Client

from hoptac.agreements.models import Agreement
from hoptac.agreements.services import update_agreement

pytestmark = pytest.mark.django_db


def test_restore_button_puts_the_old_title_back(admin_client: Client, agreement: Agreement) -> None:
    original = agreement.title
    update_agreement(agreement, {"title": "Tên sai"})
    page = admin_client.get(f"/agreements/{agreement.uid}/")
    assert "Khôi phục phiên bản này" in page.content.decode()
    first = agreement.history.order_by("history_date", "history_id").first()
    assert first is not None
    response = admin_client.post(f"/agreements/{agreement.uid}/restore/{first.history_id}/")
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == original
    assert agreement.parties.count() == 2


def test_restore_needs_post_and_a_version_of_this_record(
    admin_client: Client, agreement: Agreement, agreement_data: dict[str, Any]
) -> None:
    from hoptac.agreements.services import create_agreement

    other = create_agreement(
        {**agreement_data, "signed_on": "2018", "period_start": None, "period_end": None}
    )
    foreign = other.history.first()
    assert foreign is not None
    assert admin_client.get(f"/agreements/{agreement.uid}/restore/{foreign.history_id}/").status_code == 405
    assert admin_client.post(f"/agreements/{agreement.uid}/restore/{foreign.history_id}/").status_code == 403
