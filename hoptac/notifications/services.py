"""What is due for each user, within their rights, as notifications in the app and one digest e-mail a day.

The items follow the rules the dashboard and the calendar use (`summaries.due`: reviews due by the
agreements' rhythm, commitments behind schedule, planned activities, agreement ends), so a reminder never
says something the pages do not. Sending is made safe against a second run or a
second worker by the database: one `Digest` row per user and day (a unique constraint), inserted in the
same transaction that sends, so whoever inserts it second sends nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.accounts.permissions import roles_of, visible
from hoptac.agreements.models import Agreement
from hoptac.notifications.models import Digest, Frequency, Kind, Notification, ReminderSettings
from hoptac.places.models import Place
from hoptac.summaries.due import behind_ids, due_reviews, ending_alone, planned_between, visible_commitments

PLANNED_DAYS = 14
EXPIRY_MONTHS = (3, 6, 12)  # reminded when an end comes within 12, again within 6, again within 3 months
PLAN_DAY = (11, 15)  # Luật Thỏa thuận quốc tế 2020, Điều 42: the yearly plan to Bộ Ngoại giao by 15/11
PLAN_WARN_DAYS = 30


@dataclass(frozen=True)
class Due:
    """One thing due for a user, as plain values."""

    kind: str
    item: str
    title: str
    detail: str
    url: str


def settings_of(user: Any) -> ReminderSettings:
    """The user's reminder choices (the defaults until they change them)."""
    found, _created = ReminderSettings.objects.get_or_create(user=user)
    return found


def due_for(user: Any, day: dt.date) -> list[Due]:
    """Everything due for the user on the day, only among what they may see."""
    return (
        _reviews(user, day)
        + _planned(user, day)
        + _expiries(user, day)
        + _behind(user, day)
        + _deadlines(user, day)
    )


def _reviews(user: Any, day: dt.date) -> list[Due]:
    """Reviews due this year or overdue since last year, by the agreements' rhythm."""
    due = [
        d
        for d in due_reviews(visible(user, Agreement.objects.all()), day)
        if day.year - 1 <= d.year <= day.year
    ]
    hosts = Place.objects.in_bulk({d.host for d in due if d.host})
    found = []
    for d in due:
        late = d.year < day.year
        title = (
            _("Review overdue since %(year)s: %(title)s") if late else _("Review due in %(year)s: %(title)s")
        )
        host = hosts[d.host].display_name if d.host in hosts else ""
        detail = _("host: %(place)s") % {"place": host} if host else ""
        found.append(
            Due(
                Kind.REVIEW,
                f"review-{d.uid}-{d.year}",
                title % {"year": d.year, "title": d.title},
                detail,
                reverse("web:agreement", args=[d.uid]),
            )
        )
    return found


def _planned(user: Any, day: dt.date) -> list[Due]:
    """Activities planned within the next PLANNED_DAYS days (known to the day)."""
    return [
        Due(
            Kind.PLANNED,
            f"activity-{a.uid}-{a.date}",
            _("Planned on %(date)s: %(title)s") % {"date": f"{a.date:%d/%m/%Y}", "title": a.title},
            a.place,
            reverse("web:activity", args=[a.uid]),
        )
        for a in planned_between(user, day, day + dt.timedelta(days=PLANNED_DAYS))
    ]


def _expiries(user: Any, day: dt.date) -> list[Due]:
    """Agreements in force that end within 12, 6 or 3 months and have no successor (one item per step)."""
    horizon = day + dt.timedelta(days=366)
    found = []
    for uid, title, end in ending_alone(user, day, horizon).values_list("uid", "title", "period_end"):
        last = (
            end.latest() if end else None
        )  # a partial end date: its last possible day, never an invented one
        months = next(m for m in EXPIRY_MONTHS if last <= _months_after(day, m)) if last else 12
        text = _("Ends within %(months)s months, no successor recorded: %(title)s") % {
            "months": months,
            "title": title,
        }
        found.append(
            Due(Kind.EXPIRY, f"end-{uid}-{months}m", text, str(end), reverse("web:agreement", args=[uid]))
        )
    return found


def _months_after(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, min(day.day, 28))


def _behind(user: Any, day: dt.date) -> list[Due]:
    ids = behind_ids(user, day)
    rows = visible_commitments(user).filter(id__in=ids).values_list("uid", "description", "agreement__title")
    return [
        Due(
            Kind.BEHIND,
            f"behind-{uid}",
            _("Behind schedule: %(title)s") % {"title": text or agreement_title},
            agreement_title,
            reverse("web:commitment", args=[uid]),
        )
        for uid, text, agreement_title in rows
    ]


def _deadlines(user: Any, day: dt.date) -> list[Due]:
    """The yearly implementation plan for the Ministry of Foreign Affairs, due 15/11 (to those who enter data)."""
    if not roles_of(user):
        return []
    month, date = PLAN_DAY
    deadline = dt.date(day.year, month, date)
    if not 0 <= (deadline - day).days <= PLAN_WARN_DAYS:
        return []
    title = _(
        "The %(year)s plan for carrying out international agreements is due to the Ministry of Foreign "
        "Affairs by %(date)s (Law on International Agreements 2020, art. 42)"
    ) % {
        "year": day.year + 1,
        "date": f"{deadline:%d/%m/%Y}",
    }
    return [Due(Kind.DEADLINE, f"plan-{day.year + 1}", title, "", "/reports/")]


def record(user: Any, day: dt.date, items: list[Due]) -> list[Notification]:
    """Keep the items as the user's notifications: new ones unread, those seen before marked seen again today."""
    chosen = settings_of(user)
    wanted = [i for i in items if chosen.frequency(i.kind) != Frequency.OFF]
    known = set(
        Notification.objects.filter(user=user, item__in=[i.item for i in wanted]).values_list(
            "item", flat=True
        )
    )
    Notification.objects.filter(user=user, item__in=known).update(last_day=day)
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                kind=i.kind,
                item=i.item,
                title=i.title[:500],
                detail=i.detail[:500],
                url=i.url[:300],
                first_day=day,
                last_day=day,
            )
            for i in wanted
            if i.item not in known
        ],
        ignore_conflicts=True,  # another worker recording the same day: the constraint keeps one
    )
    return list(Notification.objects.filter(user=user, item__in=[i.item for i in wanted]))


def digest(user: Any, day: dt.date, notifications: list[Notification]) -> int:
    """E-mail the user today's digest, once: 1 when sent now, 0 when nothing to send or already sent."""
    chosen = settings_of(user)
    monday = day.weekday() == 0
    listed = [
        n
        for n in notifications
        if chosen.frequency(n.kind) == Frequency.DAILY
        or (monday and chosen.frequency(n.kind) == Frequency.WEEKLY)
    ]
    if not listed or not user.email:
        return 0
    try:
        with transaction.atomic():
            Digest.objects.create(user=user, day=day, items=[n.item for n in listed])
            with translation.override(chosen.language):
                context = {"user": user, "day": day, "notifications": listed, "site": settings.SITE_URL}
                subject = _("hoptac: %(count)s things due") % {"count": len(listed)}
                body = render_to_string("notifications/digest.txt", context)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:  # sent already today, by this run before or by another worker
        return 0
    return 1


def remind(day: dt.date | None = None) -> dict[str, int]:
    """The daily reminders for every active user: notifications recorded, e-mails sent."""
    day = day or timezone.localdate()
    counts = {"users": 0, "notifications": 0, "emails": 0}
    for user in get_user_model().objects.filter(is_active=True).order_by("pk"):
        with transaction.atomic():
            notifications = record(user, day, due_for(user, day))
        counts["users"] += 1
        counts["notifications"] += len(notifications)
        counts["emails"] += digest(user, day, notifications)
    return counts


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread."""
    return Notification.objects.filter(user=user, read_at=None).count() if user.is_authenticated else 0


def mark_read(user: Any, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; how many changed."""
    mine = Notification.objects.filter(user=user, read_at=None)
    return mine.filter(**({"pk": pk} if pk is not None else {})).update(read_at=timezone.now())
