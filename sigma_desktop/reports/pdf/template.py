"""The page every SIGMA report prints on: header, footer with «Página x de y», title block, signatures."""
from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Sequence

from ..formatting import ReportMeta
from .fonts import BOLD, FONT, ITALIC, fit, register
from .styles import GRID, HEADER_BG, NAVY, TOTAL_BG, ZEBRA_BG, esc, styles

MM = 72 / 25.4
MARGIN_X = 14 * MM
MARGIN_TOP = 24 * MM
MARGIN_BOTTOM = 17 * MM


def page_size(landscape: bool):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turn

    return turn(A4) if landscape else A4


def content_width(landscape: bool) -> float:
    return page_size(landscape)[0] - 2 * MARGIN_X


def _numbered_canvas_class():
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Keeps every page until the end, then prints the footer with the total page count."""

        def __init__(self, *args, meta: ReportMeta, **kwargs):
            super().__init__(*args, **kwargs)
            self._meta = meta
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            meta = self._meta
            w, _h = self._pagesize
            y = MARGIN_BOTTOM - 7 * MM
            self.saveState()
            self.setStrokeColorRGB(0.6, 0.6, 0.6)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, y + 9, w - MARGIN_X, y + 9)
            self.setFont(FONT, 7.5)
            self.setFillColorRGB(0.25, 0.25, 0.25)
            self.drawString(MARGIN_X, y, f"Generado el {meta.generated_text()} (hora de Lima) · SIGMA Desktop")
            self.setFont(BOLD, 7.5)
            self.drawRightString(w - MARGIN_X, y, f"Página {self._pageNumber} de {total}")
            self.restoreState()

    return NumberedCanvas


def _draw_header(canvas, doc, meta: ReportMeta) -> None:
    w, h = canvas._pagesize
    top = h - 10 * MM
    canvas.saveState()
    canvas.setFillColorRGB(0x1F / 255, 0x4E / 255, 0x79 / 255)
    canvas.rect(MARGIN_X, top - 1.5, 2.2 * MM, -(len(meta.institution) * 9 + 2), stroke=0, fill=1)
    x = MARGIN_X + 4 * MM
    canvas.setFont(BOLD, 8.5)
    canvas.drawString(x, top - 8, meta.institution[0].upper())
    canvas.setFont(FONT, 7.5)
    canvas.setFillColorRGB(0.2, 0.2, 0.2)
    for i, line in enumerate(meta.institution[1:], start=1):
        canvas.drawString(x, top - 8 - 9 * i, fit(line, w / 2 - x, 7.5))
    canvas.setFont(BOLD, 8)
    canvas.setFillColorRGB(0x1F / 255, 0x4E / 255, 0x79 / 255)
    canvas.drawRightString(w - MARGIN_X, top - 8, fit(meta.title, w / 2 - MARGIN_X, 8, BOLD))
    canvas.setFont(FONT, 7.5)
    canvas.setFillColorRGB(0.2, 0.2, 0.2)
    if meta.subtitle:
        canvas.drawRightString(w - MARGIN_X, top - 17, fit(meta.subtitle, w / 2 - MARGIN_X, 7.5))
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setLineWidth(0.5)
    line_y = h - MARGIN_TOP + 4 * MM
    canvas.line(MARGIN_X, line_y, w - MARGIN_X, line_y)
    canvas.restoreState()


def build(path: str | Path, meta: ReportMeta, story: list, *, landscape: bool = False) -> Path:
    """Lays out the story on A4 pages with SIGMA's header and footer."""
    register()
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    size = page_size(landscape)
    doc = BaseDocTemplate(str(path), pagesize=size, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                          topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=meta.title,
                          author=meta.prepared_by or "SIGMA Desktop", creator="SIGMA Desktop",
                          subject=meta.subtitle, lang="es-PE", initialFontName=FONT,
                          keywords=meta.extra.get("stamp") or "")
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, size[0] - 2 * MARGIN_X, size[1] - MARGIN_TOP - MARGIN_BOTTOM,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=partial(_draw_header, meta=meta))])
    doc.build(story, canvasmaker=partial(_numbered_canvas_class(), meta=meta))
    return Path(path)


# --- blocks ----------------------------------------------------------------------------------------

def title_block(meta: ReportMeta, landscape: bool = False) -> list:
    """The report's title, subtitle and a table of the period and filters."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    s = styles()
    story = [Paragraph(esc(meta.title), s["title"])]
    if meta.subtitle:
        story.append(Paragraph(esc(meta.subtitle), s["subtitle"]))
    rows = [[Paragraph(f"<b>{esc(label)}</b>", s["cell"]), Paragraph(esc(value), s["cell"])]
            for label, value in meta.filters]
    if rows:
        total = content_width(landscape)
        table = Table(rows, colWidths=[40 * MM, min(total - 40 * MM, 140 * MM)], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEF2F7")),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor(GRID)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        story.append(table)
    story.append(Spacer(1, 4 * MM))
    return story


def closing_block(meta: ReportMeta, landscape: bool = False, tail: Sequence = ()) -> list:
    """The signature blocks and, once and small, the verification code, kept together on the last page
    with `tail`: the last flowables of the body (a short last table, its legend), so that the signatures
    never stand alone on a page."""
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    from ..formatting import verification_code

    s = styles()
    parts = [*tail, Spacer(1, 14 * MM)]
    cells = []
    for label, name, role in meta.signatures:
        text = "_" * 34 + f"<br/><b>{esc(label)}</b>"
        if name:
            text += f"<br/>{esc(name)}"
        if role:
            text += f"<br/><font name='{ITALIC}'>{esc(role)}</font>"
        cells.append(Paragraph(text, s["sign"]))
    width = content_width(landscape)
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("LINEABOVE", (0, 0), (-1, 0), 0, colors.white)]))
    parts.append(table)
    digest = meta.extra.get("checksum")
    if digest:
        parts += [Spacer(1, 5 * MM), Paragraph(
            f"Código de verificación: <b>{verification_code(digest)}</b> — calculado de las cifras de este reporte; "
            "«sigma verify ARCHIVO» o Reportes → «Verificar un reporte…» lo vuelve a calcular desde la base de "
            "datos.", s["code"])]
    return [KeepTogether(parts)]


def split_tail(story: list, rows: int = 6, whole: int = 28) -> tuple[list, list]:
    """Splits the end of a story into (body, tail): the tail is the last table (whole when it has at most
    `whole` rows, else cut to its last `rows` rows with the header repeated) and whatever notes follow it,
    to keep with the signatures."""
    from reportlab.platypus import Table

    tail: list = []
    body = list(story)
    while body and not isinstance(body[-1], Table):
        tail.insert(0, body.pop())
    if not body:
        return list(story), []
    table = body.pop()
    head, last = _cut_table(table, rows if len(table._cellvalues) > whole else len(table._cellvalues))
    if head is not None:
        body.append(head)
        return body, [last, *tail]
    # the whole table goes with the signatures: so does its heading, never left alone above
    from reportlab.platypus import CondPageBreak, Paragraph

    lead: list = []
    while body and (isinstance(body[-1], CondPageBreak) or (
            isinstance(body[-1], Paragraph) and body[-1].style.name in ("h1", "h2"))):
        lead.insert(0, body.pop())
    return body, [*lead, last, *tail]


def _cut_table(table, rows: int):
    """(first part or None, last part) of a data table, each with the header rows."""
    from reportlab.platypus import Table, TableStyle

    nh = table.repeatRows if isinstance(table.repeatRows, int) else len(table.repeatRows)
    data = table._cellvalues
    n = len(data) - nh
    if n <= rows:
        return None, table
    cut = len(data) - rows
    commands = getattr(table, "_sigma_commands", None)
    if commands is None:
        return None, table

    def part(lo: int, hi: int):
        body = data[:nh] + data[lo:hi]
        t = Table(body, colWidths=table._colWidths, repeatRows=nh, hAlign=table.hAlign)
        t.setStyle(TableStyle(_shift(commands, nh, lo, hi)))
        t._sigma_commands = _shift(commands, nh, lo, hi)
        return t

    return part(nh, cut), part(cut, len(data))


def _shift(commands, nh: int, lo: int, hi: int) -> list:
    """The style commands of rows [lo, hi) renumbered for a table holding the header and those rows."""
    out = []
    for cmd in commands:
        (c0, r0), (c1, r1) = cmd[1], cmd[2]
        if r0 < 0 or r1 < 0:
            out.append(cmd)
            continue
        if r1 < nh:  # header rows
            out.append(cmd)
            continue
        if r0 < nh <= r1:  # header and body together (grid lines): keep for the whole table
            out.append((cmd[0], (c0, r0), (c1, -1), *cmd[3:]))
            continue
        if r0 >= hi or r1 < lo:
            continue
        a, b = max(r0, lo) - lo + nh, min(r1, hi - 1) - lo + nh
        out.append((cmd[0], (c0, a), (c1, b), *cmd[3:]))
    return out


def heading(text: str, level: int = 1) -> list:
    """A heading that never stays alone at the foot of a page (and lets a long table start below it)."""
    from reportlab.platypus import CondPageBreak, Paragraph

    return [CondPageBreak(40 * MM), Paragraph(esc(text), styles()["h1" if level == 1 else "h2"])]


def note(text: str):
    from reportlab.platypus import Paragraph

    return Paragraph(esc(text), styles()["note"])


CellStyler = Callable[[int, Sequence, int], list]


def data_tables(header_rows: Sequence[Sequence], rows: Sequence[Sequence], col_widths: Sequence[float], *,
                font_size: float = 7.5, align_right_from: int = 1, row_styles: CellStyler | None = None,
                header_styles: Sequence[tuple] = (), rows_per_table: int = 36, total_rows: set[int] = frozenset(),
                wrap_cols: frozenset[int] = frozenset(), plain_header_rows: frozenset[int] = frozenset()
                ) -> list:
    """Rows as page-sized tables (each with the header rows), so layout time grows linearly.

    Cells are plain strings cut to fit their column (fast); `row_styles(r, row, index)` adds
    TableStyle commands for the table row r of rows[index] such as background colours.
    """
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    nh = len(header_rows)
    out = []
    leading = font_size + 2.5
    for start in range(0, max(len(rows), 1), rows_per_table):
        chunk = rows[start:start + rows_per_table]
        body = []
        for i, row in enumerate(chunk):
            cells = []
            bold = (start + i) in total_rows
            for c, value in enumerate(row):
                text = "" if value is None else str(value)
                if c in wrap_cols:
                    cells.append(Paragraph(f"<b>{esc(text)}</b>" if bold else esc(text), _cell_style(font_size)))
                else:
                    cells.append(fit(text, col_widths[c] - 4, font_size))
            body.append(cells)
        header = [[h if i in plain_header_rows or not isinstance(h, str) or not h
                   else Paragraph(f"<b>{esc(h)}</b>", _header_style(font_size)) for h in hr]
                  for i, hr in enumerate(header_rows)]
        table = Table(header + body, colWidths=list(col_widths), repeatRows=nh, hAlign="LEFT")
        commands = [
            ("FONT", (0, 0), (-1, -1), FONT, font_size, leading),
            ("BACKGROUND", (0, 0), (-1, nh - 1), colors.HexColor(HEADER_BG)),
            ("VALIGN", (0, 0), (-1, nh - 1), "MIDDLE"),
            ("VALIGN", (0, nh), (-1, -1), "MIDDLE"),
            ("GRID", (0, 0), (-1, -1), 0.35, colors.HexColor(GRID)),
            ("ALIGN", (align_right_from, nh), (-1, -1), "RIGHT"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            *[cmd for i in plain_header_rows for cmd in (
                ("FONT", (0, i), (-1, i), BOLD, font_size, leading), ("TEXTCOLOR", (0, i), (-1, i), colors.white),
                ("ALIGN", (0, i), (-1, i), "CENTER"))],
            *header_styles,
        ]
        for i in range(len(chunk)):
            r = nh + i
            if (start + i) in total_rows:
                commands += [("BACKGROUND", (0, r), (-1, r), colors.HexColor(TOTAL_BG)),
                             ("FONT", (0, r), (-1, r), BOLD, font_size, leading)]
            elif i % 2:
                commands.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor(ZEBRA_BG)))
            if row_styles is not None:
                commands += row_styles(r, chunk[i], start + i)
        table.setStyle(TableStyle(commands))
        table._sigma_commands = commands  # so that split_tail can cut it
        out.append(table)
    return out


@lru_cache(maxsize=8)
def _cell_style(size: float):
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"td{size}", styles()["base"], fontSize=size, leading=size + 2)


@lru_cache(maxsize=8)
def _header_style(size: float):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"th{size}", styles()["base"], fontName=BOLD, fontSize=size, leading=size + 2,
                          textColor=colors.white, alignment=TA_CENTER)


def legend_text() -> str:
    from ..formatting import AMBER_BELOW, RED_BELOW

    return (f"Ejecución baja: en ámbar cuando lo ejecutado es menor al {AMBER_BELOW:.0f} % de lo planificado y en "
            f"rojo cuando es menor al {RED_BELOW:.0f} %.")


def finish(story: list, meta: ReportMeta, landscape: bool = False) -> list:
    """The story with its end kept together with the signatures and the verification code."""
    body, tail = split_tail(story)
    return body + closing_block(meta, landscape, tail)


__all__ = ["MM", "NAVY", "build", "closing_block", "content_width", "data_tables", "finish", "heading",
           "legend_text", "note", "split_tail", "title_block"]
