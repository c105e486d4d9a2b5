"""Two app processes on one PostgreSQL: simultaneous edits lose nothing, one article is stored once.

Each thread has its own database connection, as two gunicorn workers would. A barrier makes both
threads read before either writes — the interleaving that loses work when nothing guards against it.
SQLite lets one writer in at a time (and these tests need a real server), so they run on PostgreSQL only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.sources.models import Source

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two sessions on a PostgreSQL server (set HOPTAC_TEST_DATABASE_URL); SQLite admits one writer at a time",
    ),
]


def run_together(*jobs: Callable[[], Any]) -> list[Any]:
    """Run the jobs in threads at the same moment; return their results (re-raising any error)."""
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def work(i: int, job: Callable[[], Any]) -> None:
        try:
            results[i] = job()
        except BaseException as exc:  # collected and re-raised in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if errors:
        raise errors[0]
    return results


def test_simultaneous_edits_of_one_agreement_keep_both_changes(agreement_data: dict[str, Any]) -> None:
    from django.db import transaction

    from hoptac.agreements.services import create_agreement, update_agreement

    uid = create_agreement(agreement_data).uid
    both_read = threading.Barrier(2, timeout=30)

    def edit(change: dict[str, Any]) -> None:
        with transaction.atomic():  # one request
            record = Agreement.objects.get(uid=uid)
            both_read.wait()
            update_agreement(record, change)

    run_together(lambda: edit({"title": "Tên mới"}), lambda: edit({"notes": "Ghi chú mới"}))
    saved = Agreement.objects.get(uid=uid)
    assert (saved.title, saved.notes) == ("Tên mới", "Ghi chú mới")


def test_simultaneous_edits_of_one_activity_keep_both_changes() -> None:
    from django.db import transaction

    from hoptac.activities.services import create_activity, update_activity

    uid = create_activity({"kind": "meeting", "date": "2024", "parties": ["VN-28", "LA-XE"]}).uid
    both_read = threading.Barrier(2, timeout=30)

    def edit(change: dict[str, Any]) -> None:
        with transaction.atomic():
            record = Activity.objects.get(uid=uid)
            both_read.wait()
            update_activity(record, change)

    run_together(lambda: edit({"title": "Hội đàm"}), lambda: edit({"description": "Hai bên thống nhất"}))
    saved = Activity.objects.get(uid=uid)
    assert (saved.title, saved.description) == ("Hội đàm", "Hai bên thống nhất")


def test_one_article_ingested_by_two_processes_is_stored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from hoptac.extraction.ingest import ingest_record
    from hoptac.sources import services

    text = "Ngày 12/12/2024, tỉnh Kon Tum và tỉnh Sê Kông tổ chức hội nghị sơ kết hợp tác.\n" * 3
    both_checked = threading.Barrier(2, timeout=30)
    first_look = threading.local()
    original = services.find_source_by_text

    def find_then_wait(value: str) -> Any:
        found = original(value)
        if not getattr(first_look, "done", False):  # only the first look of each process waits
            first_look.done = True
            both_checked.wait()
        return found

    monkeypatch.setattr(services, "find_source_by_text", find_then_wait)
    record = {"published": "2024-12-12"}
    results = run_together(
        lambda: ingest_record(record, text, "a"),
        lambda: ingest_record(record, text, "b"),
    )
    assert Source.objects.count() == 1
    assert sorted(r.skipped for r in results) == [False, True]
    assert {r.source.pk for r in results} == {Source.objects.get().pk}


def test_two_changes_from_the_same_version_one_is_refused_not_lost(agreement_data: dict[str, Any]) -> None:
    from django.db import transaction

    from hoptac.agreements.services import create_agreement, update_agreement
    from hoptac.core.concurrency import Conflict, version_of

    created = create_agreement(agreement_data)
    version = version_of(created)
    both_read = threading.Barrier(2, timeout=30)

    def edit(title: str) -> str:
        try:
            with transaction.atomic():
                record = Agreement.objects.get(pk=created.pk)
                both_read.wait()
                update_agreement(record, {"title": title, "version": version})
            return "saved"
        except Conflict:
            return "refused"

    outcomes = run_together(lambda: edit("Tên A"), lambda: edit("Tên B"))
    assert sorted(outcomes) == ["refused", "saved"]
    winner = "Tên A" if outcomes[0] == "saved" else "Tên B"
    assert Agreement.objects.get(pk=created.pk).title == winner
