"""What every `hoptac` command module needs: Django set up once, and failing with a message that says what to fix.

Here, in the kernel, so that each app's `commands.py` can use them without importing `hoptac.cli`
(which imports every command module).
"""

from __future__ import annotations

import os

import typer


def setup_django() -> None:
    """Configure Django once, for commands that touch the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a message that says what to fix, and return the Exit to raise."""
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code)
