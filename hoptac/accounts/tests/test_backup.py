"""Backups: a round trip gives back exactly the registry; restore checks the file and asks for --yes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from typer.testing import CliRunner

from hoptac.accounts.backup import BackupError, backup, check_backup, restore
from hoptac.exchange.export import export_registry

pytestmark = pytest.mark.django_db(transaction=True)


def _cli(*args: str) -> Any:
    from hoptac.cli import app, register_commands

    register_commands()
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def registry(transactional_db: Any) -> dict[str, Any]:
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    import_registry(json.loads(DEMO_FILE.read_text()))
    return export_registry()


def _spoil() -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.people.services import create_person

    Agreement.objects.order_by("pk").first().delete()  # type: ignore[union-attr]
    create_person({"name": "Người thêm sau khi sao lưu"})


@pytest.fixture
def needs_tools() -> None:
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed (apt-get install postgresql-client)")


def test_round_trip_gives_back_the_registry(
    registry: dict[str, Any], tmp_path: Path, needs_tools: None
) -> None:
    file = backup(tmp_path / "hoptac.backup")
    assert check_backup(file) == connection.vendor
    _spoil()
    assert export_registry() != registry
    restore(file)
    assert export_registry() == registry


def test_cli_backup_and_restore(registry: dict[str, Any], tmp_path: Path, needs_tools: None) -> None:
    file = tmp_path / "nightly.backup"
    result = _cli("backup", str(file))
    assert result.exit_code == 0, result.output
    assert "backup written" in result.output
    again = _cli("backup", str(file))
    assert again.exit_code != 0 and "already exists" in again.output
    _spoil()
    refused = _cli("restore", str(file))
    assert refused.exit_code != 0 and "--yes" in refused.output
    assert export_registry() != registry
    done = _cli("restore", str(file), "--yes")
    assert done.exit_code == 0, done.output
    assert export_registry() == registry


def test_restore_refuses_what_is_not_a_backup(registry: dict[str, Any], tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("không phải bản sao lưu")
    with pytest.raises(BackupError, match="not a backup written by"):
        restore(junk)
    with pytest.raises(BackupError, match="no such file"):
        restore(tmp_path / "missing.backup")
    other = tmp_path / "other.sqlite3"
    import sqlite3

    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(BackupError, match="not a hoptac database"):
        restore(other)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(BackupError):
        restore(damaged)
    result = _cli("restore", str(junk), "--yes")
    assert result.exit_code != 0 and "not a backup" in result.output
    assert export_registry() == registry
