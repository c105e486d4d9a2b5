"""`hoptac report`: write a review report (báo cáo sơ kết / tổng kết) as DOCX, PDF, XLSX or HTML."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

OPTION_NAMES = {
    "agreement": "--agreement",
    "partners": "--partners",
    "from": "--from",
    "to": "--to",
    "kind": "--kind",
    "round": "--round",
}


def _read(path: Path | None, option: str) -> str | None:
    from hoptac.core.commandline import fail

    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{option}: cannot read {path} ({exc}): give a UTF-8 text file") from None


def _write(out: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so a failure never leaves half a report."""
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # mkstemp makes it private; a report is an ordinary file
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def register(app: typer.Typer) -> None:
    """Add the `report` command."""
    from hoptac.core.commandline import fail, setup_django

    @app.command()
    def report(
        out: Annotated[Path, typer.Option("--out", help="File to write (its extension gives the format)")],
        agreement: Annotated[str | None, typer.Option(help="The agreement's id (uid)")] = None,
        partners: Annotated[
            str | None, typer.Option(help="Partner provinces, e.g. VN-28,LA-AT,LA-XE (codes or names)")
        ] = None,
        start: Annotated[
            str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: 1 January)")
        ] = None,
        end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (default: today)")] = None,
        format: Annotated[str | None, typer.Option("--format", help="docx, pdf, xlsx or html")] = None,
        issuer: Annotated[str, typer.Option(help="Issuing body")] = "SỞ NGOẠI VỤ",
        parent: Annotated[
            str, typer.Option(help="Parent body (default: UBND TỈNH of the Vietnamese party)")
        ] = "",
        number: Annotated[str, typer.Option(help="Document number, e.g. 05/BC-SNgV")] = "",
        place: Annotated[str, typer.Option(help="Place of issue (default: the Vietnamese party)")] = "",
        date: Annotated[str | None, typer.Option(help="Date of issue, YYYY-MM-DD (default: today)")] = None,
        on_behalf: Annotated[str, typer.Option(help="e.g. 'TM. UBND TỈNH'")] = "",
        authority: Annotated[str, typer.Option(help="e.g. 'KT. GIÁM ĐỐC'")] = "KT. GIÁM ĐỐC",
        signer_title: Annotated[str, typer.Option(help="The signer's title")] = "PHÓ GIÁM ĐỐC",
        signer: Annotated[str, typer.Option(help="The signer's name")] = "",
        recipient: Annotated[
            list[str] | None, typer.Option(help="A recipient line (repeat); the last should be 'Lưu: VT, …'")
        ] = None,
        difficulties: Annotated[
            Path | None, typer.Option(help="Text file for II (difficulties and limits)")
        ] = None,
        proposals: Annotated[
            Path | None, typer.Option(help="Text file for III (directions and proposals)")
        ] = None,
        kind: Annotated[
            str, typer.Option(help="so-ket or tong-ket (default: from the agreements' periods)")
        ] = "",
        round_uid: Annotated[
            str | None,
            typer.Option(
                "--round", help="A reporting round's id: its agreements and period (draft until closed)"
            ),
        ] = None,
        user: Annotated[
            str | None,
            typer.Option(help="Build it as this user sees the registry (default: all but confidential)"),
        ] = None,
    ) -> None:
        """Write a review report for one agreement or for partner provinces over a period."""
        from hoptac.reports.renderers import get_format

        name = format or out.suffix.lstrip(".")
        try:
            chosen = get_format(name)
        except ValueError as exc:
            raise fail(f"--format: {exc}") from None
        if not out.parent.is_dir():
            raise fail(f"--out: the folder {out.parent} does not exist")
        if not agreement and not partners and not round_uid:
            raise fail("give --agreement UID or --partners VN-28,LA-XE (or --round UID)")
        difficulties_text = _read(difficulties, "--difficulties")
        proposals_text = _read(proposals, "--proposals")
        setup_django()
        from django.core.exceptions import ValidationError

        from hoptac.reports.fonts import FontMissing
        from hoptac.reports.services import ReportOptions, build_report, parse_day

        try:
            reader = None
            if user:
                from django.contrib.auth import get_user_model

                reader = get_user_model().objects.filter(username=user).first()
                if reader is None:
                    raise fail(f"--user: no user is called '{user}'")
            options = ReportOptions(
                issuer=issuer,
                parent=parent,
                number=number,
                place=place,
                date=parse_day(date, "date") if date else None,
                on_behalf=on_behalf,
                authority=authority,
                signer_title=signer_title,
                signer=signer,
                recipients=list(recipient or []),
                difficulties=difficulties_text,
                proposals=proposals_text,
                kind=kind,
            )
            if round_uid:
                from hoptac.reports.from_round import build_round_report

                built = build_round_report(round_uid, user=reader, options=options)
            else:
                built = build_report(
                    agreement=agreement,
                    partners=[p for p in (partners or "").split(",") if p.strip()] or None,
                    start=parse_day(start, "from") if start else None,
                    end=parse_day(end, "to", last=True) if end else None,
                    user=reader,
                    options=options,
                )
            data = chosen.render(built)
        except ValidationError as exc:
            lines = [
                f"{OPTION_NAMES.get(key, '--' + key)}: {' '.join(messages)}"
                for key, messages in exc.message_dict.items()
            ]
            raise fail("\n".join(lines)) from None
        except FontMissing as exc:
            raise fail(str(exc)) from None
        _write(out, data)
        typer.echo(f"{out}: {chosen.name}, {len(data):,} bytes, {len(built.agreements)} agreement(s)")

    @app.command("report-yearly")
    def report_yearly(
        out: Annotated[Path, typer.Option("--out", help="File to write: .docx, .xlsx, .pdf or .html")],
        province: Annotated[str, typer.Option(help="The province, e.g. VN-28")],
        year: Annotated[int, typer.Option(help="The year reported on, e.g. 2024")],
        number: Annotated[str, typer.Option(help="Document number, e.g. 05/BC-SNgV")] = "",
        signer: Annotated[str, typer.Option(help="The signer's name")] = "",
        user: Annotated[str | None, typer.Option(help="Build it as this user sees the registry")] = None,
    ) -> None:
        """Write the yearly report to the Ministry of Foreign Affairs on the province's agreements."""
        from hoptac.reports.renderers import get_format

        try:
            chosen = get_format(out.suffix.lstrip("."))
        except ValueError as exc:
            raise fail(f"--out: {exc}") from None
        if not out.parent.is_dir():
            raise fail(f"--out: the folder {out.parent} does not exist")
        setup_django()
        from django.contrib.auth import get_user_model
        from django.core.exceptions import ValidationError

        from hoptac.reports.services import ReportOptions
        from hoptac.reports.yearly import build_yearly_report

        reader = get_user_model().objects.filter(username=user).first() if user else None
        if user and reader is None:
            raise fail(f"--user: no user is called '{user}'")
        try:
            built = build_yearly_report(
                province, year, user=reader, options=ReportOptions(number=number, signer=signer)
            )
        except ValidationError as exc:
            raise fail("\n".join(f"--{k}: {' '.join(m)}" for k, m in exc.message_dict.items())) from None
        data = chosen.render(built)
        _write(out, data)
        typer.echo(f"{out}: {chosen.name}, {len(data):,} bytes, {len(built.agreements)} agreement(s)")
