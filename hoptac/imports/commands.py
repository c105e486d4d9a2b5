"""`hoptac import-activities`: load activities from a CSV or XLSX sheet, all rows or none."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the import-activities command to the hoptac CLI."""

    @app.command("import-activities")
    def import_activities_command(
        file: Annotated[Path, typer.Argument(help="A .csv (UTF-8) or .xlsx file with a header row")],
    ) -> None:
        """Import activities from a sheet; columns: id, kind, title, date, end_date, status, place,
        parties, agreements, commitments, direction, head_of_delegation, delegation_size, description."""
        from hoptac.core.commandline import fail, setup_django

        if not file.is_file():
            raise fail(f"{file}: no such file")
        setup_django()
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _
        from rich.progress import Progress

        from hoptac.imports.activities import import_activities
        from hoptac.imports.problems import ImportRefused

        try:
            with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
                task = bar.add_task(f"importing {file.name}", total=100)
                result = import_activities(
                    file, progress=lambda percent, step: bar.update(task, completed=percent, description=step)
                )
        except ImportRefused as exc:
            count = len(exc.problems)
            head = _("nothing was imported: %(count)s problem(s) in %(file)s:") % {
                "count": count,
                "file": file.name,
            }
            raise fail(head + "\n  " + "\n  ".join(exc.messages)) from exc
        except ValidationError as exc:
            raise fail(_("nothing was imported: %(why)s") % {"why": "; ".join(exc.messages)}) from exc
        # Thousands grouped with dots, as Vietnamese writes them.
        counts = {
            "rows": f"{result.rows:,}".replace(",", "."),
            "file": file.name,
            "seconds": f"{result.seconds:.2f}",
            "speed": f"{result.rows_per_second:,.0f}".replace(",", "."),
        }
        if result.people_created:
            done = _(
                "%(rows)s activities imported from %(file)s; %(people)s new people in %(seconds)s s (%(speed)s rows/s)"
            )
            counts["people"] = str(result.people_created)
        else:
            done = _("%(rows)s activities imported from %(file)s in %(seconds)s s (%(speed)s rows/s)")
        typer.echo(done % counts)
