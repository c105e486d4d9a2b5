"""The Vietnamese words of a report: place names, metric phrases, kinds and statuses."""

from __future__ import annotations

from decimal import Decimal

from hoptac.core.dates import PartialDate
from hoptac.places.models import Place
from hoptac.reports.formatting import format_number, format_value

# Which field of cooperation each metric reports on; a metric not listed goes under "other".
METRIC_FIELDS = {
    "delegations_exchanged": "politics_diplomacy",
    "delegation_members": "politics_diplomacy",
    "conferences_held": "politics_diplomacy",
    "documents_signed": "politics_diplomacy",
    "border_crossings_people": "defense_security",
    "border_crossings_vehicles": "defense_security",
    "remains_repatriated": "defense_security",
    "enterprises_investing": "economy",
    "investment_projects": "economy",
    "investment_capital": "economy",
    "trade_turnover": "economy",
    "exports": "economy",
    "imports": "economy",
    "grdp_growth": "economy",
    "budget_revenue": "economy",
    "aid_value": "culture_society",
    "scholarships_awarded": "education_training",
    "teachers_seconded": "education_training",
}

# How a report says a figure; {v} is the formatted value.
METRIC_PHRASES = {
    "delegations_exchanged": "trao đổi {v} đoàn",
    "delegation_members": "{v} lượt cán bộ tham gia các đoàn",
    "conferences_held": "tổ chức {v} hội nghị, hội đàm",
    "documents_signed": "ký kết {v} văn kiện hợp tác",
    "border_crossings_people": "{v} lượt người xuất nhập cảnh",
    "border_crossings_vehicles": "{v} lượt phương tiện xuất nhập cảnh",
    "remains_repatriated": "tìm kiếm, quy tập, hồi hương {v} hài cốt liệt sĩ",
    "enterprises_investing": "{v} doanh nghiệp đầu tư",
    "investment_projects": "{v} dự án đầu tư",
    "investment_capital": "tổng vốn đầu tư {v}",
    "trade_turnover": "kim ngạch xuất nhập khẩu đạt {v}",
    "exports": "kim ngạch xuất khẩu {v}",
    "imports": "kim ngạch nhập khẩu {v}",
    "grdp_growth": "tăng trưởng GRDP {v}",
    "budget_revenue": "thu ngân sách {v}",
    "aid_value": "giá trị viện trợ, hỗ trợ {v}",
    "scholarships_awarded": "cấp {v} suất học bổng",
    "teachers_seconded": "cử {v} giáo viên",
}

# A figure said together with another of the same scope and period: "trao đổi 109 đoàn với 1.216 lượt cán bộ".
METRIC_JOINS = {
    "delegation_members": ("delegations_exchanged", " với {v} lượt cán bộ"),
    "border_crossings_vehicles": ("border_crossings_people", " và {v} lượt phương tiện"),
    "investment_projects": ("enterprises_investing", " với {v} dự án"),
    "exports": ("trade_turnover", ", trong đó xuất khẩu {v}"),
    "imports": ("trade_turnover", ", nhập khẩu {v}"),
}

FIELD_NAMES_FALLBACK = {"other": "Các lĩnh vực khác"}

ACTIVITY_FIELDS = {
    "visit": "politics_diplomacy",
    "review_conference": "politics_diplomacy",
    "meeting": "politics_diplomacy",
    "conference": "politics_diplomacy",
    "signing": "politics_diplomacy",
    "scholarship": "education_training",
    "repatriation": "defense_security",
    "aid": "culture_society",
    "trade_promotion": "economy",
}

# Counted activities: "3 đoàn thăm, làm việc".
ACTIVITY_KINDS = {
    "visit": "đoàn thăm, làm việc",
    "review_conference": "hội nghị sơ kết, tổng kết",
    "meeting": "cuộc họp, hội đàm",
    "conference": "hội nghị, hội thảo",
    "signing": "lễ ký kết",
    "scholarship": "đợt cấp học bổng",
    "repatriation": "đợt hồi hương hài cốt liệt sĩ",
    "aid": "hoạt động viện trợ, hỗ trợ",
    "trade_promotion": "hoạt động xúc tiến thương mại",
    "other": "hoạt động khác",
}
ACTIVITY_KIND_NAMES = {
    "visit": "Thăm, làm việc",
    "review_conference": "Hội nghị sơ kết, tổng kết",
    "meeting": "Họp, hội đàm",
    "conference": "Hội nghị, hội thảo",
    "signing": "Ký kết",
    "scholarship": "Học bổng",
    "repatriation": "Hồi hương hài cốt",
    "aid": "Viện trợ, hỗ trợ",
    "trade_promotion": "Xúc tiến thương mại",
    "other": "Khác",
}
ACTIVITY_STATUSES = {"planned": "Dự kiến", "held": "Đã tổ chức", "cancelled": "Hủy"}
REVIEW_STATUSES = {"held": "Đã tổ chức", "planned": "Dự kiến", "due": "Đến hạn", "overdue": "Quá hạn"}
AGREEMENT_STATUSES = {
    "draft": "đang dự thảo",
    "signed": "đã ký, chưa có hiệu lực",
    "in_force": "đang có hiệu lực",
    "expired": "đã hết hiệu lực",
    "superseded": "đã được thay thế",
    "terminated": "đã chấm dứt",
}
UNIT_NAMES = {
    "scholarship": "suất học bổng",
    "teacher": "giáo viên",
    "person": "người",
    "other": "",
}


def place_name(place: Place | None) -> str:
    """The short Vietnamese name: "Kon Tum", "Sê Kông" (the reports are Vietnamese documents)."""
    if place is None:
        return ""
    return place.name_in("vi")


def place_label(place: Place | None) -> str:
    """The name with its kind, as a text says it: "tỉnh Kon Tum", "Thành phố Hồ Chí Minh", "Lào"."""
    if place is None:
        return ""
    name = place_name(place)
    if place.level == Place.Level.COUNTRY or name.lower().startswith(("tỉnh", "thành phố")):
        return name
    return f"thành phố {name}" if place.type == "Municipality" else f"tỉnh {name}"


def join_names(names: list[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"


def period_vi(first: PartialDate | None, last: PartialDate | None) -> str:
    """ "10/2022 - 10/2024", "2024", or "" when unknown."""
    if first is None:
        return last.display_vi() if last is not None else ""
    if last is None or last == first:
        return first.display_vi()
    return f"{first.display_vi()} - {last.display_vi()}"


def metric_phrase(metric: str, name_vi: str, value: Decimal, unit: str) -> str:
    """ "trao đổi 109 đoàn", "kim ngạch xuất nhập khẩu đạt 687,4 triệu USD"; unknown metrics: "Name: value"."""
    shown = format_value(value, unit)
    template = METRIC_PHRASES.get(metric)
    return template.format(v=shown) if template else f"{name_vi.lower()} {shown}"


def quantity_text(value: Decimal | None, unit: str) -> str:
    """A commitment's quantity with its unit: "10 suất học bổng", "24,4 triệu USD"."""
    if value is None:
        return ""
    if unit in UNIT_NAMES:
        return f"{format_number(value)} {UNIT_NAMES[unit]}".strip()
    return format_value(value, unit)
