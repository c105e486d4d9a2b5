import pytest

from hoptac.sources.titles import display_title

PAGE = "Trang chủ Hữu nghị Bốn phương kết bạn\n15:56 | 12/12/2024 GMT+7\n\nNâng cao hiệu quả hợp tác giữa Kon Tum với tỉnh Attapeu và Sê Kông (Lào)\n\nSáng ngày 12/12, ..."
BODY = "(kontumtv.vn) - Sáng 28/12, tại Hội trường Ngọc Linh, thành phố Kon Tum đã diễn ra lễ ký kết hợp tác giữa tỉnh Kon Tum với tỉnh Stung Treng, Vương quốc Campuchia, với đoàn đại biểu cấp cao của hai tỉnh và các sở ngành.\nThanh Tùng - Đức Thắng"


@pytest.mark.parametrize(
    ("title", "text", "shown"),
    [
        (
            "Trang chủ Hữu nghị Bốn phương kết bạn",
            PAGE,
            "Nâng cao hiệu quả hợp tác giữa Kon Tum với tỉnh Attapeu và Sê Kông (Lào)",
        ),
        ("001_f398834f10d77592", BODY, "Sáng 28/12, tại Hội trường Ngọc Linh, thành phố Kon Tum đã diễn ra…"),
        (
            "Kon Tum và Sekong ký Bản ghi nhớ hợp tác giai đoạn 2022-2027. |",
            "",
            "Kon Tum và Sekong ký Bản ghi nhớ hợp tác giai đoạn 2022-2027.",
        ),
        (
            "Tăng cường quan hệ hữu nghị, hợp tác Thừa Thiên Huế - Champasak (Lào)",
            PAGE,
            "Tăng cường quan hệ hữu nghị, hợp tác Thừa Thiên Huế - Champasak (Lào)",
        ),
    ],
)
def test_titles_without_page_chrome(title: str, text: str, shown: str) -> None:
    assert display_title(title, text) == shown
