"""Fields of cooperation a passage speaks of, as the spec names them (used by agreements.py)."""

from __future__ import annotations

import functools
import re

FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "politics_diplomacy": ("chính trị", "ngoại giao", "đối ngoại"),
    "defense_security": ("quốc phòng", "an ninh", "biên giới", "tội phạm"),
    "economy": ("kinh tế", "thương mại", "đầu tư", "công thương", "dịch vụ", "giao thương", "công nghiệp"),
    "agriculture_rural": ("nông nghiệp", "nông thôn", "lâm nghiệp", "thủy sản", "chăn nuôi"),
    "environment_resources": ("tài nguyên", "môi trường", "biến đổi khí hậu", "đất đai"),
    "culture_society": ("văn hóa", "văn hoá", "xã hội", "thể thao"),
    "tourism": ("du lịch",),
    "education_training": ("giáo dục", "đào tạo", "học bổng", "nguồn nhân lực"),
    "health": ("y tế", "dịch bệnh", "sức khỏe", "khám chữa bệnh"),
    "labour": ("việc làm", "xuất khẩu lao động"),
    "transport": ("giao thông", "vận tải", "logistics"),
}
# One pass over lower-cased text: faster than a case-insensitive pattern per field.
_FIELD_RE = re.compile("|".join(f"(?P<{name}>{'|'.join(words)})" for name, words in FIELD_WORDS.items()))


@functools.lru_cache(maxsize=4096)
def fields_of(text: str) -> list[str]:
    """Fields of cooperation a passage speaks of, in the spec's order."""
    found = {m.lastgroup for m in _FIELD_RE.finditer(text.lower())}
    return [name for name in FIELD_WORDS if name in found]
