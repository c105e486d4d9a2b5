"""Word lists for plausible names, titles and sentences (Vietnamese first, as officers write them)."""

from __future__ import annotations

import random

VI_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Y", "A")  # fmt: skip
VI_MIDDLE = ("Văn", "Thị", "Ngọc", "Minh", "Quang", "Hữu", "Đức", "Thanh", "Xuân", "Hồng", "Kim", "")
VI_GIVEN = ("Tuấn", "Hùng", "Dũng", "Lan", "Hoa", "Mai", "Hải", "Nam", "Bình", "Thắng", "Long", "Sơn", "Hương", "Phúc", "Thành", "Trung", "Vinh", "Quý", "Tâm", "Khoa")  # fmt: skip
LA_GIVEN = ("Thanouxay", "Bounkong", "Khamphanh", "Vilay", "Souksavanh", "Phonsay", "Bounmy", "Sengdeuan", "Viengkham", "Leuxay", "Khamla", "Somphone")  # fmt: skip
LA_FAMILY = ("Banxalith", "Phommachanh", "Sisoulath", "Keomany", "Vongsa", "Inthavong", "Souvannavong", "Chanthala", "Phetsamone", "Xayavong")  # fmt: skip
KH_GIVEN = ("Sok", "Chea", "Heng", "Vannak", "Sophal", "Dara", "Kosal", "Rithy", "Sopheak", "Chanthou")
KH_FAMILY = ("Sam", "Hun", "Keo", "Meas", "Prak", "Chhim", "Long", "Mom", "Ouk", "Sim")
CN_FAMILY = ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu")
CN_GIVEN = ("Wei", "Fang", "Jun", "Lei", "Ming", "Qiang", "Yan", "Hui", "Jing", "Tao")
KR_FAMILY = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon")
KR_GIVEN = ("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Su-bin", "Jae-won", "Eun-ji")
JP_FAMILY = ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura")
JP_GIVEN = ("Hiroshi", "Takeshi", "Yuki", "Kenji", "Akiko", "Naoko", "Satoshi", "Keiko")
TH_GIVEN = ("Somchai", "Suda", "Anan", "Malee", "Prasert", "Wichai", "Kanya", "Narong")
TH_FAMILY = ("Saetang", "Chaiyaporn", "Srisuk", "Boonmee", "Wongsakul", "Thongdee")
OTHER_GIVEN = ("Anna", "Ivan", "Pierre", "John", "Maria", "Olga", "Thomas", "Sophie", "Carlos", "Elena")
OTHER_FAMILY = ("Petrov", "Martin", "Smith", "Müller", "García", "Ivanova", "Dubois", "Brown")

VI_TITLES = ("Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh", "Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy", "Giám đốc Sở Ngoại vụ", "Phó Giám đốc Sở Ngoại vụ", "Giám đốc Sở Kế hoạch và Đầu tư", "Giám đốc Sở Giáo dục và Đào tạo")  # fmt: skip
FOREIGN_TITLES = ("Tỉnh trưởng", "Phó Tỉnh trưởng", "Bí thư Tỉnh ủy", "Chủ tịch chính quyền tỉnh", "Phó Chủ tịch chính quyền tỉnh", "Giám đốc Sở Ngoại giao")  # fmt: skip

KIND_TITLES = {
    "mou": "Bản ghi nhớ hợp tác",
    "agreement": "Thỏa thuận hợp tác",
    "programme": "Chương trình hợp tác",
    "minutes": "Biên bản hội đàm",
    "other": "Văn bản hợp tác",
}
KIND_TITLES_EN = {
    "mou": "Memorandum of understanding on cooperation",
    "agreement": "Cooperation agreement",
    "programme": "Cooperation programme",
    "minutes": "Minutes of talks",
    "other": "Cooperation document",
}
NEWS_SITES = ("baotinh", "thongtandiaphuong", "doingoai", "tintuchoptac", "baobiengioi")


def person_name(rng: random.Random, country: str) -> str:
    """A name in the style of the country (family name first where that is the custom)."""
    pick = rng.choice
    if country == "VN":
        middle = pick(VI_MIDDLE)
        return " ".join(p for p in (pick(VI_FAMILY), middle, pick(VI_GIVEN)) if p)
    if country == "LA":
        return f"{pick(LA_GIVEN)} {pick(LA_FAMILY)}"
    if country == "KH":
        return f"{pick(KH_FAMILY)} {pick(KH_GIVEN)}"
    if country == "CN":
        return f"{pick(CN_FAMILY)} {pick(CN_GIVEN)}"
    if country == "KR":
        return f"{pick(KR_FAMILY)} {pick(KR_GIVEN)}"
    if country == "JP":
        return f"{pick(JP_FAMILY)} {pick(JP_GIVEN)}"
    if country == "TH":
        return f"{pick(TH_GIVEN)} {pick(TH_FAMILY)}"
    return f"{pick(OTHER_GIVEN)} {pick(OTHER_FAMILY)}"


def body_of(code: str, name: str) -> str:
    """The signing body as a Vietnamese document names it."""
    if code.startswith("VN-"):
        return f"UBND tỉnh {name}"
    if code.startswith("CN-"):
        return f"Chính quyền nhân dân {name}"
    return f"Chính quyền {name}"
