"""The national benchmarks' bookkeeping: figures kept per run, medians of the last runs, met or missed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bench.national import common, summary
from bench.national.load import load_targets, parse_wrk
from bench.national.server import normal, read_snippet

WRK = """Running 1m test @ http://127.0.0.1:40000
  2 threads and 50 connections
  Latency Distribution
     50%  612.00ms
     75%  800.10ms
     90%    1.10s
     99%    1.62s
  3920 requests in 1.00m, 80.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:     65.30
Transfer/sec:      1.33MB
"""


def test_median_of_three_decides_and_a_missing_figure_counts_as_the_worst() -> None:
    row = summary.Row("endpoints", "p95 /", "dashboard", "ms", "<=", 150.0, [140.0, 400.0, 150.0])
    assert row.median == 150.0 and row.met  # one bad run does not decide; the limit itself is met
    assert not summary.Row("e", "k", "l", "ms", "<=", 150.0, [151.0, 90.0, 160.0]).met
    failed = summary.Row("e", "k", "l", "ms", "<=", 150.0, [None, 100.0, 120.0])
    assert failed.median == 120.0 and failed.met
    assert summary.Row("e", "k", "l", "ms", "<=", 150.0, [None, None, 100.0]).median is None
    slow = summary.Row("b", "k", "l", "rows/s", ">=", 20_000.0, [None, 25_000.0, 21_000.0])
    assert slow.median == 21_000.0 and slow.met  # for "at least" targets the worst is the lowest
    assert not summary.Row("b", "k", "l", "rows/s", ">=", 20_000.0, [None, None, 30_000.0]).met
    assert not summary.Row("l", "k", "l", "s", "<", 1.5, [1.5, 1.5, 1.0]).met  # "under" is strict
    assert summary.Row("l", "k", "l", "errors", "==", 0.0, [0.0, 3.0, 0.0]).met


def _record(tmp: Path, monkeypatch: pytest.MonkeyPatch, minute: int, value: float | None) -> Path:
    monkeypatch.setattr(common, "RESULTS", tmp)
    target = common.Target("p95 /", "dashboard p95 (warm)", value, "ms", "<=", 150.0)
    when = dt.datetime(2026, 12, 4, 8, minute, tzinfo=dt.UTC)
    return common.record("endpoints", [target], (0.1 * minute, 0.0, 0.0), {"x": 1}, now=when)


def test_each_run_is_kept_and_the_summary_takes_the_last_three(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for minute, value in ((1, 10.0), (2, 900.0), (3, 120.0), (4, 200.0), (5, None)):
        path = _record(tmp_path, monkeypatch, minute, value)
    printed = capsys.readouterr().out
    assert "MISSED" in printed and "met    dashboard p95 (warm)" in printed
    document = json.loads(path.read_text())
    assert document["bench"] == "endpoints" and document["targets"][0]["met"] is False
    assert document["load_average"][0] == pytest.approx(0.5)
    assert len(list(tmp_path.glob("endpoints-*.json"))) == 5
    (tmp_path / "notes.json").write_text("[1, 2]")  # other JSON in the folder is left alone
    (row,) = summary.rows(summary.load_runs(tmp_path), 3)
    assert row.figures == [120.0, 200.0, None]  # the last three, oldest first; 10 and 900 are older
    assert row.median == 200.0 and not row.met
    text = summary.render([row], 3, markdown=True)
    assert (
        "| dashboard p95 (warm) | 120.0 ms | 200.0 ms | – | **200.0 ms** | <= 150.0 ms | **missed** |" in text
    )


def test_two_runs_in_the_same_second_keep_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _record(tmp_path, monkeypatch, 1, 1.0), _record(tmp_path, monkeypatch, 1, 2.0)
    assert first != second and first.exists() and second.exists()


def test_wrk_figures_and_their_targets() -> None:
    figures = parse_wrk(WRK)
    assert figures == {"rps": 65.3, "p99_s": pytest.approx(1.62), "errors": 9.0}
    met = {t.key: t.met for t in load_targets(figures, 50)}
    assert met == {"load rps": True, "load p99": False, "load errors": False}
    clean = parse_wrk(WRK.replace("1.62s", "900.00ms").replace("read 2", "read 0").replace("timeout 3", "timeout 0")
                      .replace("Non-2xx or 3xx responses: 4\n", ""))  # fmt: skip
    assert all(t.met for t in load_targets(clean, 50))
    assert [t.key for t in load_targets(clean, 2)] == [
        "load rps c2 w2",
        "load p99 c2 w2",
        "load errors c2 w2",
    ]
    assert not any(t.met for t in load_targets(parse_wrk("wrk: connection refused"), 50))


def test_server_settings_compare_in_one_spelling() -> None:
    snippet = read_snippet(
        "shared_buffers = 4GB   # a quarter\n# max_wal_size = 1GB\nwal_compression = 'on'\n"
    )
    assert snippet == {"shared_buffers": "4GB", "wal_compression": "on"}
    assert normal("shared_buffers", "4GB") == normal("shared_buffers", "524288", "8kB")
    assert normal("shared_buffers", "4GB") != normal("shared_buffers", "16384", "8kB")
    assert normal("checkpoint_timeout", "15min") == normal("checkpoint_timeout", "900", "s")
    assert normal("wal_compression", "on") == normal("wal_compression", "pglz")
    assert normal("checkpoint_completion_target", "0.9") == normal(
        "checkpoint_completion_target", "0.9", None
    )
    assert normal("fsync", "true") == normal("fsync", "on")


def test_quiet_means_no_other_work_not_a_low_load_average(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one-minute load average still counts the benchmark's own previous step; the other work's share
    # of the CPU, measured while the step waits, is what says whether the machine was quiet.
    monkeypatch.setattr(common, "RESULTS", tmp_path)
    target = common.Target("p95 /", "dashboard p95 (warm)", 100.0, "ms", "<=", 150.0)
    for minute, busy in ((1, [0.02]), (2, [0.40]), (3, [])):
        monkeypatch.setattr(common, "_BUSY", busy)
        when = dt.datetime(2026, 12, 4, 8, minute, tzinfo=dt.UTC)
        common.record("endpoints", [target], (1.8, 1.0, 0.5), now=when)
    lines = list(summary._loads(summary.load_runs(tmp_path), 3))
    assert "other work 2%" in lines[0] and "NOT QUIET" not in lines[0]
    assert "other work 40%" in lines[1] and "NOT QUIET" in lines[1]
    assert "other work" not in lines[2] and "NOT QUIET" in lines[2]  # an older file: the load average


def test_other_work_is_a_share_of_the_cpu() -> None:
    busy = common.others_busy(0.05)
    assert busy is None or 0.0 <= busy <= 1.0
