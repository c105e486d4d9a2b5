"""Reminders: what is due within the user's rights, one digest a day, their choices respected."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from hoptac.notifications import services
from hoptac.notifications.models import Digest, Notification

pytestmark = pytest.mark.django_db


def test_the_overdue_review_is_mailed_once_a_day(demo: dt.date, officer: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    counts = services.remind(demo)
    assert counts["emails"] == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chuyenvien@songv.kontum.gov.vn"]
    assert "Stung Treng" in message.body and "quá hạn" in message.body  # Vietnamese by default
    assert "/agreements/" in message.body
    assert services.remind(demo)["emails"] == 0  # the same day again: nothing
    assert len(mail.outbox) == 1 and Digest.objects.count() == 1
    services.remind(demo + dt.timedelta(days=1))  # the next day it is still due
    assert len(mail.outbox) == 2


def test_notifications_are_kept_once_and_can_be_read(demo: dt.date, officer: Any) -> None:
    services.remind(demo)
    first = Notification.objects.filter(user=officer).count()
    assert first > 0 and services.unread_count(officer) == first
    services.remind(demo + dt.timedelta(days=1))
    assert Notification.objects.filter(user=officer).count() >= first  # not doubled for the same items
    one = Notification.objects.filter(user=officer, kind="review").first()
    assert one is not None and one.last_day == demo + dt.timedelta(days=1)
    assert services.mark_read(officer, one.pk) == 1
    assert services.unread_count(officer) == Notification.objects.filter(user=officer).count() - 1


def test_kinds_switched_off_and_the_chosen_language(demo: dt.date, officer: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    chosen = services.settings_of(officer)
    chosen.language, chosen.review = "en", "off"
    chosen.save()
    services.remind(demo)
    assert not Notification.objects.filter(user=officer, kind="review").exists()
    assert mail.outbox and "Due now" in mail.outbox[0].body and "Stung Treng" not in mail.outbox[0].body


def test_weekly_kinds_wait_for_monday(demo: dt.date, officer: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    chosen = services.settings_of(officer)
    chosen.review = chosen.expiry = chosen.planned = chosen.deadline = chosen.behind = "weekly"
    chosen.save()
    assert demo.weekday() != 0
    assert services.remind(demo)["emails"] == 0
    monday = demo + dt.timedelta(days=7 - demo.weekday())
    assert services.remind(monday)["emails"] == 1


def test_only_what_the_user_may_see(demo: dt.date, officer: Any) -> None:
    from django.contrib.auth import get_user_model

    from hoptac.agreements.models import Agreement

    due = {d.item for d in services.due_for(officer, demo) if d.kind == "review"}
    assert due
    overdue = Agreement.objects.get(uid=next(iter(due)).split("-", 1)[1].rsplit("-", 1)[0])
    Agreement.objects.filter(pk=overdue.pk).update(confidential=True)
    viewer = get_user_model().objects.create_user(username="nguoixem", password="a-long-password-123")
    seen = services.due_for(viewer, demo)
    assert all(str(overdue.uid) not in d.item and overdue.title not in d.title for d in seen)


def test_the_yearly_plan_deadline(officer: Any, db: Any) -> None:
    near = services.due_for(officer, dt.date(2026, 11, 1))
    assert [d.item for d in near if d.kind == "deadline"] == ["plan-2027"]
    assert not [d for d in services.due_for(officer, dt.date(2026, 6, 1)) if d.kind == "deadline"]
