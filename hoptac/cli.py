"""The `hoptac` command: one entry point for running, loading, exporting and reading news."""

from __future__ import annotations

import importlib

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
    "hoptac.commands",
    "hoptac.extraction.commands",
    "hoptac.extraction.ingest",
    "hoptac.reports.commands",
    "hoptac.accounts.commands",
    "hoptac.synth.commands",
    "hoptac.imports.commands",
    "hoptac.inbox.commands",
    "hoptac.tasks.commands",
    "hoptac.notifications.commands",
]


def register_commands() -> None:
    """Let every command module add its commands to `app`."""
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        module.register(app)


def main() -> None:
    register_commands()
    app(prog_name="hoptac")


if __name__ == "__main__":
    main()
