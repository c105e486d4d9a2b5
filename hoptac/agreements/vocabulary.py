"""The fields of cooperation (codes from the extraction spec) with their Vietnamese and English names."""

FIELDS: list[tuple[str, str, str]] = [
    ("politics_diplomacy", "Chính trị - đối ngoại", "Politics and diplomacy"),
    ("defense_security", "Quốc phòng - an ninh", "Defence and security"),
    ("economy", "Kinh tế - thương mại - đầu tư", "Economy, trade and investment"),
    ("agriculture_rural", "Nông nghiệp - phát triển nông thôn", "Agriculture and rural development"),
    ("environment_resources", "Tài nguyên - môi trường", "Natural resources and environment"),
    ("culture_society", "Văn hóa - xã hội", "Culture and society"),
    ("tourism", "Du lịch", "Tourism"),
    ("education_training", "Giáo dục - đào tạo", "Education and training"),
    ("health", "Y tế", "Health"),
    ("labour", "Lao động", "Labour"),
    ("transport", "Giao thông - vận tải", "Transport"),
]


def sync_fields() -> None:
    """Create or update the built-in fields of cooperation (idempotent)."""
    from hoptac.agreements.models import CooperationField

    for position, (code, name_vi, name_en) in enumerate(FIELDS):
        CooperationField.objects.update_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "position": position}
        )
