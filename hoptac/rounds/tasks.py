"""The rounds' work for the worker: reminding the units that have not sent their figures."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from hoptac.tasks import jobs


@db_task()
def remind_job(job_id: int, round_id: int) -> None:
    """E-mail the contributors of the units still behind in the round; the job lists who was written to."""
    from hoptac.rounds.models import Round
    from hoptac.rounds.reminders import remind_units

    with jobs.running(job_id) as (job, step):
        round_ = Round.objects.get(pk=round_id)
        done = remind_units(round_, progress=step)
        results = [
            {"text": _("%(unit)s: e-mailed %(people)s") % {"unit": unit, "people": ", ".join(people)}}
            for unit, people in done.sent.items()
        ]
        results += [
            {
                "text": _("%(unit)s: reminded already today (%(people)s)")
                % {"unit": unit, "people": ", ".join(people)}
            }
            for unit, people in done.already.items()
        ]
        results += [
            {
                "text": _("%(unit)s: no contributor with an e-mail address; add one in the admin")
                % {"unit": unit}
            }
            for unit in done.unreachable
        ]
        results.append({"text": _("Back to the round"), "url": reverse("rounds:detail", args=[round_.uid])})
        count = sum(len(people) for people in done.sent.values())
        jobs.done(job, _("%(count)s reminders sent") % {"count": count}, results)
