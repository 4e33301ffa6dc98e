"""DejaVu Sans, bundled in resources/fonts, embedded in every PDF (Helvetica cannot print all of Unicode)."""
from __future__ import annotations

from ...paths import resources

FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resources() / "fonts"
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"), (ITALIC, "DejaVuSans-Oblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    for bold, italic, name in ((0, 0, FONT), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD)):
        addMapping(FONT, bold, italic, name)
    _registered = True


def width(text: str, size: float, font: str = FONT) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def fit(text: str, max_width: float, size: float, font: str = FONT) -> str:
    """The text cut with «…» so that it fits in max_width points."""
    if width(text, size, font) <= max_width:
        return text
    while text and width(text + "…", size, font) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"
