import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hoptac.exchange import DEMO_FILE


def hoptac(*args: str, env: dict[str, str], input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hoptac.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        input=input,
        timeout=300,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HOPTAC_")}
    environment["HOPTAC_VAR_DIR"] = str(tmp_path / "var")
    environment["HOPTAC_DATABASE_URL"] = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    return environment


def test_import_export_round_trip_through_the_command(env: dict[str, str], tmp_path: Path) -> None:
    assert hoptac("migrate", env=env).returncode == 0
    loaded = hoptac("import", str(DEMO_FILE), env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "7 agreements" in loaded.stdout
    first = hoptac("export", env=env)
    assert first.returncode == 0
    (tmp_path / "registry.json").write_text(first.stdout)

    env["HOPTAC_DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert hoptac("migrate", env=env).returncode == 0
    assert hoptac("import", str(tmp_path / "registry.json"), env=env).returncode == 0
    second = hoptac("export", env=env)
    assert second.stdout == first.stdout
    assert len(json.loads(second.stdout)["agreements"]) == 7


def test_bad_file_gives_a_message_not_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    assert hoptac("migrate", env=env).returncode == 0
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = hoptac("import", str(broken), env=env)
    assert result.returncode == 2
    assert "not a JSON file" in result.stderr and "Traceback" not in result.stderr
    missing = hoptac("import", str(tmp_path / "none.json"), env=env)
    assert "no such file" in missing.stderr


def test_createuser_prints_a_generated_password_once(env: dict[str, str]) -> None:
    assert hoptac("migrate", env=env).returncode == 0
    made = hoptac("createuser", "officer", env=env)
    assert made.returncode == 0 and "password (shown once):" in made.stdout
    again = hoptac("createuser", "officer", env=env)
    assert again.returncode == 2 and "already exists" in again.stderr
