"""End to end: a page's job handed to a real worker process finds its uploaded file after the request
has ended, and its progress and result reach the app through the shared queue and database."""

from __future__ import annotations

import json
import time

from hoptac.tests.support.processes import Site

CSV = "kind,title,date,place,parties\\nmeeting,Hội đàm,2024-05-02,VN-28,VN-28; LA-XE\\nmeeting,Hội đàm 2,2024-06-03,VN-28,VN-28; LA-XE\\n"

START = f"""
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hoptac.activities.models import Activity
from hoptac.tasks import jobs
from hoptac.web.tasks import import_job
admin = get_user_model().objects.get(username="admin")
before = Activity.objects.count()
with transaction.atomic():
    job = jobs.start(admin, "import", [SimpleUploadedFile("hop.csv", "{CSV}".encode())])
    transaction.on_commit(lambda: import_job(job.pk))
print(job.pk, before)
"""

STATE = """
from hoptac.activities.models import Activity
from hoptac.tasks.models import Job, JobFile
job = Job.objects.get(pk={pk})
print(json.dumps([job.state, job.message, job.problems, Activity.objects.count(), JobFile.objects.count()]))
"""


def test_an_import_job_is_done_by_a_worker_process(site: Site) -> None:
    site.load_demo()
    pk, before = map(int, site.python(START).split())
    assert json.loads(site.python("import json\n" + STATE.format(pk=pk)))[0] == "queued"  # no worker yet
    site.start("worker", "--no-periodic")
    deadline = time.monotonic() + 90
    while True:
        state, message, problems, count, files = json.loads(
            site.python("import json\n" + STATE.format(pk=pk))
        )
        if state in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert (state, problems) == ("done", []), message
    assert count == before + 2 and files == 0
