from pathlib import Path
from typing import Any

import pytest
import typer
from docx import Document
from typer.testing import CliRunner

from hoptac.reports import commands


@pytest.fixture
def run() -> Any:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """hoptac"""

    commands.register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["report", *args])


PERIOD = ["--from", "2022-01-01", "--to", "2024-12-31"]


def test_writes_a_docx_for_the_partners(demo: None, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    result = run(
        "--partners",
        "VN-28,LA-AT,LA-XE",
        *PERIOD,
        "--out",
        str(out),
        "--number",
        "05/BC-SNgV",
        "--date",
        "2025-01-05",
        "--signer",
        "Nguyễn Văn An",
        "--on-behalf",
        "TM. UBND TỈNH",
    )
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    left, right = (c.text for c in document.tables[0].rows[0].cells)
    assert "Số: 05/BC-SNgV" in left and "Kon Tum, ngày 05 tháng 01 năm 2025" in right
    assert "TM. UBND TỈNH" in document.tables[1].rows[0].cells[1].text
    assert not list(tmp_path.glob("*.part"))


def test_one_agreement_with_officer_text(demo: None, run: Any, tmp_path: Path) -> None:
    from hoptac.agreements.models import Agreement

    uid = Agreement.objects.get(title__contains="Sê Kông giai đoạn 2022-2027").uid
    (tmp_path / "ii.txt").write_text("Thiếu kinh phí đưa đón sinh viên.", encoding="utf-8")
    out = tmp_path / "r.html"
    result = run(
        "--agreement", str(uid), *PERIOD, "--out", str(out), "--difficulties", str(tmp_path / "ii.txt")
    )
    assert result.exit_code == 0, result.output
    assert "Thiếu kinh phí đưa đón sinh viên." in out.read_text(encoding="utf-8")


@pytest.mark.usefixtures("english_messages")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--agreement", "6a4f6f43-3f42-4bd4-a8a1-0b0c5e1b7a00", *PERIOD],
            "--agreement: no agreement has the id",
        ),
        (["--partners", "VN-28,ZZ-01", *PERIOD], "--partners: unknown place ZZ-01"),
        (
            ["--partners", "VN-28,LA-XE", "--from", "2024-12-31", "--to", "2022-01-01"],
            "--to: the period ends",
        ),
        (["--partners", "VN-28,LA-XE", "--from", "31/13/2024"], "--from: '31/13/2024' is not a date"),
        (["--partners", "VN-28,LA-XE", *PERIOD, "--format", "odt"], "--format: 'odt' is not a report format"),
        ([*PERIOD], "give --agreement UID or --partners"),
        (["--partners", "VN-28,LA-XE", *PERIOD, "--kind", "annual"], "--kind: 'annual' is not a kind"),
    ],
)
def test_bad_input_exits_2_without_a_file(
    demo: None, run: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "r.docx"
    result = run(*args, "--out", str(out))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and not list(tmp_path.iterdir())


def test_an_unknown_format_from_the_extension(demo: None, run: Any, tmp_path: Path) -> None:
    result = run("--partners", "VN-28,LA-XE", *PERIOD, "--out", str(tmp_path / "r.txt"))
    assert result.exit_code == 2 and "use docx, pdf, xlsx, html" in result.output
