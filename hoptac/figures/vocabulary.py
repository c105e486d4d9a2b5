"""The built-in metrics (the extraction spec's vocabulary) with names and default units."""

METRICS: list[tuple[str, str, str, str]] = [
    ("delegations_exchanged", "Số đoàn trao đổi", "Delegations exchanged", "count"),
    ("delegation_members", "Số lượt cán bộ trong đoàn", "Delegation members", "count"),
    ("conferences_held", "Số hội nghị, hội đàm", "Conferences and talks held", "count"),
    ("documents_signed", "Số văn kiện hợp tác ký kết", "Cooperation documents signed", "count"),
    ("scholarships_awarded", "Số suất học bổng", "Scholarships awarded", "count"),
    ("teachers_seconded", "Số giáo viên cử sang", "Teachers seconded", "count"),
    ("remains_repatriated", "Số hài cốt liệt sĩ hồi hương", "Remains repatriated", "count"),
    ("border_crossings_people", "Lượt người xuất nhập cảnh", "Border crossings (people)", "count"),
    ("border_crossings_vehicles", "Lượt phương tiện xuất nhập cảnh", "Border crossings (vehicles)", "count"),
    ("enterprises_investing", "Số doanh nghiệp đầu tư", "Enterprises investing", "count"),
    ("investment_projects", "Số dự án đầu tư", "Investment projects", "count"),
    ("investment_capital", "Vốn đầu tư", "Investment capital", "USD"),
    ("trade_turnover", "Kim ngạch xuất nhập khẩu", "Trade turnover", "USD"),
    ("exports", "Kim ngạch xuất khẩu", "Exports", "USD"),
    ("imports", "Kim ngạch nhập khẩu", "Imports", "USD"),
    ("aid_value", "Giá trị viện trợ, hỗ trợ", "Aid value", "VND"),
    ("grdp_growth", "Tăng trưởng GRDP", "GRDP growth", "percent"),
    ("budget_revenue", "Thu ngân sách", "Budget revenue", "VND"),
    ("other", "Khác", "Other", "count"),
]


def sync_metrics() -> None:
    """Create or update the built-in metrics (idempotent; user-added metrics are left alone)."""
    from hoptac.figures.models import Metric

    for position, (code, name_vi, name_en, unit) in enumerate(METRICS):
        Metric.objects.update_or_create(
            code=code,
            defaults={"name_vi": name_vi, "name_en": name_en, "default_unit": unit, "position": position},
        )
