"""`hoptac import-activities`: load activities from a CSV or XLSX sheet, all rows or none."""

from __future__ import annotations

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
        from hoptac.cli import fail, setup_django

        if not file.is_file():
            raise fail(f"{file}: no such file")
        setup_django()
        from django.core.exceptions import ValidationError

        from hoptac.imports.activities import ImportRefused, import_activities

        try:
            result = import_activities(file)
        except ImportRefused as exc:
            count = len(exc.problems)
            raise fail(
                f"nothing was imported: {count} problem(s) in {file.name}:\n  " + "\n  ".join(exc.messages)
            ) from exc
        except ValidationError as exc:
            raise fail("nothing was imported: " + "; ".join(exc.messages)) from exc
        made = f"; {result.people_created} new people" if result.people_created else ""
        typer.echo(
            f"{result.rows:,} activities imported from {file.name}{made} "
            f"in {result.seconds:.2f} s ({result.rows_per_second:,.0f} rows/s)".replace(",", ".")
        )
