"""Score the reader on a folder of articles against a folder of gold answers (`hoptac extract-eval`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from .extract import extract_file
from .scoring import TYPES, score

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


@dataclass
class Evaluation:
    """The scorer's report and every miss, as (article, type, "missed"|"extra", record)."""

    report: dict[str, dict[str, Any]]
    misses: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)
    unpaired: list[str] = field(default_factory=list)


def articles_with_gold(
    articles_dir: Path, gold_dir: Path, only: Iterable[str] = ()
) -> list[tuple[Path, Path]]:
    """(article, gold) pairs by file stem; `only` keeps the stems, names or shell patterns given
    ("[0-9][13579]_*" for the odd-numbered articles); empty keeps all."""
    wanted = list(only)
    pairs = []
    for article in sorted(articles_dir.iterdir()):
        if article.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        if wanted and not any(fnmatch(article.name, w) or fnmatch(article.stem, w) for w in wanted):
            continue
        gold = gold_dir / f"{article.stem}.json"
        if gold.is_file():
            pairs.append((article, gold))
    return pairs


def evaluate(articles_dir: Path, gold_dir: Path, only: Iterable[str] = ()) -> Evaluation:
    """Read every article that has a gold file and score the records against it."""
    misses: list[tuple[str, str, str, dict[str, Any]]] = []
    pairs = articles_with_gold(articles_dir, gold_dir, only)
    triples = [
        (article.stem, json.loads(gold.read_text(encoding="utf-8")), extract_file(article))
        for article, gold in pairs
    ]
    report = score(triples, lambda name, kind, what, rec: misses.append((name, kind, what, rec)))
    with_gold = {a.stem for a, _ in pairs}
    unpaired = sorted(p.name for p in gold_dir.glob("*.json") if p.stem not in with_gold and not only)
    return Evaluation(report, misses, unpaired)


def format_report(evaluation: Evaluation, verbose: bool = False) -> str:
    """The report as the shared scorer prints it: a table, then every miss when verbose, then micro F1."""
    report = evaluation.report
    lines = [
        f"{'type':<12}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}{'F1':>7}  attributes on matches"
    ]
    for kind in (*TYPES, "micro"):
        row = report[kind]
        attrs = " ".join(f"{k}={v:.2f}" for k, v in row.get("attributes", {}).items())
        lines.append(
            f"{kind:<12}{row['gold']:>6}{row['predicted']:>6}{row['matched']:>7}"
            f"{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}  {attrs}"
        )
    if verbose:
        for stem, kind, what, record in evaluation.misses:
            shown = {k: v for k, v in record.items() if k != "evidence"}
            lines.append(f"{stem} {kind} {what}: {json.dumps(shown, ensure_ascii=False)}")
    lines.extend(f"no article for gold {name}" for name in evaluation.unpaired)
    lines.append(f"micro F1 {report['micro']['f1']:.3f}")
    return "\n".join(lines)
