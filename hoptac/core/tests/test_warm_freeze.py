"""What the first requests build is frozen out of the collector's reach, at doubling intervals."""

from __future__ import annotations

import gc

import pytest
from django.core.signals import request_finished

from hoptac.core import apps


def test_the_first_requests_freeze_what_they_built_then_the_receiver_goes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(apps, "_served", 0)
    froze: list[int] = []
    monkeypatch.setattr(apps.gc, "freeze", lambda: froze.append(apps._served))
    request_finished.connect(apps._freeze_warmed, dispatch_uid="hoptac-freeze-warmed")
    try:
        for _ in range(apps.LAST_FREEZE + 10):
            request_finished.send(sender=None)
    finally:
        request_finished.disconnect(dispatch_uid="hoptac-freeze-warmed")
    assert froze == [2**k for k in range(10)]  # 1, 2, 4, … 512
    assert apps._served == apps.LAST_FREEZE  # no longer counting once the last freeze is done
    assert gc.isenabled()
