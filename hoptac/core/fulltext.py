"""Word search over the folded columns: PostgreSQL's full-text engine, a LIKE fallback with the same rule elsewhere.

The `folded` columns already hold the Vietnamese folding (`core.text.fold`: no diacritics, đ → d, one
space between words of [0-9a-z]), so the text search configuration is `simple` (no stemming, no stop
words, which fit Vietnamese syllables badly) over that column; `unaccent` is not needed, and every
write path that fills `folded` (forms, API, import, ingest, synth) feeds the index without change.

The rule, the same on both databases: every word of the query is a whole word of the text, the last
one may be the start of a word (the officer is still typing it), and words in double quotes follow
each other ("hội nghị sơ kết" in quotes is the phrase). On PostgreSQL it is `to_tsvector(folded) @@
to_tsquery(...)`, read off a GIN expression index; on SQLite, LIKE on the text padded with spaces.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connection, migrations
from django.db.models import Expression, F, FloatField, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.db.models.lookups import Contains

from hoptac.core.text import fold

log = logging.getLogger(__name__)

CONFIG = "simple"
# More words than this are cut: a pasted paragraph would otherwise become a query of hundreds of terms.
MAX_WORDS = 12
_QUOTED = re.compile(r'"([^"]*)"?')


@dataclass(frozen=True)
class Terms:
    """A parsed query: runs of words that must follow each other (one word is a run of one), in order."""

    runs: tuple[tuple[str, ...], ...]
    prefix: bool  # the last word may be the start of a longer word

    @property
    def words(self) -> list[str]:
        """Every word, in the order typed."""
        return [w for run in self.runs for w in run]

    def without(self, start: int, stop: int) -> Terms | None:
        """The terms left when the words start..stop (of `words`, all single-word runs) name something else."""
        words = self.words
        rest = words[:start] + words[stop:]
        if not rest:
            return None
        return Terms(tuple((w,) for w in rest), self.prefix and stop < len(words))


def parse(text: str) -> Terms | None:
    """ "hoi nghi \"so ket\" kon" → runs (hoi) (nghi) (so ket) (kon), the last a prefix; None when no word."""
    runs: list[tuple[str, ...]] = []
    position = 0
    quoted_last = False
    for match in _QUOTED.finditer(text):
        runs += [(w,) for w in fold(text[position : match.start()]).split()]
        phrase = tuple(fold(match.group(1)).split())
        if phrase:
            runs.append(phrase)
            quoted_last = not text[match.end() :].strip()
        position = match.end()
    tail = fold(text[position:]).split()
    runs += [(w,) for w in tail]
    if tail:
        quoted_last = False
    runs = _cut(runs)
    if not runs:
        return None
    # A word still being typed: the box's text ends with it, not with a space or a closing quote.
    prefix = not quoted_last and not text[-1:].isspace() and len(runs[-1]) == 1
    return Terms(tuple(runs), prefix)


def _cut(runs: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    kept: list[tuple[str, ...]] = []
    count = 0
    for run in runs:
        if count + len(run) > MAX_WORDS:
            break
        kept.append(run)
        count += len(run)
    return kept


def tsquery(terms: Terms) -> str:
    """The to_tsquery text: 'hoi & nghi & (so <-> ket) & kon:*' (words are [0-9a-z]+, nothing to escape)."""
    parts = [" <-> ".join(run) if len(run) > 1 else run[0] for run in terms.runs]
    if terms.prefix:
        parts[-1] += ":*"
    return " & ".join(f"({p})" if "<->" in p else p for p in parts)


# Columns whose tsvector is stored beside them (`stored_vector` below), by the folded column's name in the table.
STORED = "_tsv"


class StoredVector(Expression):
    """The stored tsvector column beside a folded column (PostgreSQL), under whatever alias the query gives the table."""

    output_field = SearchVectorField()

    def __init__(self, field: str) -> None:
        super().__init__()
        self.folded: Any = F(field)  # resolved to the column (Col) with the query's alias

    def get_source_expressions(self) -> list[Any]:
        return [self.folded]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.folded,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        sql, params = compiler.compile(self.folded)  # e.g. U0."folded"
        name = self.folded.target.column
        column = connection.ops.quote_name(name)
        assert sql.endswith(column), sql
        return sql[: -len(column)] + connection.ops.quote_name(name + STORED), params


def _vector(field: str, stored: bool = False) -> Expression:
    # The very expression of the GIN index below: PostgreSQL uses an expression index only for its own expression.
    return StoredVector(field) if stored else SearchVector(field, config=CONFIG)


def _query(terms: Terms) -> SearchQuery:
    return SearchQuery(tsquery(terms), config=CONFIG, search_type="raw")


def postgresql() -> bool:
    """Does the default database have the full-text engine?"""
    return connection.vendor == "postgresql"


def matches(field: str, terms: Terms, *, stored: bool = False) -> Q:
    """Rows whose folded `field` holds the terms (see the module's rule), as a condition to combine.

    `stored`: the table keeps the vector in a column (`stored_vector`), for texts every match of which
    is read, so that none is parsed again.
    """
    if postgresql():
        return Q(SearchVectorExact(_vector(field, stored), _query(terms)))
    padded = Concat(Value(" "), F(field), Value(" "), output_field=TextField())
    condition = Q()
    for number, run in enumerate(terms.runs):
        last = number == len(terms.runs) - 1
        needle = " " + " ".join(run) + ("" if last and terms.prefix else " ")
        condition &= Q(Contains(padded, needle))
    return condition


def among(queryset: QuerySet[Any], field: str, terms: Terms, *, stored: bool = False) -> Q:
    """`pk IN (rows of queryset matching)`: to OR with other conditions without losing the index.

    ORed in place with a subquery's condition, the match is checked row by row, every text parsed
    again (3,000 agreements: 200 ms); as its own subquery, the GIN index answers it.
    """
    return Q(pk__in=queryset.filter(matches(field, terms, stored=stored)).values("pk"))


def rank(field: str, terms: Terms) -> Expression:
    """How well the text matches (PostgreSQL's ts_rank; 0 elsewhere), to order rows of the same date."""
    if postgresql():
        return SearchRank(_vector(field), _query(terms))
    return Value(0.0, output_field=FloatField())


def fulltext_index(model: str, field: str, name: str) -> migrations.RunPython:
    """A GIN index on to_tsvector('simple', field) on PostgreSQL; nothing on SQLite.

    Kept out of the model's Meta, where SQLite would have to build it too. Built from the same
    SearchVector the queries use, so the expressions match to the letter.
    """
    app_label, model_name = model.split(".")

    def add(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite: LIKE over a province's registry
        model_class = apps.get_model(app_label, model_name)
        schema_editor.add_index(model_class, GinIndex(_vector(field), name=name))
        # The planner's word frequencies come from statistics on the index's expression, gathered by
        # ANALYZE; autovacuum would not run it on a table whose rows did not change.
        schema_editor.execute(f"ANALYZE {schema_editor.quote_name(model_class._meta.db_table)}")

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(add, drop)


def stored_vector(table: str, column: str, name: str) -> migrations.RunPython:
    """A generated tsvector column `<column>_tsv` beside `column`, GIN-indexed, on PostgreSQL; nothing on SQLite.

    For a small table whose matches are all read (agreements, ordered by period and title): the planner
    counts to_tsvector() as cheap and scans the table parsing every text (3,000 titles, 250 ms against
    2 ms off the index); a stored vector costs it nothing to check. Not in the model: SQLite has no
    tsvector, and PostgreSQL computes the column on every write whatever the writer.
    """
    vector = column + STORED

    def add(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {vector} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{CONFIG}'::regconfig, COALESCE({column}, ''))) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin ({vector})")
        schema_editor.execute(f"ANALYZE {table}")

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {vector}")

    return migrations.RunPython(add, drop)
