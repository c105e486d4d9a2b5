"""The yearly report to the Ministry of Foreign Affairs on carrying out a province's international agreements.

Luật Thỏa thuận quốc tế 2020 and Nghị định 64/2021/NĐ-CP ask the province (its Sở Ngoại vụ) to report
each year on the agreements signed in its name or its departments' and districts'. One document and
one annex for the year: a row per agreement (name, parties, date, level, status, the year's results
and figures, proposals), read from the registry and from the year's closed reporting rounds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, AgreementParty
from hoptac.agreements.services import agreement_status
from hoptac.figures.models import Figure
from hoptac.places.models import Place
from hoptac.reports.formatting import format_value
from hoptac.reports.model import Column, Header, Report, Section, Signature, Table
from hoptac.reports.selection import overlaps, readable, window_q
from hoptac.reports.services import ReportOptions
from hoptac.reports.totals import figure_period
from hoptac.reports.wording import AGREEMENT_STATUSES, place_label, place_name

RECIPIENTS = ("Bộ Ngoại giao (để b/c);", "UBND tỉnh (để b/c);", "Lưu: VT, HTQT.")
ENDED = ("expired", "superseded", "terminated")  # before the year began: nothing to report
LEVELS = (("sở", "Cấp sở, ngành"), ("huyện", "Cấp huyện"), ("xã", "Cấp xã"))


def level_of(party: AgreementParty | None) -> str:
    """The level an agreement was signed at, read from the Vietnamese signing body (province by default)."""
    body = (party.body if party else "").lower()
    for word, label in LEVELS:
        if body.startswith(word) or f" {word} " in f" {body} ":
            return label
    return "Cấp tỉnh"


def _in_year(agreement: Agreement, start: dt.date, end: dt.date) -> bool:
    first = agreement.effective_on or agreement.period_start or agreement.signed_on
    last = agreement.terminated_on or agreement.period_end
    if first is None or first.year is None:
        return False
    # No end date: still in force (overlaps() would read a missing end as the start).
    stops = last.latest() if last is not None and last.year is not None else None
    return (first.earliest() or dt.date.min) <= end and (stops or dt.date.max) >= start


def _closed_rounds(start: dt.date, end: dt.date) -> list[Any]:
    from hoptac.rounds.models import Round

    closed = Round.objects.filter(status=Round.Status.CLOSED).order_by("closed_at")
    return [r for r in closed if overlaps(r.period_start, r.period_end, start, end)]


def _figures_text(figures: list[Figure], start: dt.date, end: dt.date) -> str:
    shown = []
    for figure in figures:
        first, last = figure_period(figure)
        if first is None or not overlaps(first, last, start, end):
            continue
        mark = f" (đợt “{figure.collected_in}”)" if figure.collected_in else ""
        shown.append(f"{figure.metric.name_vi}: {format_value(figure.value, figure.unit)}{mark}")
    return "; ".join(shown)


def _proposal(agreement: Agreement, status: str, held: int, year: int) -> str:
    last = agreement.period_end
    if status == "in_force" and last is not None and last.year in (year, year + 1):
        return f"Chuẩn bị tổng kết và đề xuất gia hạn hoặc ký mới trước khi hết hạn ({last.display_vi()})."
    if status == "in_force" and held == 0:
        return "Đề nghị các cơ quan, đơn vị đẩy mạnh triển khai: trong năm chưa có hoạt động nào."
    if status in ("expired", "terminated", "superseded"):
        return "Không tiếp tục theo dõi."
    return "Tiếp tục triển khai theo kế hoạch."


def _row(agreement: Agreement, home: Place, user: Any, start: dt.date, end: dt.date) -> list[Any]:
    parties = sorted(agreement.parties.all(), key=lambda p: p.place_id != home.code)  # the province first
    vietnamese = next((p for p in parties if p.place_id == home.code), None)
    status = agreement_status(agreement, end)
    activities = readable(user, Activity.objects.filter(agreements=agreement)).filter(
        window_q("date", start, end), status=Activity.Status.HELD
    )
    held = activities.count()
    figures = list(
        # A figure of another agreement stays out even when reported at a shared activity.
        readable(
            user,
            Figure.objects.filter(agreement=agreement)
            | Figure.objects.filter(agreement__isnull=True, activity__in=activities),
        )
        .distinct()
        .select_related("metric", "activity")
        .order_by("metric__position", "id")
    )
    results = f"{held} hoạt động đã tổ chức"
    numbers = _figures_text(figures, start, end)
    return [
        0,
        agreement.title,
        "; ".join(p.body or place_label(p.place) for p in parties),
        agreement.signed_on.display_vi() if agreement.signed_on else "",
        level_of(vietnamese),
        AGREEMENT_STATUSES.get(status, status),
        f"{results}. {numbers}" if numbers else results,
        _proposal(agreement, status, held, end.year),
    ]


ANNEX_COLUMNS = [
    Column("STT", "count", 6),
    Column("Tên thỏa thuận", "text", 40),
    Column("Các bên ký kết", "text", 30),
    Column("Ngày ký", "text", 11),
    Column("Cấp ký", "text", 12),
    Column("Tình trạng", "text", 16),
    Column("Kết quả, số liệu trong năm", "text", 50),
    Column("Đề xuất, kiến nghị", "text", 36),
]


def build_yearly_report(
    province: str, year: int, *, user: Any = None, options: ReportOptions | None = None
) -> Report:
    """The yearly report on the province's international agreements, one annex row per agreement."""
    from hoptac.places.services import resolve_place

    options = options or ReportOptions()
    try:
        home = resolve_place(province)
    except ValidationError:
        raise ValidationError(
            {"province": _("unknown province '%(value)s': use a code such as VN-28") % {"value": province}}
        ) from None
    if not 1990 <= year <= 2100:
        raise ValidationError({"year": _("'%(value)s' is not a year such as 2024") % {"value": year}})
    # The report is a Vietnamese document (Nghị định 30/2020) whatever the reader's language:
    # its place names, titles and labels are drafted in Vietnamese.
    with translation.override("vi"):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        agreements = [
            a
            for a in readable(user, Agreement.objects.filter(parties__place=home))
            .distinct()
            .prefetch_related("parties__place")
            .order_by("signed_on", "title")
            if _in_year(a, start, end) and agreement_status(a, start) not in ENDED
        ]
        rows = [_row(a, home, user, start, end) for a in agreements]
        for i, row in enumerate(rows, 1):
            row[0] = i
        rounds = _closed_rounds(start, end)
        counts: dict[str, int] = {}
        for row in rows:
            counts[row[5]] = counts.get(row[5], 0) + 1
        signed = sum(1 for a in agreements if a.signed_on and a.signed_on.year == year)
        intro = Section("I. TÌNH HÌNH KÝ KẾT VÀ THỰC HIỆN THỎA THUẬN QUỐC TẾ")
        intro.add(
            "p",
            f"Thực hiện Luật Thỏa thuận quốc tế năm 2020 và Nghị định số 64/2021/NĐ-CP của Chính phủ, "
            f"{place_label(home)} báo cáo tình hình thực hiện thỏa thuận quốc tế năm {year} như sau:",
        )
        intro.add(
            "p",
            f"Trong năm {year}, {place_label(home)} theo dõi {len(agreements)} thỏa thuận quốc tế, trong đó "
            f"{signed} thỏa thuận ký mới trong năm; "
            + "; ".join(f"{n} thỏa thuận {label}" for label, n in counts.items())
            + ". Chi tiết từng thỏa thuận tại Phụ lục kèm theo.",
        )
        if rounds:
            names = ", ".join(f"“{r.name}”" for r in rounds)
            intro.add("p", f"Số liệu được tổng hợp từ các đợt báo cáo đã khóa sổ: {names}.")
        results = Section("II. KẾT QUẢ THỰC HIỆN")
        for row in rows:
            results.add("item", f"{row[1]}: {row[6]}.")
        proposals = Section("III. ĐỀ XUẤT, KIẾN NGHỊ")
        if options.proposals and options.proposals.strip():
            proposals.blocks = [("p", line) for line in options.proposals.splitlines() if line.strip()]
        else:
            proposals.add(
                "item",
                "Đề nghị Bộ Ngoại giao tiếp tục hướng dẫn việc ký kết và thực hiện thỏa thuận quốc tế cấp tỉnh.",
            )
        parent = options.parent or f"UBND {place_label(home).upper()}"
        return Report(
            header=Header(
                parent,
                options.issuer,
                options.number or "      /BC-SNgV",
                options.place or place_name(home),
                options.date or end,
            ),
            summary=f"Tình hình thực hiện thỏa thuận quốc tế năm {year} của {place_label(home)}",
            start=start,
            end=end,
            sections=[intro, results, proposals],
            signature=Signature(options.on_behalf, options.authority, options.signer_title, options.signer),
            recipients=options.recipients or list(RECIPIENTS),
            tables=[
                Table(
                    "agreements",
                    f"Phụ lục. Tình hình thực hiện thỏa thuận quốc tế năm {year}",
                    ANNEX_COLUMNS,
                    rows,
                )
            ],
            charts=[],
            agreements=[str(a.uid) for a in agreements],
        )
