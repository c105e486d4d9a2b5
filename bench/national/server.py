"""Before each run: the load average (the quiet-machine rule) and the PostgreSQL server's settings
against deploy/postgresql.conf.

    .venv/bin/python -m bench.national.server

Prints each setting of the snippet with the server's value and whether they match (a value changed but
waiting for a restart is said so). It reports; it never changes the server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bench.national.common import ROOT, announce_load, database_url

SNIPPET = ROOT / "deploy" / "postgresql.conf"
_SIZE = {"B": 1, "kB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
_TIME = {"us": 0.001, "ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}
_TRUE = {"on", "true", "yes", "1"}
_FALSE = {"off", "false", "no", "0"}
# PostgreSQL 15 shows `wal_compression = on` as the method it means.
_ALIASES = {("wal_compression", "on"): "pglz", ("wal_compression", "true"): "pglz"}


def read_snippet(text: str) -> dict[str, str]:
    """name → value of each `name = value` line (comments and quotes left out)."""
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            name, value = (part.strip() for part in line.split("=", 1))
            found[name] = value.strip("'\"")
    return found


def normal(name: str, value: str, unit: str | None = None) -> str:
    """A setting's value in one spelling: sizes in bytes, times in ms, booleans on/off, aliases resolved.
    `unit` is pg_settings' unit for a bare number (e.g. '8kB' for shared_buffers)."""
    text = value.strip().strip("'\"")
    found = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*([a-zA-Z]*)", text)
    if found:
        number, suffix = float(found.group(1)), found.group(2) or (unit or "")
        scale = re.fullmatch(r"(\d*)\s*([a-zA-Z]+)", suffix) if suffix else None
        if scale:
            factor = float(scale.group(1) or 1)
            if scale.group(2) in _SIZE:
                return f"{number * factor * _SIZE[scale.group(2)]:.0f} B"
            if scale.group(2) in _TIME:
                return f"{number * factor * _TIME[scale.group(2)]:.0f} ms"
        return f"{number:g}"
    lowered = text.lower()
    lowered = "on" if lowered in _TRUE else "off" if lowered in _FALSE else lowered
    return _ALIASES.get((name, lowered), lowered)


@dataclass
class Setting:
    """A snippet's setting beside the server's."""

    name: str
    wanted: str
    actual: str
    matches: bool
    pending_restart: bool


def compare(url: str, snippet: Path = SNIPPET) -> list[Setting]:
    """Each setting of the snippet with the server's current value (pg_settings)."""
    import psycopg

    wanted = read_snippet(snippet.read_text())
    with psycopg.connect(url, connect_timeout=10) as conn:
        found = {
            name: (setting, unit, pending)
            for name, setting, unit, pending in conn.execute(
                "SELECT name, setting, unit, pending_restart FROM pg_settings WHERE name = ANY(%s)",
                [list(wanted)],
            )
        }
        query = "SELECT name, current_setting(name) FROM unnest(%s::text[]) AS name"
        shown: dict[str, str] = {name: value for name, value in conn.execute(query, [list(found)])}
    settings = []
    for name, value in wanted.items():
        if name not in found:
            settings.append(Setting(name, value, "unknown to this server", False, False))
            continue
        setting, unit, pending = found[name]
        matches = normal(name, value) == normal(name, setting, unit)
        settings.append(Setting(name, value, shown.get(name) or str(setting), matches, bool(pending)))
    return settings


def main() -> None:
    """Print the load average and the server's settings against the snippet."""
    announce_load("this run")
    try:
        settings = compare(database_url())
    except Exception as exc:  # the run goes on; the benches say what they can reach
        print(f"server settings: cannot read them ({exc})")
        return
    print(f"PostgreSQL settings against {SNIPPET.relative_to(ROOT)}:")
    for s in settings:
        state = "matches" if s.matches else "DIFFERS"
        later = "  (changed; takes effect after a server restart)" if s.pending_restart else ""
        print(f"  {state:8} {s.name:30} server {s.actual:>10}   snippet {s.wanted:>8}{later}")
    differing = sum(not s.matches for s in settings)
    if differing:
        print(
            f"WARNING: {differing} setting(s) differ from the snippet: the figures are not the tuned server's"
        )


if __name__ == "__main__":
    main()
