"""Backups of the whole database: SQLite through its online backup API, PostgreSQL with pg_dump.

SQLite's backup API copies a consistent snapshot while the application keeps running; a restore
copies the file back page by page through the same API. PostgreSQL uses pg_dump's custom format and
pg_restore --clean. A restore first checks that the file is a backup of this kind of database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.db import connection

from hoptac.core import freshness

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
# A table every hoptac database has: a file without it is not a backup of ours.
MARK_TABLE = "agreements_agreement"


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message that says what to do."""


def engine() -> str:
    """sqlite or postgresql."""
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups are made for SQLite and PostgreSQL, not {vendor}")
    return vendor


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client (apt-get install postgresql-client) "
            "of the same major version as the server"
        )
    return path


def _pg_env() -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    args = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[:2000]}")
    return done.stdout


def backup(path: Path, *, overwrite: bool = False) -> Path:
    """Write a consistent copy of the database to `path` (written aside, then moved in place)."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(f"{path} already exists: choose another file, or pass --force to replace it")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder: create it first")
    kind = engine()
    handle, tmp_name = tempfile.mkstemp(prefix=".hoptac-backup-", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        if kind == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(tmp)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            args, env = _pg_env()
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), *args], env)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def check_backup(path: Path) -> str:
    """The kind of backup a file is (sqlite or postgresql); BackupError when it is not one of ours."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                ok = db.execute("PRAGMA quick_check").fetchone()[0]
                found = db.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", (MARK_TABLE,)
                ).fetchone()[0]
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path}: a damaged SQLite file ({exc})") from None
        if ok != "ok":
            raise BackupError(f"{path}: the SQLite file is damaged ({ok})")
        if not found:
            raise BackupError(f"{path}: a SQLite file, but not a hoptac database")
        return "sqlite"
    if head.startswith(PG_MAGIC):
        listing = _run([_pg_tool("pg_restore"), "--list", str(path)], dict(os.environ))
        if f"TABLE public {MARK_TABLE}" not in listing:
            raise BackupError(f"{path}: a PostgreSQL dump, but not of a hoptac database")
        return "postgresql"
    raise BackupError(f"{path}: not a backup written by `hoptac backup`")


def restore(path: Path) -> None:
    """Replace the whole database with the backup in `path` (checked first; nothing changes if it is bad)."""
    kind = check_backup(path)
    here = engine()
    if kind != here:
        raise BackupError(f"{path} is a {kind} backup, but this database is {here}: restore it on {kind}")
    if here == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        args, env = _pg_env()
        connection.close()  # pg_restore --clean drops tables: hold no locks on them
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(path),
            ],
            env,
        )
    _forget_cached_rows()
    # The restored registry version may equal one cached before with other rows: raise it past them.
    freshness.changed()


def _forget_cached_rows() -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def describe(path: Path) -> dict[str, Any]:
    """What a backup file is: its kind and size."""
    return {"kind": check_backup(path), "bytes": Path(path).stat().st_size}
