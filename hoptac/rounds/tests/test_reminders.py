"""Reminding the units that have not sent their figures: a queued job, one e-mail per contributor in their
language, never twice for the same round, unit and day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from hoptac.rounds.models import Round

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 12, 1)


@pytest.fixture
def reachable(people: dict[str, Any], story_round: Round) -> dict[str, Any]:
    """Every contributor with an e-mail address; the border guards' unit gets a second, English-reading one."""
    from hoptac.notifications.services import settings_of
    from hoptac.rounds.models import ReportingUnit
    from hoptac.rounds.tests import story

    for i, name in enumerate(story.ASKS):
        people[name].email = f"donvi{i}@example.org"
        people[name].save()
    second = story.user("bienphong2", "contributor")
    second.email = "bp2@example.org"
    second.save()
    chosen = settings_of(second)
    chosen.language = "en"
    chosen.save()
    ReportingUnit.objects.get(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh").contributors.add(second)
    people["second"] = second
    return people


def _submit_all(round_: Round, unit_name: str, by: Any) -> None:
    from hoptac.rounds.services import submit
    from hoptac.rounds.tests import story

    values = {m: v for m, v, *_ in story.ASKS[unit_name]}
    for s in round_.submissions.filter(unit__name=unit_name).select_related("metric"):
        submit(s, {"value": str(values[s.metric_id]), "note": "Báo cáo sơ kết"}, by=by)


def test_one_email_per_contributor_of_each_unit_behind_in_their_language(
    story_round: Round, reachable: dict[str, Any]
) -> None:
    from hoptac.rounds.reminders import remind_units

    _submit_all(story_round, "Sở Công Thương", reachable["Sở Công Thương"])
    done = remind_units(story_round, DAY)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bp2@example.org",
        "donvi0@example.org",
        "donvi1@example.org",
    ]
    assert all(len(m.to) == 1 for m in mail.outbox)
    english = next(m for m in mail.outbox if m.to == ["bp2@example.org"])
    vietnamese = next(m for m in mail.outbox if m.to == ["donvi1@example.org"])
    assert english.subject.startswith("hoptac: figures still to send") and "Dear" in english.body
    assert "Dear" not in vietnamese.body and "Bộ Chỉ huy Bộ đội Biên phòng tỉnh" in vietnamese.body
    assert f"/rounds/{story_round.uid}/units/" in vietnamese.body and "05/12/2024" in vietnamese.body
    assert "Sở Công Thương" not in done.sent and done.unreachable == []


def test_never_twice_the_same_day_again_the_next(story_round: Round, reachable: dict[str, Any]) -> None:
    from hoptac.rounds.models import UnitReminder
    from hoptac.rounds.reminders import remind_units

    remind_units(story_round, DAY)
    first = len(mail.outbox)
    again = remind_units(story_round, DAY)  # a second click, or a second worker
    assert len(mail.outbox) == first == 4 and not again.sent and sum(map(len, again.already.values())) == 4
    assert UnitReminder.objects.count() == 4
    remind_units(story_round, DAY + dt.timedelta(days=1))
    assert len(mail.outbox) == 8


def test_a_unit_without_an_address_is_named(story_round: Round, people: dict[str, Any]) -> None:
    from hoptac.rounds.reminders import remind_units

    done = remind_units(story_round, DAY)
    assert not mail.outbox and len(done.unreachable) == 3


def test_the_officer_queues_the_reminders_and_the_job_says_who_got_one(
    client: Any, story_round: Round, reachable: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from hoptac.tasks.models import Job

    page = client.get(f"/rounds/{story_round.uid}/")  # not signed in
    client.force_login(reachable["officer"])
    page = client.get(f"/rounds/{story_round.uid}/").content.decode()
    assert "mailto:" not in page and f"/rounds/{story_round.uid}/remind" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rounds/{story_round.uid}/remind")
    job = Job.objects.get(kind="remind")
    assert response["Location"] == f"/jobs/{job.pk}/" and job.state == "done", job.message
    assert len(mail.outbox) == 4
    shown = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "donvi0@example.org" in shown and f'href="/rounds/{story_round.uid}/"' in shown


def test_a_contributor_cannot_send_the_reminders(
    client: Any, story_round: Round, reachable: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(reachable["Sở Ngoại vụ"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rounds/{story_round.uid}/remind")
    assert response.status_code in (403, 404) and not mail.outbox
