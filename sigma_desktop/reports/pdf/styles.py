"""Paragraph and table styles shared by the printed reports."""
from __future__ import annotations

from functools import lru_cache

from .fonts import BOLD, FONT, ITALIC, register

NAVY = "#1F4E79"
HEADER_BG = "#1F4E79"
TOTAL_BG = "#DDE5F0"
ZEBRA_BG = "#F5F7FA"
GRID = "#B0B7C3"
AMBER = "#FFE08A"
RED = "#F4B6A8"
SEVERITY_BG = {"amber": AMBER, "red": RED}


@lru_cache(maxsize=1)
def styles() -> dict:
    register()
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    s = {
        "base": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=15, leading=19, spaceAfter=4,
                                textColor=colors.HexColor(NAVY)),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10, leading=13, spaceAfter=8,
                                   textColor=colors.HexColor("#404040")),
        "h1": ParagraphStyle("h1", base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=6,
                             textColor=colors.HexColor(NAVY)),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=4),
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9.5),
        "note": ParagraphStyle("note", base, fontName=ITALIC, fontSize=7.5, leading=9.5,
                               textColor=colors.HexColor("#505050"), spaceBefore=3),
        "cell": ParagraphStyle("cell", base, fontSize=7.5, leading=9),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=BOLD, fontSize=7.5, leading=9),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=7.5, leading=9, alignment=TA_RIGHT),
        "center": ParagraphStyle("center", base, alignment=TA_CENTER),
        "sign": ParagraphStyle("sign", base, fontSize=8, leading=10, alignment=TA_CENTER),
        "mono": ParagraphStyle("mono", base, fontSize=7.5, leading=9),
        "code": ParagraphStyle("code", base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#505050")),
    }
    return s


def esc(text: object) -> str:
    """Text for a Paragraph (which reads a little XML)."""
    from xml.sax.saxutils import escape

    return escape("" if text is None else str(text))
