"""Time the news reader on one core: articles per second over the seed texts, repeated.

Usage: python bench/extract.py [--seeds DIR] [--rounds N]

Prints articles per wall-clock second and per CPU second of this process (the second is the steadier
figure on a machine shared with other work), and the peak resident memory of the process.

Also times underthesea's word_tokenize on the same texts when underthesea is installed (it is an
optional extra, `pip install -e .[nlp]`), to show what a rule-based reader saves over a tokenizer.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hoptac.extraction import dates  # noqa: E402
from hoptac.extraction.extract import extract_text  # noqa: E402
from hoptac.extraction.reader import read_article  # noqa: E402


def _one_core() -> None:
    # Pin to one CPU where the OS allows it, so the figure is per core.
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def bench_extract(texts: list[str], rounds: int) -> tuple[float, float]:
    """Articles per wall-clock second and per CPU second for the full extraction (caches cleared each
    round, so nothing is reused)."""
    extract_text(texts[0])  # build the place index once, as a long-running process would
    started, cpu = time.perf_counter(), time.process_time()
    n = 0
    for _ in range(rounds):
        dates.find_periods.cache_clear()
        dates.find_dates.cache_clear()
        for text in texts:
            extract_text(text)
            n += 1
    return n / (time.perf_counter() - started), n / (time.process_time() - cpu)


def peak_memory_mb() -> float | None:
    """Peak resident memory of this process in MB (None where the OS does not say)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def bench_underthesea(texts: list[str], rounds: int) -> float | None:
    """Articles per second for underthesea.word_tokenize alone, or None when it is not installed."""
    try:
        from underthesea import word_tokenize
    except ImportError:
        return None
    word_tokenize(texts[0])
    started = time.perf_counter()
    n = 0
    for _ in range(rounds):
        for text in texts:
            word_tokenize(text)
            n += 1
    return n / (time.perf_counter() - started)


def main() -> int:
    """Print articles/s for the extractor and, when available, for underthesea."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    files = sorted(args.seeds.glob("*.txt"))
    if not files:
        print(f"no .txt articles in {args.seeds}", file=sys.stderr)
        return 2
    _one_core()
    texts = [read_article(f).text for f in files]
    chars = sum(len(t) for t in texts) / len(texts)
    rate, cpu_rate = bench_extract(texts, args.rounds)
    print(f"articles: {len(texts)} x {args.rounds} rounds, mean {chars:,.0f} characters")
    print(f"hoptac extract: {rate:,.0f} articles/s on one core ({cpu_rate:,.0f} per CPU second)")
    memory = peak_memory_mb()
    if memory is not None:
        print(f"peak memory: {memory:,.0f} MB")
    other = bench_underthesea(texts, max(1, args.rounds // 4))
    if other is None:
        print("underthesea not installed")
    else:
        print(
            f"underthesea word_tokenize: {other:,.1f} articles/s; the extractor is {rate / other:,.1f}x faster"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
