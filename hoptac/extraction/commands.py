"""`hoptac extract`: read news articles into cooperation records, without the database."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the extract command to the hoptac CLI."""

    @app.command("extract")
    def extract(
        files: Annotated[list[Path], typer.Argument(help="Article files: .txt, .html, .docx or .pdf")],
        out: Annotated[
            Path | None, typer.Option("--out", help="Folder for one <stem>.json per article")
        ] = None,
        jsonl: Annotated[
            bool, typer.Option("--jsonl", help="Write one JSON document per line to stdout")
        ] = False,
    ) -> None:
        """Read cooperation news into `cooperation-extract/1` records (one JSON file per article)."""
        from .extract import extract_file
        from .reader import ReadError

        if out is None and not jsonl:
            typer.secho("Say where the records go: --out DIR or --jsonl.", err=True, fg=typer.colors.RED)
            raise typer.Exit(2)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        failed = 0
        for path in files:
            try:
                record = extract_file(path)
            except ReadError as exc:
                failed += 1
                typer.secho(f"{path}: cannot read: {exc}", err=True, fg=typer.colors.RED)
                continue
            text = json.dumps(record, ensure_ascii=False, indent=None if jsonl else 1)
            if jsonl:
                sys.stdout.write(text + "\n")
            if out is not None:
                (out / f"{path.stem}.json").write_text(text + "\n", encoding="utf-8")
        if failed:
            typer.secho(f"{failed} of {len(files)} file(s) could not be read.", err=True, fg=typer.colors.RED)
            raise typer.Exit(1)
