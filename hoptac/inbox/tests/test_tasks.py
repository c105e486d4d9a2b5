"""The periodic news watch is registered with the queue and polls the due sources."""

from __future__ import annotations

import datetime
from unittest import mock

from huey.contrib.djhuey import HUEY

from hoptac.inbox import tasks


def test_the_watch_is_a_periodic_task_of_the_queue() -> None:
    # read_periodic(at) lists the periodic tasks due at that moment: on the quarter hour, the watch is one.
    at = datetime.datetime(2026, 12, 4, 9, 15)
    assert tasks.poll_news.task_class.__name__ in {task.name for task in HUEY.read_periodic(at)}
    assert tasks.poll_news.task_class.__name__ not in {
        task.name for task in HUEY.read_periodic(at.replace(minute=16))
    }


def test_the_watch_polls_the_due_sources() -> None:
    with mock.patch.object(tasks, "poll_due_sources", return_value=["a", "b"]) as poll:
        assert tasks.poll_news.call_local() == 2
    poll.assert_called_once_with()
