"""Reminders to the reporting units that have not sent all their figures: one e-mail per contributor.

Each e-mail is in its reader's language: the rounds know no user preferences (they sit below the app that
keeps them), so the notifications app tells them how to find it (`set_language_of`, at start-up). A
reminder is sent at most once per round, unit, contributor and day: the `UnitReminder` row is inserted in
the transaction that sends, so a second run or a second worker inserting it second sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.rounds.models import ReportingUnit, Round, Submission, UnitReminder

NOT_SENT = (Submission.State.MISSING, Submission.State.DRAFT, Submission.State.RETURNED)

_language_of: Callable[[Any], str] = lambda user: settings.LANGUAGE_CODE  # noqa: E731


def set_language_of(source: Callable[[Any], str]) -> None:
    """Where a user's e-mail language is found (the notifications app's preferences)."""
    global _language_of
    _language_of = source


@dataclass
class Reminded:
    """What a run did: e-mails sent, per unit; those reminded already today; units nobody can be written to."""

    sent: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    already: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unreachable: list[str] = field(default_factory=list)


def units_behind(round_: Round) -> dict[ReportingUnit, list[Submission]]:
    """The units with figures still to send (missing, draft or returned), each with those submissions."""
    behind: dict[ReportingUnit, list[Submission]] = defaultdict(list)
    rows = round_.submissions.filter(state__in=NOT_SENT).select_related("unit", "metric")
    for submission in rows.order_by("unit__name", "metric__position"):
        behind[submission.unit].append(submission)
    return dict(behind)


def _send(round_: Round, unit: ReportingUnit, user: Any, day: dt.date, pending: list[Submission]) -> bool:
    try:
        with transaction.atomic():
            UnitReminder.objects.create(round=round_, unit=unit, user=user, day=day)
            with translation.override(_language_of(user)):
                address = reverse("rounds:form", kwargs={"uid": round_.uid, "unit": unit.uid})
                context = {
                    "user": user,
                    "round": round_,
                    "unit": unit,
                    "pending": pending,
                    "link": settings.SITE_URL + address,
                }
                subject = _("hoptac: figures still to send for %(round)s") % {"round": round_.name}
                body = render_to_string("rounds/reminder.txt", context)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:  # reminded already today, by an earlier run or another worker
        return False
    return True


def remind_units(
    round_: Round, day: dt.date | None = None, progress: Callable[[int, str], None] | None = None
) -> Reminded:
    """E-mail each contributor of each unit still behind in an open round, once a day at most."""
    day = day or timezone.localdate()
    done = Reminded()
    if not round_.is_open:
        return done
    behind = units_behind(round_)
    for index, (unit, pending) in enumerate(behind.items(), 1):
        people = [u for u in unit.contributors.filter(is_active=True).order_by("pk") if u.email]
        if not people:
            done.unreachable.append(unit.name)
        for user in people:
            target = done.sent if _send(round_, unit, user, day, pending) else done.already
            target[unit.name].append(user.email)
        if progress is not None:
            progress(int(99 * index / len(behind)), unit.name)
    return done
