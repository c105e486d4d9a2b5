"""Saving a form over someone else's newer change is refused with a message, never a lost update."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hoptac.agreements.models import Agreement
from hoptac.agreements.services import update_agreement
from hoptac.web.tests.conftest import agreement_uid
from hoptac.web.tests.test_forms import agreement_post

pytestmark = pytest.mark.django_db


def test_stale_form_is_refused_and_the_other_change_kept(admin_client: Any, demo: None) -> None:
    uid = agreement_uid("Stung Treng")
    form = admin_client.get(f"/agreements/{uid}/edit/").content.decode()
    version = re.search(r'name="version" value="([^"]+)"', form)
    assert version, "the edit form carries the version it was opened at"
    update_agreement(Agreement.objects.get(uid=uid), {"notes": "sửa bởi người khác"})
    data = agreement_post(
        title="Sửa từ biểu mẫu cũ",
        version=version.group(1),
        **{"parties-1-place": "KH-19", "parties-1-body": "Chính quyền tỉnh Stung Treng"},
    )
    response = admin_client.post(f"/agreements/{uid}/edit/", data)
    assert response.status_code == 200
    assert "sau khi bạn mở" in response.content.decode()  # "… after you opened it"
    saved = Agreement.objects.get(uid=uid)
    assert saved.notes == "sửa bởi người khác" and saved.title != "Sửa từ biểu mẫu cũ"
    fresh = re.search(
        r'name="version" value="([^"]+)"', admin_client.get(f"/agreements/{uid}/edit/").content.decode()
    )
    assert fresh and fresh.group(1) != version.group(1)
    ok = admin_client.post(f"/agreements/{uid}/edit/", {**data, "version": fresh.group(1)})
    assert ok.status_code == 302
