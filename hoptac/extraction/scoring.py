"""Score extracted records against gold answers the way ../shared/tools/score_extraction.py does.

Used by `hoptac extract-eval` and the held-out tests; the shared scorer stays the reference (a test
checks both give the same figures on the same predictions).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

TYPES = ("people", "agreements", "commitments", "events", "figures")
SCORED_EVENT_KINDS = frozenset({"visit", "review_conference"})
Record = dict[str, Any]


def _fold(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).casefold().split())


def _year(date: Any) -> str | None:
    return str(date)[:4] if date and not str(date).startswith("--") else None


def _locs(values: Iterable[Any] | None) -> tuple[str, ...]:
    return tuple(sorted(str(v).upper() for v in (values or [])))


def _key(kind: str, r: Record) -> tuple[Any, ...]:
    if kind == "people":
        return (_fold(r.get("name")), str(r.get("locality") or "").upper())
    if kind == "agreements":
        start, end = r.get("start_year"), r.get("end_year")
        signed = _year(r.get("signed")) if start is None and end is None else None
        return (_locs(r.get("parties")), start, end, signed)
    if kind == "commitments":
        q = r.get("quantity")
        return (
            str(r.get("giver") or "").upper(),
            str(r.get("receiver") or "").upper(),
            float(q) if q is not None else None,
            r.get("unit"),
            r.get("start_year"),
            r.get("end_year"),
        )
    if kind == "events":
        return (r.get("kind"), r.get("date"), _locs(r.get("parties")), r.get("status"))
    return (r.get("metric"), r.get("unit"))


def is_scored(kind: str, r: Record) -> bool:
    """Only visits and review conferences among events, and figures with a named metric, are scored."""
    if kind == "events":
        return r.get("kind") in SCORED_EVENT_KINDS
    if kind == "figures":
        return r.get("metric") not in (None, "other")
    return True


def _close(g: Record, p: Record) -> bool:
    try:
        gv, pv = float(g["value"]), float(p["value"])
    except (KeyError, TypeError, ValueError):
        return False
    return abs(gv - pv) <= 0.005 * max(abs(gv), 1e-9)


def match(kind: str, gold: list[Record], pred: list[Record]) -> list[tuple[Record, Record]]:
    """Greedy one-to-one pairs of gold and predicted records with equal keys."""
    pairs: list[tuple[Record, Record]] = []
    used: set[int] = set()
    for g in gold:
        for i, p in enumerate(pred):
            if i in used or _key(kind, p) != _key(kind, g) or (kind == "figures" and not _close(g, p)):
                continue
            pairs.append((g, p))
            used.add(i)
            break
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _folded(values: Iterable[Any] | None) -> set[str]:
    return {_fold(v) for v in values or []}


def _jaccard(g: Record, p: Record) -> float:
    a, b = set(g.get("fields") or []), set(p.get("fields") or [])
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def _same(name: str) -> Callable[[Record, Record], float]:
    return lambda g, p: float(g.get(name) == p.get(name))


# Per type: attribute name → agreement of a matched (gold, predicted) pair, in [0, 1].
_ATTRIBUTES: dict[str, dict[str, Callable[[Record, Record], float]]] = {
    "people": {"titles": lambda g, p: float(_folded(g.get("titles")) <= _folded(p.get("titles")))},
    "agreements": {
        **{n: _same(n) for n in ("kind", "signed", "effective_from", "review_every_years")},
        "signatories": lambda g, p: float(_folded(g.get("signatories")) == _folded(p.get("signatories"))),
        "fields_jaccard": _jaccard,
    },
    "events": {"place": lambda g, p: float(g.get("place") == p.get("place"))},
    "figures": {
        "scope": lambda g, p: float(_locs(g.get("scope")) == _locs(p.get("scope"))),
        "period": lambda g, p: float(
            (g.get("period_start"), g.get("period_end")) == (p.get("period_start"), p.get("period_end"))
        ),
    },
}


def attributes(kind: str, pairs: list[tuple[Record, Record]]) -> dict[str, float]:
    """Mean agreement of each attribute the spec reports on matched pairs (empty without pairs)."""
    if not pairs:
        return {}
    return {
        name: sum(f(g, p) for g, p in pairs) / len(pairs) for name, f in _ATTRIBUTES.get(kind, {}).items()
    }


def score(
    articles: Iterable[tuple[str, Record, Record]],
    on_miss: Callable[[str, str, str, Record], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Precision, recall, F1, counts and attribute accuracy per type and micro, over (name, gold,
    prediction) triples."""
    totals = {k: [0, 0, 0] for k in TYPES}
    all_pairs: dict[str, list[tuple[Record, Record]]] = {k: [] for k in TYPES}
    for name, gold, pred in articles:
        for kind in TYPES:
            g = [r for r in gold.get(kind) or [] if is_scored(kind, r)]
            p = [r for r in pred.get(kind) or [] if isinstance(r, dict) and is_scored(kind, r)]
            pairs = match(kind, g, p)
            all_pairs[kind] += pairs
            totals[kind][0] += len(pairs)
            totals[kind][1] += len(p)
            totals[kind][2] += len(g)
            if on_miss is not None:
                hit_g, hit_p = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
                for r in g:
                    if id(r) not in hit_g:
                        on_miss(name, kind, "missed", r)
                for r in p:
                    if id(r) not in hit_p:
                        on_miss(name, kind, "extra", r)
    report: dict[str, dict[str, Any]] = {}
    for kind, (tp, n_pred, n_gold) in totals.items():
        precision, recall, f1 = _prf(tp, n_pred, n_gold)
        report[kind] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "matched": tp,
            "predicted": n_pred,
            "gold": n_gold,
            "attributes": attributes(kind, all_pairs[kind]),
        }
    tp, n_pred, n_gold = (sum(t[i] for t in totals.values()) for i in range(3))
    precision, recall, f1 = _prf(tp, n_pred, n_gold)
    report["micro"] = {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "matched": tp,
        "predicted": n_pred,
        "gold": n_gold,
    }
    return report
