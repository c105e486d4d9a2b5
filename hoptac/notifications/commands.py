"""`hoptac remind`: today's reminders now (the worker runs them daily by itself)."""

from __future__ import annotations

from typing import Annotated

import typer

from hoptac.core.commandline import setup_django


def register(app: typer.Typer) -> None:
    """Add the remind command."""

    @app.command()
    def remind(
        queue: Annotated[
            bool, typer.Option(help="Hand the work to a worker instead of doing it here")
        ] = False,
    ) -> None:
        """Record today's notifications and e-mail each user's digest (never twice the same day)."""
        setup_django()
        from hoptac.notifications import services, tasks

        if queue:
            tasks.reminders_now()
            typer.echo("reminders queued")
            return
        counts = services.remind()
        typer.echo(
            f"{counts['users']} users, {counts['notifications']} notifications, {counts['emails']} e-mails"
        )
