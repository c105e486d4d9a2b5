"""Bar charts drawn with Pillow as PNG (light: no plotting library), labelled the Vietnamese way."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from hoptac.reports.fonts import serif_font
from hoptac.reports.formatting import format_number
from hoptac.reports.model import Chart

SCALE = 2  # drawn at twice the size so the picture stays sharp when printed
WIDTH = 900
BAR = 26
GAP = 12
BLUE = (31, 78, 121)


def chart_png(chart: Chart) -> bytes:
    """A horizontal bar chart: title on top, a label and a value beside each bar."""
    _, paths = serif_font()
    font = ImageFont.truetype(str(paths["regular"]), 15 * SCALE)
    bold = ImageFont.truetype(str(paths["bold"]), 16 * SCALE)
    label_width = max((font.getlength(label) for label, _ in chart.bars), default=0) / SCALE
    label_width = min(max(label_width, 60), WIDTH * 0.4)
    top = 44
    height = top + len(chart.bars) * (BAR + GAP) + GAP
    image = Image.new("RGB", (WIDTH * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    draw.text((WIDTH * SCALE / 2, 12 * SCALE), chart.title, font=bold, fill="black", anchor="mt")
    left = 16 + label_width + 10
    room = WIDTH - left - 90
    largest = max((value for _, value in chart.bars), default=0) or 1
    for i, (label, value) in enumerate(chart.bars):
        y = top + i * (BAR + GAP)
        middle = (y + BAR / 2) * SCALE
        draw.text(
            ((left - 10) * SCALE, middle),
            _fit(label, font, label_width * SCALE),
            font=font,
            fill="black",
            anchor="rm",
        )
        length = max(room * value / largest, 1 if value else 0)
        draw.rectangle([left * SCALE, y * SCALE, (left + length) * SCALE, (y + BAR) * SCALE], fill=BLUE)
        draw.text(
            ((left + length + 6) * SCALE, middle),
            format_number(value, 1),
            font=font,
            fill="black",
            anchor="lm",
        )
    draw.line(
        [left * SCALE, (top - 4) * SCALE, left * SCALE, (height - GAP / 2) * SCALE], fill="black", width=SCALE
    )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _fit(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """Shorten a label with "…" until it fits."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


def chart_size(png: bytes) -> tuple[int, int]:
    """The picture's size in pixels."""
    with Image.open(io.BytesIO(png)) as image:
        return image.size
