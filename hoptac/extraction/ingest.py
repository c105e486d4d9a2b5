"""`hoptac ingest`: merge what the news reader finds into the registry.

One record per real-world thing: an agreement named in two articles is one agreement with two
sources; a review planned for 2024 and the review held on 2024-12-12 are one activity. Every record
is tied to its source and the span of text that supports it. Where sources disagree, the registry
keeps its value and records the other as a Conflict; nothing is silently overwritten.

This module reads the articles and runs the command; hoptac.extraction.matching finds the records
an article names, hoptac.extraction.merge merges them.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .merge import IngestResult, Merger


def _title(text: str, fallback: str) -> str:
    for line in text.splitlines()[:15]:
        words = line.split()
        if len(words) >= 6 and not line.rstrip().endswith((".", ":")):
            return line.strip()[:500]
    return fallback


def ingest_record(record: Mapping[str, Any], text: str, title: str, user: Any = None) -> IngestResult:
    """Merge one extracted article (schema cooperation-extract/1) and its text into the registry; with a
    user (an article pasted on the review page), only into records that user may change."""
    from hoptac.sources.services import create_source, find_source_by_text

    existing = find_source_by_text(text)
    if existing is not None:
        return IngestResult(existing, skipped=True)
    try:
        with transaction.atomic():
            source = create_source(
                {"title": _title(text, title), "text": text, "published": record.get("published")}
            )
            result = IngestResult(source)
            Merger(source, record, result, user).run()
    except (IntegrityError, ValidationError):
        # Another process stored the same article since our check (the unique checksum or the
        # service's duplicate check stopped us): theirs stands. Any other error goes up.
        existing = find_source_by_text(text)
        if existing is None:
            raise
        return IngestResult(existing, skipped=True)
    return result


def read_all(
    paths: Sequence[Path], progress: Callable[[Path], None] | None = None
) -> tuple[list[tuple[Path, Mapping[str, Any], str]], list[str]]:
    """Read and extract every file first, so an unreadable one stops the run before anything is stored;
    `progress` is told each file read."""
    from .extract import extract_text
    from .reader import ReadError, read_article

    read: list[tuple[Path, Mapping[str, Any], str]] = []
    errors: list[str] = []
    for path in paths:
        try:
            raw = read_article(path)
        except (ReadError, OSError) as exc:
            errors.append(f"{path}: cannot read: {exc}")
        else:
            read.append((path, extract_text(raw.text, path.name, raw.published), raw.text))
        if progress is not None:
            progress(path)
    return read, errors


def ingest_files(
    paths: Sequence[Path], user: Any = None, progress: Callable[[int, str], None] | None = None
) -> list[tuple[Path, IngestResult]]:
    """Read several articles, then merge them in one transaction: all files or, on any error, none;
    `progress(percent, message)` is told as it goes (reading is the first half, merging the second)."""
    from django.utils.translation import gettext as _

    tell = progress or (lambda percent, message: None)
    total = max(len(paths), 1)
    counter = iter(range(1, len(paths) + 1))

    def read_one(path: Path) -> None:
        tell(int(50 * next(counter) / total), _("read %(name)s") % {"name": path.name})

    read, errors = read_all(paths, read_one)
    if errors:
        names = {str(path): path.name for path in paths}
        raise ValidationError([_shorter(error, names) for error in errors])
    results: list[tuple[Path, IngestResult]] = []
    with transaction.atomic():
        for done, (path, record, text) in enumerate(read, 1):
            results.append((path, ingest_record(record, text, path.stem, user=user)))
            tell(50 + int(49 * done / total), _("merged %(name)s") % {"name": path.name})
    return results


def _shorter(error: str, names: Mapping[str, str]) -> str:
    # The page shows the uploaded file's name, not the worker's temporary path.
    for full, name in names.items():
        error = error.replace(full, name)
    return error


def shared_seeds() -> Path | None:
    """../shared/seeds beside the project, where it exists (CI and developers' machines)."""
    root = Path(os.environ.get("HOPTAC_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))
    seeds = root / "seeds"
    return seeds if seeds.is_dir() and any(seeds.glob("*.txt")) else None


def ingest_demo() -> bool:
    """Build the demo from the seed articles when they are here; False tells the caller to use the data file."""
    seeds = shared_seeds()
    if seeds is None:
        return False
    read, errors = read_all(sorted(seeds.glob("*.txt")))
    if errors:
        return False
    with transaction.atomic():
        results = [ingest_record(record, text, path.stem) for path, record, text in read]
    created = sum((r.created for r in results), Counter())
    typer.echo(
        f"demo read from {len(results)} articles in {seeds}: "
        + ", ".join(f"{n} {k}" for k, n in created.items())
    )
    return True


def register(app: typer.Typer) -> None:
    """Add the ingest command to the hoptac CLI."""

    @app.command("ingest")
    def ingest(
        files: Annotated[list[Path], typer.Argument(help="Article files: .txt, .html, .docx or .pdf")],
    ) -> None:
        """Read articles and merge their records into the registry (all files, or on any error none)."""
        from rich.progress import Progress

        from hoptac.core.commandline import fail, setup_django

        setup_django()
        with Progress(transient=True) as bar:
            task = bar.add_task("reading", total=len(files))
            read, errors = read_all(files, lambda path: bar.advance(task))
        if errors:
            raise fail("nothing was ingested:\n  " + "\n  ".join(errors))
        results: list[IngestResult] = []
        try:
            with transaction.atomic(), Progress(transient=True) as bar:
                task = bar.add_task("ingesting", total=len(read))
                for path, record, text in read:
                    results.append(ingest_record(record, text, path.stem))
                    bar.advance(task)
        except Exception as exc:  # any failure rolls the whole run back; say so plainly
            raise fail(f"nothing was ingested: {type(exc).__name__}: {exc}") from exc
        for (path, _, _), result in zip(read, results, strict=True):
            if result.skipped:
                typer.echo(f"{path.name}: already ingested (source {result.source.uid}); nothing changed")
                continue
            made = ", ".join(f"{n} {k}" for k, n in result.created.items()) or "nothing new"
            seen = ", ".join(f"{n} {k}" for k, n in result.matched.items())
            typer.echo(
                f"{path.name}: created {made}"
                + (f"; matched {seen}" if seen else "")
                + (f"; {result.conflicts} conflict(s) with earlier sources" if result.conflicts else "")
            )
            for note in result.notes:
                typer.secho(f"  {note}", fg=typer.colors.YELLOW)
