"""`hoptac worker`: runs queued and periodic tasks (reminders, the shared-cache refresh, long page work)."""

from __future__ import annotations

from typing import Annotated

import typer

from hoptac.core.commandline import setup_django


def register(app: typer.Typer) -> None:
    """Add the worker command."""

    @app.command()
    def worker(
        threads: Annotated[int, typer.Option(help="Tasks run at once (threads)")] = 2,
        periodic: Annotated[bool, typer.Option(help="Also run the periodic tasks (daily reminders)")] = True,
    ) -> None:
        """Run the task queue's worker (Redis with HOPTAC_REDIS_URL, else a SQLite file in the var directory)."""
        setup_django()
        from django.conf import settings
        from django.core.management import call_command

        if settings.HUEY.get("immediate"):
            raise typer.Exit(
                _say("HOPTAC_QUEUE_IMMEDIATE is on: tasks run in the caller, a worker has nothing to do")
            )
        options = {"workers": threads}
        if not periodic:
            options["periodic"] = False
        call_command("run_huey", **options)


def _say(message: str) -> int:
    typer.secho(message, err=True, fg=typer.colors.RED)
    return 2
