"""The serif font for PDF pages and charts: Times New Roman where installed, else Liberation Serif.

Official documents (Nghị định 30/2020) are set in Times New Roman. It is not free to bundle, so a
server without it (Debian: ttf-mscorefonts-installer) uses Liberation Serif (fonts-liberation2),
drawn to the same metrics: lines, page breaks and table widths come out as in Times New Roman.
DejaVu Serif is the last resort. `font_note()` says which one a PDF was set in.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

STYLES = ("regular", "bold", "italic", "bolditalic")
# Debian: fonts-liberation2 (or fonts-liberation); fonts-dejavu-core + fonts-dejavu-extra as a fallback.
FAMILIES = [
    (
        "TimesNewRoman",
        ["/usr/share/fonts/truetype/msttcorefonts"],
        {
            "regular": "Times_New_Roman.ttf",
            "bold": "Times_New_Roman_Bold.ttf",
            "italic": "Times_New_Roman_Italic.ttf",
            "bolditalic": "Times_New_Roman_Bold_Italic.ttf",
        },
    ),
    (
        "LiberationSerif",
        ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"],
        {
            "regular": "LiberationSerif-Regular.ttf",
            "bold": "LiberationSerif-Bold.ttf",
            "italic": "LiberationSerif-Italic.ttf",
            "bolditalic": "LiberationSerif-BoldItalic.ttf",
        },
    ),
    (
        "DejaVuSerif",
        ["/usr/share/fonts/truetype/dejavu"],
        {
            "regular": "DejaVuSerif.ttf",
            "bold": "DejaVuSerif-Bold.ttf",
            "italic": "DejaVuSerif-Italic.ttf",
            "bolditalic": "DejaVuSerif-BoldItalic.ttf",
        },
    ),
]


class FontMissing(RuntimeError):
    """No Unicode serif font covering Vietnamese was found."""


@cache
def serif_font() -> tuple[str, dict[str, Path]]:
    """(family name, {style: path}); HOPTAC_REPORT_FONT_DIR may point at a folder with either family."""
    extra = os.environ.get("HOPTAC_REPORT_FONT_DIR")
    for family, folders, files in FAMILIES:
        for folder in [extra, *folders] if extra else folders:
            paths = {style: Path(folder) / name for style, name in files.items()}
            if all(path.is_file() for path in paths.values()):
                return family, paths
    raise FontMissing(
        "no Vietnamese serif font found for the PDF: install the Debian package fonts-liberation2 "
        "(or fonts-dejavu-core and fonts-dejavu-extra), or set HOPTAC_REPORT_FONT_DIR to a folder "
        "holding LiberationSerif-Regular/Bold/Italic/BoldItalic.ttf"
    )


FAMILY_NOTES = {
    "TimesNewRoman": "Times New Roman",
    "LiberationSerif": "Liberation Serif (same metrics as Times New Roman, which is not installed)",
    "DejaVuSerif": "DejaVu Serif (Times New Roman and Liberation Serif are not installed)",
}


def font_note() -> str:
    """The font the PDF is set in, said plainly (it goes into the PDF's properties)."""
    family, _paths = serif_font()
    return "Font: " + FAMILY_NOTES.get(family, family)
