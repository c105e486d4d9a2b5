"""Score the extractor on ../shared/seeds against ../shared/gold with the shared scorer."""

from __future__ import annotations

import importlib.util
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from hoptac.extraction.extract import extract_file


def _scorer(shared: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "score_extraction", shared / "tools" / "score_extraction.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
def test_seed_scores(shared_dir: Path, tmp_path: Path) -> None:
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        record = extract_file(seed)
        (tmp_path / f"{seed.stem}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        _scorer(shared_dir).main([str(shared_dir / "gold"), str(tmp_path), "--json"])
    text = out.getvalue()
    report = json.loads(text[: text.rindex("}") + 1])
    assert report["micro"]["f1"] >= 0.90, report["micro"]
    for kind in ("people", "agreements", "commitments", "events", "figures"):
        assert report[kind]["f1"] >= 0.80, (kind, report[kind])


@pytest.mark.shared
def test_extra_keys_are_ignored_by_the_scorer(shared_dir: Path, tmp_path: Path) -> None:
    """The evidence we add must not change a score: strip it and score again."""
    scorer = _scorer(shared_dir)
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        record = extract_file(seed)
        for kind in ("people", "agreements", "commitments", "events", "figures"):
            for r in record[kind]:
                r.pop("evidence")
        (tmp_path / f"{seed.stem}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        scorer.main([str(shared_dir / "gold"), str(tmp_path)])
    stripped = out.getvalue().strip().splitlines()[-1]
    assert stripped.startswith("micro F1") and float(stripped.split()[-1]) >= 0.90
