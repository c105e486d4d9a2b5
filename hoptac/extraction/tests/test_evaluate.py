"""`hoptac extract-eval`: the reader scored on a folder of articles with gold answers."""

from __future__ import annotations

import importlib.util
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hoptac.cli import app, register_commands
from hoptac.extraction.evaluate import evaluate, format_report

# Floors a little under what the reader scores now, so a regression fails the test.
DEV_MICRO_FLOOR = 0.97
DEV_TYPE_FLOOR = 0.95
_ARTICLE = (
    "Ngày 05/3/2024, tại tỉnh Kon Tum, Phó Chủ tịch UBND tỉnh Kon Tum Nguyễn Văn Bình tiếp "
    "đoàn đại biểu tỉnh Attapeu.\n"
)


def _gold(**records: list[dict[str, object]]) -> str:
    return json.dumps({"schema": "cooperation-extract/1", **records}, ensure_ascii=False)


def test_scores_a_folder_and_lists_misses(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "g").mkdir()
    (tmp_path / "a" / "x.txt").write_text(_ARTICLE, encoding="utf-8")
    people = [
        {"name": "Nguyễn Văn Bình", "locality": "VN-28", "titles": ["Phó Chủ tịch UBND tỉnh Kon Tum"]},
        {"name": "Trần Thị Không Có", "locality": "VN-28", "titles": []},
    ]
    (tmp_path / "g" / "x.json").write_text(_gold(people=people), encoding="utf-8")
    evaluation = evaluate(tmp_path / "a", tmp_path / "g")
    assert evaluation.report["people"]["matched"] == 1
    assert evaluation.report["people"]["recall"] == pytest.approx(0.5)
    assert evaluation.report["people"]["attributes"] == {"titles": 1.0}
    assert ("x", "people", "missed", people[1]) in evaluation.misses
    text = format_report(evaluation, verbose=True)
    assert "Trần Thị Không Có" in text and text.endswith(
        "micro F1 " + f"{evaluation.report['micro']['f1']:.3f}"
    )


def test_command_refuses_a_missing_folder(tmp_path: Path) -> None:
    register_commands()
    result = CliRunner().invoke(app, ["extract-eval", str(tmp_path / "nope"), str(tmp_path)])
    assert result.exit_code == 2
    assert "is not a folder" in result.output


def test_files_option_keeps_only_the_named_articles(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "g").mkdir()
    for stem in ("x", "y"):
        (tmp_path / "a" / f"{stem}.txt").write_text(_ARTICLE, encoding="utf-8")
        (tmp_path / "g" / f"{stem}.json").write_text(_gold(people=[]), encoding="utf-8")
    assert evaluate(tmp_path / "a", tmp_path / "g", ["y.txt"]).report["people"]["predicted"] == 1
    assert evaluate(tmp_path / "a", tmp_path / "g", ["[xz]"]).report["people"]["predicted"] == 1
    assert evaluate(tmp_path / "a", tmp_path / "g").report["people"]["predicted"] == 2


def _shared_scorer(shared_dir: Path, gold: Path, pred: Path) -> dict[str, dict[str, object]]:
    spec = importlib.util.spec_from_file_location(
        "score_extraction", shared_dir / "tools" / "score_extraction.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    with redirect_stdout(out):
        module.main([str(gold), str(pred), "--json"])
    text = out.getvalue()
    return json.loads(text[: text.rindex("}") + 1])  # type: ignore[no-any-return]


@pytest.mark.shared
def test_dev_floor_and_same_figures_as_the_shared_scorer(shared_dir: Path, tmp_path: Path) -> None:
    from hoptac.extraction.extract import extract_file

    articles, gold = shared_dir / "dev" / "articles", shared_dir / "dev" / "gold"
    for article in articles.glob("*.txt"):
        record = extract_file(article)
        (tmp_path / f"{article.stem}.json").write_text(
            json.dumps(record, ensure_ascii=False), encoding="utf-8"
        )
    ours = evaluate(articles, gold).report
    theirs = _shared_scorer(shared_dir, gold, tmp_path)
    for kind in ("people", "agreements", "commitments", "events", "figures", "micro"):
        assert ours[kind]["matched"] == theirs[kind]["matched"], kind
        assert ours[kind]["f1"] == pytest.approx(theirs[kind]["f1"]), kind
        assert ours[kind].get("attributes") == pytest.approx(theirs[kind].get("attributes")), kind
    assert ours["micro"]["f1"] >= DEV_MICRO_FLOOR, ours["micro"]
    for kind in ("people", "agreements", "commitments", "events", "figures"):
        assert ours[kind]["f1"] >= DEV_TYPE_FLOOR, (kind, ours[kind])


@pytest.mark.shared
def test_seeds_stay_perfect(shared_dir: Path) -> None:
    report = evaluate(shared_dir / "seeds", shared_dir / "gold").report
    for kind in ("people", "agreements", "commitments", "events", "figures", "micro"):
        assert report[kind]["f1"] == pytest.approx(1.0), (kind, report[kind])
