"""`hoptac extract`: read news articles into cooperation records, without the database."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the extract and extract-eval commands to the hoptac CLI."""

    @app.command("extract-eval")
    def extract_eval(
        articles_dir: Annotated[Path, typer.Argument(help="Folder of articles (.txt, .html, .docx, .pdf)")],
        gold_dir: Annotated[Path, typer.Argument(help="Folder of gold answers, one <stem>.json per article")],
        verbose: Annotated[bool, typer.Option("--verbose", help="Also print every miss")] = False,
        files: Annotated[
            list[str] | None,
            typer.Option(
                "--files",
                help="Only these articles: stem, file name or shell pattern ('[0-9][13579]_*'); repeatable",
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    ) -> None:
        """Score the reader on articles with gold answers: P/R/F1 per type, micro F1, attributes, misses."""
        from .evaluate import evaluate, format_report

        for folder in (articles_dir, gold_dir):
            if not folder.is_dir():
                typer.secho(
                    f"{folder} is not a folder: give ARTICLES_DIR GOLD_DIR.", err=True, fg=typer.colors.RED
                )
                raise typer.Exit(2)
        evaluation = evaluate(articles_dir, gold_dir, files or ())
        if not evaluation.report["micro"]["gold"] and not evaluation.report["micro"]["predicted"]:
            typer.secho(
                "No article has a gold answer of the same name: nothing scored.",
                err=True,
                fg=typer.colors.RED,
            )
            raise typer.Exit(1)
        if as_json:
            typer.echo(json.dumps(evaluation.report, indent=2))
        else:
            typer.echo(format_report(evaluation, verbose))

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
