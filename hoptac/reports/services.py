"""Build a review report (báo cáo sơ kết / tổng kết) for one agreement or a set of partners over a period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.functions import Substr
from django.utils import translation
from django.utils.translation import gettext as _

from hoptac.activities.models import Activity
from hoptac.agreements.commitments import delivered, progress
from hoptac.core.dates import PartialDate
from hoptac.core.validation import today
from hoptac.places.models import Place
from hoptac.reports import drafting
from hoptac.reports.model import Chart, Column, Header, Quantity, Report, Section, Signature, Table
from hoptac.reports.selection import Scope, collect
from hoptac.reports.totals import activity_counts, partner_counts
from hoptac.reports.wording import (
    ACTIVITY_FIELDS,
    ACTIVITY_KIND_NAMES,
    ACTIVITY_STATUSES,
    FIELD_NAMES_FALLBACK,
    METRIC_FIELDS,
    REVIEW_STATUSES,
    period_vi,
    place_label,
    place_name,
)

DEFAULT_RECIPIENTS = [
    "Bộ Ngoại giao (để b/c);",
    "Thường trực Tỉnh ủy (để b/c);",
    "Thường trực HĐND tỉnh (để b/c);",
    "UBND tỉnh (để b/c);",
    "Lưu: VT, HTQT.",
]


@dataclass
class ReportOptions:
    """Who issues and signs the report, and the officer's own text; blanks take defaults from the province."""

    issuer: str = "SỞ NGOẠI VỤ"
    parent: str = ""
    number: str = ""
    place: str = ""
    date: dt.date | None = None
    on_behalf: str = ""
    authority: str = "KT. GIÁM ĐỐC"
    signer_title: str = "PHÓ GIÁM ĐỐC"
    signer: str = ""
    recipients: list[str] = field(default_factory=list)
    difficulties: str | None = None
    proposals: str | None = None
    kind: str = ""  # "so-ket" or "tong-ket"; blank: from the agreements' periods


def parse_day(value: Any, name: str, *, last: bool = False) -> dt.date:
    """A day from YYYY-MM-DD, or YYYY / YYYY-MM (first day, or last day with last=True)."""
    try:
        date = PartialDate.parse(value)
    except (TypeError, ValueError):
        date = None
    if date is None or date.year is None:
        raise ValidationError(
            {
                name: _("'%(value)s' is not a date: write day/month/year (4/12/2026), month/year or a year")
                % {"value": value}
            }
        )
    day = date.latest() if last else date.earliest()
    assert day is not None
    return day


def check_period(start: dt.date, end: dt.date) -> None:
    """Raise a ValidationError naming `to` when the period ends before it starts."""
    if end < start:
        raise ValidationError(
            {
                "to": _("the period ends (%(end)s) before it starts (%(start)s): swap --from and --to")
                % {"end": end, "start": start}
            }
        )


def _header(scope: Scope, options: ReportOptions) -> Header:
    home = scope.home
    parent = options.parent or (f"UBND {place_label(home).upper()}" if home else "")
    return Header(
        parent=parent,
        issuer=options.issuer,
        number=options.number or "      /BC-SNgV",
        place=options.place or place_name(home),
        date=options.date or today(),
    )


def _recipients(options: ReportOptions) -> list[str]:
    lines = [r.strip().lstrip("-").strip() for r in options.recipients if r.strip()] or list(
        DEFAULT_RECIPIENTS
    )
    if not lines[-1].lower().startswith("lưu"):
        lines.append("Lưu: VT.")
    return lines


def _text_section(heading: str, text: str | None, draft: list[str]) -> Section:
    section = Section(heading)
    if text is not None and text.strip():
        section.blocks = drafting.text_blocks(text)
    else:
        section.blocks = [("item", line) for line in draft]
    return section


def build_report(
    *,
    agreement: str | None = None,
    partners: Sequence[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    user: Any = None,
    options: ReportOptions | None = None,
) -> Report:
    """Collect the records the user may see and draft the report; ValidationError (by option name) on bad input."""
    options = options or ReportOptions()
    end = end or today()
    start = start or dt.date(end.year, 1, 1)
    check_period(start, end)
    if options.kind not in ("", "so-ket", "tong-ket"):
        raise ValidationError(
            {
                "kind": _("'%(value)s' is not a kind of report: use so-ket or tong-ket")
                % {"value": options.kind}
            }
        )
    scope = collect(user, agreement, partners, start, end)  # its errors in the reader's language
    # The report is a Vietnamese document (Nghị định 30/2020) whatever the reader's language:
    # its place names, titles and labels are drafted in Vietnamese.
    with translation.override("vi"):
        counts = activity_counts(scope.activities)
        notable = list(
            scope.activities.filter(kind__in=drafting.NOTABLE_KINDS)
            .select_related("place")
            .order_by("date", "id")[: drafting.NOTABLE_LIMIT]
        )
        word = {"so-ket": "Sơ kết", "tong-ket": "Tổng kết"}.get(options.kind) or drafting.review_word(scope)
        active = _agreements_with_records(scope)
        sections = [
            drafting.results_section(scope, counts, notable),
            _text_section(
                "II. KHÓ KHĂN, HẠN CHẾ", options.difficulties, drafting.difficulties_draft(scope, active)
            ),
            _text_section(
                "III. PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ ĐỀ XUẤT, KIẾN NGHỊ",
                options.proposals,
                drafting.proposals_draft(scope),
            ),
        ]
        return Report(
            header=_header(scope, options),
            summary=drafting.summary_line(scope, word),
            start=start,
            end=end,
            sections=sections,
            signature=Signature(options.on_behalf, options.authority, options.signer_title, options.signer),
            recipients=_recipients(options),
            tables=_tables(scope, counts),
            charts=_charts(scope, counts),
            agreements=[str(a.uid) for a in scope.agreements],
        )


def _agreements_with_records(scope: Scope) -> set[int]:
    through = Activity.agreements.through
    ids = set(
        through.objects.filter(
            activity_id__in=scope.activities.order_by().values("pk"),
            agreement_id__in=[a.pk for a in scope.agreements],
        ).values_list("agreement_id", flat=True)
    )
    return ids | {f.agreement_id for f in scope.figures if f.agreement_id}


def iso_display(text: str | None) -> str:
    """An ISO partial date as text shown the Vietnamese way: 2024-12-12 → 12/12/2024, 2024-12 → 12/2024."""
    if not text:
        return ""
    if text.startswith("--"):
        return "/".join(reversed(text[2:].split("-")))
    return "/".join(reversed(text.split("-")))


def _field_names() -> dict[str, str]:
    from hoptac.agreements.models import CooperationField

    return {f.code: f.name_vi for f in CooperationField.objects.all()} | FIELD_NAMES_FALLBACK


# Units as the per-record table writes them: a count needs no unit, money its currency.
UNIT_NAMES_SHORT = {"count": "", "percent": "%", "VND": "đồng"}


def _place_names(scope: Scope) -> dict[str, str]:
    """Code → Vietnamese name of every place the figures' scopes name."""
    codes = {code for codes in scope.scopes.values() for code in codes}
    codes |= {code for total in scope.totals for code in total.scope}
    return {p.code: p.display_name for p in Place.objects.filter(pk__in=codes)}


def generated_titles(ids: list[int]) -> dict[int, str]:
    """The readable titles of activities recorded without one (read whole: who, what, where)."""
    if not ids:
        return {}
    found = (
        Activity.objects.filter(pk__in=ids).select_related("place").prefetch_related("parties", "agreements")
    )
    return {activity.pk: str(activity) for activity in found}


def _tables(scope: Scope, counts: list[dict[str, Any]]) -> list[Table]:
    fields = _field_names()
    titles = {a.pk: a.title for a in scope.agreements}
    names = _place_names(scope)
    totals = Table(
        "figures",
        "Phụ lục 1. Số liệu theo chỉ tiêu và thời kỳ",
        [
            Column("STT", "count", 7),
            Column("Lĩnh vực", "text", 18),
            Column("Chỉ tiêu", "text", 26),
            Column("Giá trị", "quantity", 16),
            Column("Phạm vi", "text", 20),
            Column("Thời kỳ", "text", 16),
            Column("Nguồn", "text", 36),
        ],
        [
            [
                i,
                fields.get(METRIC_FIELDS.get(t.metric, "other"), ""),
                t.name_vi,
                Quantity(t.value, t.unit),
                ", ".join(names.get(code, code) for code in t.scope),
                period_vi(t.first, t.last) or "Chưa rõ",
                "; ".join(
                    dict.fromkeys(str(f.activity or titles.get(f.agreement_id or 0) or "") for f in t.figures)
                ),
            ]
            for i, t in enumerate(scope.totals, 1)
        ],
    )
    records = Table(
        "figure_records",
        "Số liệu đã báo cáo (từng bản ghi)",
        [
            Column("Chỉ tiêu", "text", 26),
            Column("Giá trị", "quantity", 16),
            Column("Đơn vị", "text", 8),
            Column("Phạm vi", "text", 20),
            Column("Từ", "text", 11),
            Column("Đến", "text", 11),
            Column("Hoạt động", "text", 36),
            Column("Văn kiện", "text", 36),
            Column("Ghi chú", "text", 30),
            Column("Mã", "text", 36),
        ],
        [
            [
                f.metric.name_vi,
                Quantity(f.value, f.unit),
                UNIT_NAMES_SHORT.get(f.unit, f.unit),
                ", ".join(names.get(code, code) for code in scope.scopes[f.pk]),
                f.period_start.display_vi() if f.period_start else "",
                f.period_end.display_vi() if f.period_end else "",
                str(f.activity or ""),
                titles.get(f.agreement_id, "") if f.agreement_id else "",
                f.note,
                str(f.uid),
            ]
            for f in scope.figures
        ],
        in_document=False,
    )
    commitments = Table(
        "commitments",
        "Phụ lục 2. Thực hiện các cam kết",
        [
            Column("STT", "count", 7),
            Column("Văn kiện", "text", 30),
            Column("Bên cam kết", "text", 14),
            Column("Bên nhận", "text", 14),
            Column("Nội dung", "text", 36),
            Column("Cam kết", "quantity", 12),
            Column("Đã thực hiện", "quantity", 12),
            Column("Tỷ lệ", "ratio", 8),
            Column("Thời kỳ", "text", 12),
        ],
        [
            [
                i,
                c.agreement.title,
                place_name(c.giver),
                place_name(c.receiver),
                c.description,
                Quantity(c.quantity, c.unit) if c.quantity is not None else None,
                Quantity(delivered(c), c.unit) if c.quantity is not None else None,
                progress(c),
                period_vi(c.period_start, c.period_end),
            ]
            for i, c in enumerate(scope.commitments, 1)
        ],
    )
    # The date as plain text (Substr): parsing 10,000 partial dates would cost more than the query.
    rows = (
        scope.activities.order_by("date", "id")
        .annotate(day=Substr("date", 1, 10))
        .values_list("day", "kind", "title", "place__name_vi", "status", "delegation_size", "id")
    )
    untitled = generated_titles([row[-1] for row in rows if not row[2]])
    activities = Table(
        "activities",
        "Phụ lục 3. Các hoạt động trong kỳ",
        [
            Column("STT", "count", 7),
            Column("Thời gian", "text", 11),
            Column("Loại", "text", 18),
            Column("Nội dung", "text", 50),
            Column("Địa điểm", "text", 14),
            Column("Tình trạng", "text", 11),
            Column("Số người", "count", 9),
        ],
        [
            [
                i,
                iso_display(d),
                ACTIVITY_KIND_NAMES.get(k, k),
                title or untitled.get(pk, ""),
                where or "",
                ACTIVITY_STATUSES.get(s, s),
                n,
            ]
            for i, (d, k, title, where, s, n, pk) in enumerate(rows, 1)
        ],
    )
    reviews = Table(
        "reviews",
        "Phụ lục 4. Hội nghị sơ kết, tổng kết",
        [
            Column("STT", "count", 7),
            Column("Văn kiện", "text", 40),
            Column("Năm", "year", 7),
            Column("Nơi tổ chức", "text", 14),
            Column("Tình trạng", "text", 12),
            Column("Ghi chú", "text", 40),
        ],
        [
            [
                i,
                r.agreement.title,
                r.year,
                place_name(r.host),
                REVIEW_STATUSES.get(r.status, r.status),
                str(r.activity or "")
                + (f" ({r.activity.date.display_vi()})" if r.activity and r.activity.date else ""),
            ]
            for i, r in enumerate(scope.reviews, 1)
        ],
    )
    by_year = Table(
        "by_year",
        "Phụ lục 5. Hoạt động đã tổ chức theo năm và loại",
        [
            Column("Năm", "text", 8),
            Column("Loại", "text", 26),
            Column("Số hoạt động", "count", 13),
            Column("Số người", "count", 11),
        ],
        [
            [row["year"], ACTIVITY_KIND_NAMES.get(row["kind"], row["kind"]), row["n"], row["people"]]
            for row in counts
        ],
    )
    for table in (totals, commitments, activities, reviews, by_year):
        if table.cut:
            shown = len(table.document_rows())
            table.note = (
                f"Bảng có {len(table.rows)} dòng; bản in liệt kê {shown} dòng đầu, đầy đủ trong tệp XLSX."
            )
    return [totals, commitments, activities, reviews, by_year, records]


def _charts(scope: Scope, counts: list[dict[str, Any]]) -> list[Chart]:
    years: dict[str, int] = defaultdict(int)
    fields: dict[str, int] = defaultdict(int)
    for row in counts:
        years[row["year"]] += row["n"]
        fields[ACTIVITY_FIELDS.get(row["kind"], "other")] += row["n"]
    names = _field_names()
    charts = [
        Chart(
            "by_year", "Số hoạt động đã tổ chức theo năm", [(y, float(n)) for y, n in sorted(years.items())]
        ),
        Chart(
            "by_field",
            "Số hoạt động theo lĩnh vực hợp tác",
            [(names.get(c, c), float(n)) for c, n in sorted(fields.items(), key=lambda i: -i[1])],
        ),
        Chart(
            "by_partner",
            "Số hoạt động theo đối tác",
            [(place_name(p), float(n)) for p, n in partner_counts(scope.activities, scope.foreign)],
        ),
    ]
    return [chart for chart in charts if chart.bars]
