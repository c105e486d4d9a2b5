"""`hoptac synth`: write a seeded synthetic registry (national or one province) for benchmarks."""

from __future__ import annotations

import os
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the synth command to the hoptac CLI."""

    @app.command()
    def synth(
        scale: Annotated[str, typer.Option(help="national (3,000 agreements, 1,000,000 activities …) or province (~1%)")] = "province",
        seed: Annotated[int, typer.Option(help="The same seed gives the same registry")] = 1,
        province: Annotated[str | None, typer.Option(help="For --scale province: a current unit (default VN-29)")] = None,
        database_url: Annotated[str | None, typer.Option(help="Write there instead of HOPTAC_DATABASE_URL (migrated first)")] = None,
    ) -> None:  # fmt: skip
        """Write a realistic, deterministic dataset into an empty registry, and report rows and time."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from hoptac.core.commandline import fail, setup_django
        from hoptac.synth.plan import SCALES

        if scale not in SCALES:
            raise fail(f"--scale '{scale}' is not known: use one of {', '.join(SCALES)}")
        if database_url:
            os.environ["HOPTAC_DATABASE_URL"] = database_url
        setup_django()
        from django.core.exceptions import ValidationError
        from django.core.management import call_command

        from hoptac.synth.build import build, expected_rows

        call_command("migrate", interactive=False, verbosity=0)
        columns = (TextColumn("synth"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns) as bar:
            task = bar.add_task("rows", total=expected_rows(scale))
            try:
                result = build(scale, seed, province, progress=lambda n: bar.advance(task, n))
            except ValidationError as exc:
                raise fail("nothing was written: " + "; ".join(exc.messages)) from exc
            bar.update(task, completed=result.rows, total=result.rows)
        for table, count in sorted(result.counts.items()):
            typer.echo(f"{table:40} {count:>12,}".replace(",", "."))
        typer.echo(f"{'total':40} {result.rows:>12,}".replace(",", ".") + f"  in {result.seconds:.1f} s")
