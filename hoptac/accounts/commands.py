"""Commands for accounts and safety: unlock, token create/list/revoke, backup, restore."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `hoptac` command."""
    from hoptac.cli import setup_django

    @app.command()
    def unlock(username: Annotated[str, typer.Argument(help="The login name to unlock")]) -> None:
        """Lift the lockout after too many failed sign-ins for a user (from every address)."""
        setup_django()
        from axes.utils import reset

        count = reset(username=username)
        typer.echo(f"{username}: unlocked ({count} failed sign-in records cleared)")
