"""The last runs of every national benchmark side by side: per target the figures, their median, met/missed.

    .venv/bin/python -m bench.national.summary [--runs 3] [--markdown]

Reads the JSON each bench script writes (var/bench/<name>-<time>.json) and takes, for each script, its
last `--runs` runs. A target is met when the median of those runs meets it (docs/benchmarks.md quotes
this table, not the best run). A run that has no figure for a target (the route failed, wrk was missing)
counts as the worst figure there is. Runs started on a busy machine (load average above 0.5) are flagged.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.national.common import QUIET_BUSY, QUIET_LOAD, RESULTS, is_met, show, write_result

# The order of `make bench-national`; any other script's results follow, by name.
ORDER = ("endpoints", "search", "aggregations", "bulk-import", "load", "restart")


@dataclass
class Row:
    """One target over the last runs."""

    bench: str
    key: str
    label: str
    unit: str
    op: str
    limit: float
    figures: list[float | None]

    @property
    def median(self) -> float | None:
        """The median, a missing figure counting as the worst; None when that worst is the median."""
        if not self.figures:
            return None
        worst = -math.inf if self.op == ">=" else math.inf
        value = statistics.median(worst if f is None else f for f in self.figures)
        return None if math.isinf(value) else value

    @property
    def met(self) -> bool:
        """Whether the median meets the target."""
        return is_met(self.median, self.op, self.limit)


def load_runs(directory: Path = RESULTS) -> dict[str, list[dict[str, Any]]]:
    """Every run's document, by script name, oldest first."""
    runs: dict[str, list[dict[str, Any]]] = {}
    for path in directory.glob("*.json"):
        try:
            document = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(document, dict) and "bench" in document and "targets" in document:
            runs.setdefault(document["bench"], []).append(document)
    for documents in runs.values():
        documents.sort(key=lambda d: d.get("finished", ""))
    return runs


def _names(runs: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [n for n in ORDER if n in runs] + sorted(n for n in runs if n not in ORDER)


def rows(runs: dict[str, list[dict[str, Any]]], last: int) -> list[Row]:
    """Per target of each script, its figures in the last `last` runs (oldest first)."""
    found: list[Row] = []
    for name in _names(runs):
        documents = runs[name][-last:]
        keys: dict[str, dict[str, Any]] = {}
        for document in reversed(documents):  # labels and limits as the newest run states them
            for target in document["targets"]:
                keys.setdefault(target["key"], target)
        for key, target in keys.items():
            figures = [next((t["value"] for t in d["targets"] if t["key"] == key), None) for d in documents]
            found.append(
                Row(name, key, target["label"], target["unit"], target["op"], target["limit"], figures)
            )
    return found


def _loads(runs: dict[str, list[dict[str, Any]]], last: int) -> Iterable[str]:
    for name in _names(runs):
        for document in runs[name][-last:]:
            one = document.get("load_average", [0.0])[0]
            busy = document.get("busy_share")
            # Other work's CPU share when the step measured it; older files have the load average only.
            quiet = busy <= QUIET_BUSY if busy is not None else one <= QUIET_LOAD
            flag = "" if quiet else "  NOT QUIET"
            other = f", other work {busy:.0%}" if busy is not None else ""
            yield (
                f"{name:14} {document.get('finished', '?'):26} {document.get('commit', ''):10}"
                f" load {one:.2f}{other}{flag}"
            )


def render(table: list[Row], last: int, markdown: bool) -> str:
    """The table as aligned text or as Markdown for docs/benchmarks.md."""
    runs = [f"run {i + 1}" for i in range(last)]
    if markdown:
        lines = [
            "| target | " + " | ".join(runs) + " | median | target | |",
            "|---|" + "---:|" * (last + 1) + "---|---|",
        ]
        for row in table:
            cells = [show(f, row.unit) for f in row.figures] + ["–"] * (last - len(row.figures))
            lines.append(
                f"| {row.label} | " + " | ".join(cells) + f" | **{show(row.median, row.unit)}** | "
                f"{row.op} {show(row.limit, row.unit)} | {'met' if row.met else '**missed**'} |"
            )
        return "\n".join(lines)
    lines = [f"{'target':58} " + " ".join(f"{r:>14}" for r in runs) + f" {'median':>14}  target"]
    for row in table:
        cells = [show(f, row.unit) for f in row.figures] + ["–"] * (last - len(row.figures))
        lines.append(
            f"{row.label[:58]:58} "
            + " ".join(f"{c:>14}" for c in cells)
            + f" {show(row.median, row.unit):>14}"
            f"  {'met   ' if row.met else 'MISSED'} {row.op} {show(row.limit, row.unit)}"
        )
    return "\n".join(lines)


def main() -> None:
    """Print the table of the last runs and the load average each started with."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="how many of the latest runs of each script")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table for docs/benchmarks.md")
    parser.add_argument("--dir", type=Path, default=RESULTS, help="where the runs' JSON files are")
    args = parser.parse_args()
    runs = load_runs(args.dir)
    if not runs:
        raise SystemExit(f"no benchmark results in {args.dir}: run `make bench-national` first")
    table = rows(runs, args.runs)
    shortest = min(len(runs[name][-args.runs :]) for name in runs)
    head = [f"medians of the last {args.runs} runs of each script ({args.dir})"]
    if shortest < args.runs:
        head.append(f"WARNING: some scripts have only {shortest} run(s); the medians are of fewer runs")
    met = sum(row.met for row in table)
    text = "\n".join([
        *head, "", render(table, args.runs, args.markdown), "",
        f"{met} of {len(table)} targets met (on the median)", "", "runs (load average when each started):",
        *_loads(runs, args.runs),
    ])  # fmt: skip
    print(text)
    write_result("summary", text)


if __name__ == "__main__":
    main()
