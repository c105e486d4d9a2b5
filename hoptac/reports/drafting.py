"""The report's text drafted from the data: results by field, commitments, events, difficulties, directions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from hoptac.activities.models import Activity
from hoptac.agreements.commitments import delivered, progress
from hoptac.agreements.models import Agreement, Commitment, CooperationField
from hoptac.agreements.services import agreement_status
from hoptac.core.dates import PartialDate
from hoptac.reports.formatting import format_number, format_ratio
from hoptac.reports.formatting import format_value as _format_value
from hoptac.reports.model import Section
from hoptac.reports.selection import Review, Scope
from hoptac.reports.totals import FigureTotal
from hoptac.reports.wording import (
    ACTIVITY_KINDS,
    AGREEMENT_STATUSES,
    FIELD_NAMES_FALLBACK,
    METRIC_FIELDS,
    METRIC_JOINS,
    join_names,
    metric_phrase,
    period_vi,
    place_label,
    quantity_text,
)

KIND_NOUNS = {
    "mou": "Bản ghi nhớ hợp tác",
    "agreement": "Thỏa thuận hợp tác",
    "programme": "Chương trình hợp tác",
    "minutes": "Biên bản hợp tác",
    "other": "văn kiện hợp tác",
}
NOTABLE_KINDS = ("review_conference", "signing", "visit", "conference", "meeting")
NOTABLE_LIMIT = 15


def review_word(scope: Scope) -> str:
    """ "Tổng kết" when every agreement's period ends by the report's end, else "Sơ kết"."""
    ends = [a.period_end.year for a in scope.agreements if a.period_end is not None and a.period_end.year]
    return (
        "Tổng kết"
        if ends and len(ends) == len(scope.agreements) and max(ends) <= scope.end.year
        else "Sơ kết"
    )


def summary_line(scope: Scope, word: str) -> str:
    """The bold line under "BÁO CÁO": what is reviewed, between whom, over which period."""
    if len(scope.agreements) == 1:
        return f"{word} thực hiện {scope.agreements[0].title}"
    home = place_label(scope.home) if scope.home else join_names([place_label(p) for p in scope.partners[:1]])
    others = join_names([place_label(p) for p in (scope.foreign if scope.home else scope.partners[1:])])
    first = scope.agreements[0]
    same = all(
        (a.kind, a.period_start, a.period_end) == (first.kind, first.period_start, first.period_end)
        for a in scope.agreements
    )
    if same and first.period_start is not None and first.period_end is not None:
        noun = KIND_NOUNS.get(first.kind, "văn kiện hợp tác")
        return f"{word} thực hiện {noun} giữa {home} với {others} giai đoạn {first.period_start}-{first.period_end}"
    return f"{word} thực hiện các văn kiện hợp tác giữa {home} với {others} giai đoạn {scope.start.year}-{scope.end.year}"


def _day_phrase(date: PartialDate | None) -> str:
    if date is None:
        return "Chưa rõ thời gian"
    if date.precision == "day":
        return f"Ngày {date.display_vi()}"
    return f"Tháng {date.display_vi()}" if date.precision == "month" else f"Năm {date.display_vi()}"


def _covers(total: FigureTotal, start: dt.date, end: dt.date) -> bool:
    if total.first is None:
        return True
    last = (total.last or total.first).latest() or dt.date.min
    return (total.first.earliest() or dt.date.max) <= start and last >= end


def _qualifier(total: FigureTotal, scope: Scope) -> str:
    parts = []
    foreign = {p.code for p in scope.foreign}
    mine = set(total.scope)
    named = [p for p in scope.foreign if p.code in mine]
    if len(foreign) > 1 and mine <= {p.code for p in scope.partners} and named and len(named) < len(foreign):
        parts.append("với " + join_names([place_label(p) for p in named]))
    own_period = any(f.period_start is not None for f in total.figures)
    if own_period and not _covers(total, scope.start, scope.end):
        parts.append(period_vi(total.first, total.last))
    return f" ({'; '.join(parts)})" if parts else ""


def field_phrases(totals: list[FigureTotal], scope: Scope) -> list[str]:
    """One field's figures as phrases; related figures of the same scope and period are said together."""
    entries: list[list[str]] = []
    heads: dict[tuple[str, tuple[str, ...], Any, Any], list[str]] = {}
    joined: list[FigureTotal] = []
    for total in totals:
        if total.metric in METRIC_JOINS:
            joined.append(total)
            continue
        entry = [
            metric_phrase(total.metric, total.name_vi, total.value, total.unit),
            _qualifier(total, scope),
        ]
        heads.setdefault((total.metric, total.scope, total.first, total.last), entry)
        entries.append(entry)
    for total in joined:
        partner, template = METRIC_JOINS[total.metric]
        head = heads.get((partner, total.scope, total.first, total.last))
        if head is not None:
            head[0] += template.format(v=_format_value(total.value, total.unit))
        else:
            entry = [
                metric_phrase(total.metric, total.name_vi, total.value, total.unit),
                _qualifier(total, scope),
            ]
            entries.append(entry)
    return [phrase + qualifier for phrase, qualifier in entries]


def results_section(scope: Scope, counts: list[dict[str, Any]], notable: list[Activity]) -> Section:
    """I. Results: the agreements, the figures by field, the commitments, the events and the reviews."""
    section = Section("I. KẾT QUẢ THỰC HIỆN")
    span = f"từ {PartialDate.parse(scope.start).long_vi()} đến {PartialDate.parse(scope.end).long_vi()}"  # type: ignore[union-attr]
    home = place_label(scope.home) if scope.home else "các bên"
    section.add("h", "1. Tình hình chung")
    section.add(
        "p", f"Trong kỳ báo cáo ({span}), {home} triển khai {len(scope.agreements)} văn kiện hợp tác:"
    )
    for agreement in scope.agreements:
        section.add("item", _agreement_line(agreement, scope.end))

    section.add("h", "2. Kết quả trên các lĩnh vực hợp tác")
    by_field: dict[str, list[FigureTotal]] = defaultdict(list)
    for total in scope.totals:
        by_field[METRIC_FIELDS.get(total.metric, "other")].append(total)
    names = {f.code: f.name_vi for f in CooperationField.objects.all()} | FIELD_NAMES_FALLBACK
    order = [*names]
    for code in sorted(by_field, key=lambda c: order.index(c) if c in order else len(order)):
        section.add("item", f"{names.get(code, code)}: {'; '.join(field_phrases(by_field[code], scope))}.")
    if not by_field:
        section.add("p", "Chưa có số liệu được báo cáo trong kỳ.")

    section.add("h", "3. Thực hiện các cam kết")
    section.add("p", _commitments_summary(scope.commitments))
    for commitment in scope.commitments:
        section.add("item", _commitment_line(commitment))

    section.add("h", "4. Các hoạt động đã tổ chức")
    section.add("p", _activities_summary(counts))
    for activity in notable:
        where = f", tại {place_label(activity.place)}" if activity.place else ""
        planned = " (dự kiến)" if activity.status == Activity.Status.PLANNED else ""
        section.add("item", f"{_day_phrase(activity.date)}{where}: {activity}{planned}.")

    section.add("h", "5. Hội nghị sơ kết, tổng kết")
    if not scope.reviews:
        section.add("p", "Các văn kiện chưa quy định và chưa ghi nhận hội nghị sơ kết, tổng kết.")
    by_agreement: dict[int, list[Review]] = defaultdict(list)
    for review in scope.reviews:
        by_agreement[review.agreement.pk].append(review)
    for agreement in scope.agreements:
        parts = [_review_phrase(r) for r in by_agreement.get(agreement.pk, [])]
        if parts:
            section.add("item", f"{agreement.title}: {'; '.join(parts)}.")
    return section


def _agreement_line(agreement: Agreement, end: dt.date) -> str:
    signed = f", ký {_day_phrase(agreement.signed_on).lower()}" if agreement.signed_on else ""
    period = period_vi(agreement.period_start, agreement.period_end)
    fields = ", ".join(f.name_vi for f in agreement.fields.all())
    status = AGREEMENT_STATUSES.get(agreement_status(agreement, end), "")
    text = f"{agreement.title}{signed}"
    if period:
        text += f", thời hạn {period}"
    if fields:
        text += f"; lĩnh vực: {fields}"
    return f"{text}; tình trạng: {status}."


def _commitments_summary(commitments: list[Commitment]) -> str:
    if not commitments:
        return "Các văn kiện chưa có cam kết định lượng được ghi nhận."
    done = sum(1 for c in commitments if (progress(c) or 0) >= 1)
    started = sum(1 for c in commitments if 0 < (progress(c) or 0) < 1)
    none = len(commitments) - done - started
    return (
        f"Các bên đã thống nhất {len(commitments)} cam kết cụ thể; {done} cam kết đã hoàn thành, "
        f"{started} cam kết đang thực hiện, {none} cam kết chưa ghi nhận kết quả."
    )


def _commitment_line(commitment: Commitment) -> str:
    what = commitment.description or quantity_text(commitment.quantity, commitment.unit)
    sides = f"{place_label(commitment.giver)} → {place_label(commitment.receiver)}"
    period = period_vi(commitment.period_start, commitment.period_end)
    head = f"{what} ({sides}{'; ' + period if period else ''})"
    if commitment.quantity is None:
        return f"{head}: cam kết chưa định lượng."
    given = delivered(commitment)
    share = progress(commitment) or Decimal(0)
    return (
        f"{head}: đã thực hiện {format_number(given)}/{quantity_text(commitment.quantity, commitment.unit)}"
        f" ({format_ratio(share)})."
    )


def _activities_summary(counts: list[dict[str, Any]]) -> str:
    by_kind: dict[str, int] = defaultdict(int)
    for row in counts:
        by_kind[row["kind"]] += row["n"]
    total = sum(by_kind.values())
    if not total:
        return "Chưa ghi nhận hoạt động nào đã tổ chức trong kỳ."
    kinds = [
        f"{format_number(n)} {ACTIVITY_KINDS.get(k, k)}"
        for k, n in sorted(by_kind.items(), key=lambda i: -i[1])
    ]
    return f"Trong kỳ báo cáo, các bên đã tổ chức {format_number(total)} hoạt động, gồm: {'; '.join(kinds)}."


def _review_phrase(review: Review) -> str:
    host = f" tại {place_label(review.host)}" if review.host else ""
    if review.status == "held":
        when = review.activity.date.display_vi() if review.activity and review.activity.date else ""
        return f"năm {review.year} đã tổ chức{host}{' (' + when + ')' if when else ''}"
    if review.status == "overdue":
        return f"năm {review.year}{host} chưa tổ chức (quá hạn)"
    return f"năm {review.year} dự kiến tổ chức{host}"


def difficulties_draft(scope: Scope, active: set[int]) -> list[str]:
    """A first draft of II (difficulties and limits), from the data; the officer edits it."""
    lines = []
    for commitment in scope.commitments:
        share = progress(commitment)
        if share is not None and share < 1:
            what = commitment.description or quantity_text(commitment.quantity, commitment.unit)
            lines.append(
                f"Cam kết “{what}” mới đạt {format_ratio(share)} "
                f"({format_number(delivered(commitment))}/{quantity_text(commitment.quantity, commitment.unit)})."
            )
    for review in scope.reviews:
        if review.status == "overdue":
            lines.append(
                f"Hội nghị sơ kết năm {review.year} theo {review.agreement.title} chưa được tổ chức."
            )
    for agreement in scope.agreements:
        if agreement.pk not in active:
            lines.append(f"Chưa ghi nhận hoạt động, số liệu nào theo {agreement.title} trong kỳ báo cáo.")
    if not lines:
        lines.append("Chưa ghi nhận khó khăn, hạn chế trong cơ sở dữ liệu; đề nghị các đơn vị bổ sung.")
    return lines


def proposals_draft(scope: Scope) -> list[str]:
    """A first draft of III (directions and proposals): reviews due and whose turn it is, renewals, commitments."""
    lines = []
    for review in scope.reviews:
        if review.status in ("planned", "due") and review.year >= scope.end.year:
            end = review.agreement.period_end
            word = "tổng kết" if end is not None and end.year == review.year else "sơ kết"
            host = f" tại {place_label(review.host)}" if review.host else ""
            lines.append(
                f"Phối hợp tổ chức Hội nghị {word} {review.agreement.title} năm {review.year}{host}."
            )
    for commitment in scope.commitments:
        share = progress(commitment)
        if share is not None and share < 1 and commitment.quantity is not None:
            left = commitment.quantity - delivered(commitment)
            what = commitment.description or quantity_text(commitment.quantity, commitment.unit)
            lines.append(f"Tiếp tục thực hiện cam kết “{what}”: còn {quantity_text(left, commitment.unit)}.")
    for agreement in scope.agreements:
        end = agreement.period_end
        if end is not None and end.year is not None and scope.end.year <= end.year <= scope.end.year + 3:
            lines.append(
                f"{agreement.title} hết hiệu lực năm {end.year}: chủ động đánh giá, đề xuất ký kết văn kiện "
                "hợp tác giai đoạn tiếp theo."
            )
    if not lines:
        lines.append("Tiếp tục triển khai có hiệu quả các nội dung hợp tác đã ký kết.")
    return lines


def text_blocks(text: str) -> list[tuple[str, str]]:
    """Text an officer wrote (one paragraph a line; "- " starts an item) as section blocks."""
    blocks = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(("- ", "+ ", "• ")):
            blocks.append(("item", line[2:].strip()))
        elif line:
            blocks.append(("p", line))
    return blocks
