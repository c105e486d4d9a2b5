"""The `hoptac` command: one entry point for running, loading, exporting and reading news."""

from __future__ import annotations

import importlib
import os

import typer

app = typer.Typer(
    name="hoptac",
    help="hoptac — registry of international cooperation between sub-national governments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module adds its own commands with register(app); a module not yet present is skipped.
COMMAND_MODULES = [
    "hoptac.core.commands",
    "hoptac.extraction.commands",
    "hoptac.extraction.ingest",
    "hoptac.reports.commands",
    "hoptac.accounts.commands",
    "hoptac.synth.commands",
    "hoptac.imports.commands",
    "hoptac.tasks.commands",
    "hoptac.notifications.commands",
]


def setup_django() -> None:
    """Configure Django once, for commands that touch the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    import django

    django.setup()


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a message that says what to fix, and return the Exit to raise."""
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def _register_all() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        module.register(app)


def main() -> None:
    _register_all()
    app(prog_name="hoptac")


if __name__ == "__main__":
    main()
