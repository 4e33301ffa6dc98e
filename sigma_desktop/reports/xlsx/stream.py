"""A small streaming XLSX writer: rows go straight into the zipped sheet XML, in constant memory.

Why not a library (measured in bench/bench_exports.py, figures in docs/performance.md): writing
400,000 activity rows, openpyxl's write-only mode and xlsxwriter's constant-memory mode both spend
several microseconds per cell in generic per-cell dispatch, and xlsxwriter comes to about two
thirds of openpyxl's time, short of the goal of half; pyexcelerate keeps the whole sheet in memory.
This writer does only what SIGMA's workbooks use (inline strings, numbers, dates, a fixed table of
cell styles, column widths, frozen panes, autofilter, print setup) and builds each row as one string.

Files open in Excel, LibreOffice and openpyxl (the tests read every workbook back with openpyxl).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

MAX_ROWS = 1_048_576
MAX_SHEET_BYTES = 1_800_000_000  # below zipfile's 2 GiB limit for an entry written without ZIP64
_EPOCH = date(1899, 12, 30).toordinal()
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    s, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass(frozen=True)
class _Xf:
    num_fmt: str | None = None
    bold: bool = False
    size: float = 10.0
    color: str | None = None  # font colour, ARGB
    italic: bool = False
    fill: str | None = None  # background, ARGB
    border: bool = False
    wrap: bool = False
    align: str | None = None  # horizontal: left, center, right
    valign: str | None = None


_INT, _DEC1, _DEC2 = "#,##0", "#,##0.0", "#,##0.00"
# shares are stored as fractions (0.867) and shown as per cent: numbers a spreadsheet can compute with
_PCT, _SOLES, _DATE = "0.0%", '"S/ "#,##0.00', "dd/mm/yyyy"
HEADER_FILL, TOTAL_FILL, LABEL_FILL = "FF1F4E79", "FFDDE5F0", "FFF2F2F2"
AMBER_FILL, RED_FILL = "FFFFE08A", "FFF4B6A8"

# The cell styles every SIGMA workbook may use, by name. Index 0 is the default style.
STYLES: dict[str, _Xf] = {
    "default": _Xf(),
    "title": _Xf(bold=True, size=14),
    "subtitle": _Xf(bold=True, size=11),
    "note": _Xf(italic=True, color="FF595959"),
    "header": _Xf(bold=True, color="FFFFFFFF", fill=HEADER_FILL, border=True, wrap=True, valign="center",
                  align="center"),
    "text": _Xf(border=True),
    "wrap": _Xf(border=True, wrap=True, valign="top"),
    "label": _Xf(bold=True, fill=LABEL_FILL, border=True, wrap=True, valign="top"),
    "int": _Xf(_INT, border=True),
    "dec1": _Xf(_DEC1, border=True),
    "dec2": _Xf(_DEC2, border=True),
    "pct": _Xf(_PCT, border=True),
    "soles": _Xf(_SOLES, border=True),
    "date": _Xf(_DATE, border=True),
    "pct_amber": _Xf(_PCT, border=True, fill=AMBER_FILL),
    "pct_red": _Xf(_PCT, border=True, fill=RED_FILL),
    "total_text": _Xf(bold=True, fill=TOTAL_FILL, border=True),
    "total_int": _Xf(_INT, bold=True, fill=TOTAL_FILL, border=True),
    "total_pct": _Xf(_PCT, bold=True, fill=TOTAL_FILL, border=True),
    "total_pct_amber": _Xf(_PCT, bold=True, fill=AMBER_FILL, border=True),
    "total_pct_red": _Xf(_PCT, bold=True, fill=RED_FILL, border=True),
    "total_soles": _Xf(_SOLES, bold=True, fill=TOTAL_FILL, border=True),
    "plain_int": _Xf(_INT),
    "plain_dec2": _Xf(_DEC2),
    "plain_date": _Xf(_DATE),
}
STYLE_IDS = {name: i for i, name in enumerate(STYLES)}
NUMBER_STYLES = {"n": "int", "%": "pct", "prom": "dec1", "dias": "dec1", "S/": "soles"}


def _text(value: str) -> str:
    if len(value) > 32767:
        value = value[:32767]
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    value = escape(value)
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def _cell(ref: str, value, style: int) -> str:
    """One <c> element, or "" for an empty value."""
    s = f' s="{style}"' if style else ""
    t = type(value)
    if t is str:
        return f'<c r="{ref}"{s} t="inlineStr">{_text(value)}</c>' if value else ""
    if t is int:
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if t is float:
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>' if value == value and abs(value) != float("inf") else ""
    if value is None:
        return f'<c r="{ref}"{s}/>' if style else ""
    if t is bool:
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if t is datetime:
        serial = value.toordinal() - _EPOCH + (value.hour * 3600 + value.minute * 60 + value.second) / 86400
        return f'<c r="{ref}"{s or _DATE_S}><v>{serial!r}</v></c>'
    if t is date:
        return f'<c r="{ref}"{s or _DATE_S}><v>{value.toordinal() - _EPOCH}</v></c>'
    if isinstance(value, Decimal):
        return _cell(ref, float(value), style)
    if isinstance(value, int):  # IntEnum, numpy-like ints
        return _cell(ref, int(value), style)
    return _cell(ref, str(value), style)


_DATE_S = f' s="{STYLE_IDS["plain_date"]}"'
_TAB_SELECTED = ' tabSelected="1"'


class Sheet:
    """One worksheet being written: rows are appended in order and never held in memory."""

    def __init__(self, book: "XlsxWriter", name: str, index: int, widths: Sequence[float], freeze: str | None,
                 landscape: bool, print_title_rows: tuple[int, int] | None, header_title: str = ""):
        self.book, self.name, self.index = book, name, index
        self._header_title = header_title
        self.rows_written = 0
        self.bytes_written = 0
        self._autofilter: tuple[int, int, int] | None = None
        self._print_titles = print_title_rows
        self._landscape = landscape
        self._ncols = max(len(widths), 1)
        self._letters = [column_letter(i) for i in range(max(len(widths), 64))]
        self._buffer: list[str] = []
        self._fh = book._zip.open(f"xl/worksheets/sheet{index}.xml", "w")
        head = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" '
                f'xmlns:r="{NS_R}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews>'
                f'<sheetView workbookViewId="0"{_TAB_SELECTED if index == 1 else ""}>']
        if freeze:
            col, row = _split_ref(freeze)
            attrs, pane = [], "bottomLeft"
            if col > 0:
                attrs.append(f'xSplit="{col}"')
                pane = "topRight"
            if row > 1:
                attrs.append(f'ySplit="{row - 1}"')
                pane = "bottomRight" if col > 0 else "bottomLeft"
            head.append(f'<pane {" ".join(attrs)} topLeftCell="{freeze}" activePane="{pane}" state="frozen"/>'
                        f'<selection pane="{pane}" activeCell="{freeze}" sqref="{freeze}"/>')
        head.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        if widths:
            head.append("<cols>")
            head += [f'<col min="{i}" max="{i}" width="{w:.2f}" customWidth="1"/>'
                     for i, w in enumerate(widths, start=1)]
            head.append("</cols>")
        head.append("<sheetData>")
        self._write("".join(head))

    def _write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.bytes_written += len(data)
        self._fh.write(data)

    @property
    def full(self) -> bool:
        """True when another row would pass Excel's row limit or the safe size of one sheet."""
        return self.rows_written >= MAX_ROWS or self.bytes_written >= MAX_SHEET_BYTES

    def _letter(self, col: int) -> str:
        while col >= len(self._letters):
            self._letters.append(column_letter(len(self._letters)))
        return self._letters[col]

    def append(self, values: Sequence, style: str | Sequence[str | None] | None = None,
               height: float | None = None) -> int:
        """Adds one row; `style` is one style name for the whole row or one per cell. Returns its number."""
        if self.rows_written >= MAX_ROWS:
            raise ValueError("La hoja superó el límite de filas de Excel.")
        n = self.rows_written + 1
        if style is None or isinstance(style, str):
            ids = [STYLE_IDS[style or "default"]] * len(values)
        else:
            ids = [STYLE_IDS[s or "default"] for s in style]
            ids += [0] * (len(values) - len(ids))
        ht = f' ht="{height}" customHeight="1"' if height else ""
        cells = "".join(_cell(f"{self._letter(c)}{n}", v, ids[c]) for c, v in enumerate(values))
        self._buffer.append(f'<row r="{n}"{ht}>{cells}</row>')
        self.rows_written = n
        if len(self._buffer) >= 500:
            self.flush()
        return n

    def extend(self, rows: Iterable[Sequence], styles: Sequence[str | None]) -> int:
        """The fast path for long detail sheets: many rows with one style per column."""
        ids = [STYLE_IDS[s or "default"] for s in styles]
        letters = [self._letter(c) for c in range(len(ids))]
        cols = [(letter, f' s="{sid}"' if sid else "", sid) for letter, sid in zip(letters, ids)]
        buffer = self._buffer
        n = self.rows_written
        count = 0
        for values in rows:
            n += 1
            if n > MAX_ROWS:
                raise ValueError("La hoja superó el límite de filas de Excel.")
            parts = [f'<row r="{n}">']
            for (letter, s, sid), v in zip(cols, values):
                if v is None:
                    continue
                t = type(v)
                if t is str:
                    if v:
                        body = f"<is><t>{v}</t></is>" if v.isalnum() and len(v) < 32768 else _text(v)
                        parts.append(f'<c r="{letter}{n}"{s} t="inlineStr">{body}</c>')
                elif t is int:
                    parts.append(f'<c r="{letter}{n}"{s}><v>{v}</v></c>')
                else:
                    parts.append(_cell(f"{letter}{n}", v, sid))
            parts.append("</row>")
            buffer.append("".join(parts))
            count += 1
            if len(buffer) >= 1000:
                self.rows_written = n
                self.flush()
        self.rows_written = n
        return count

    def flush(self) -> None:
        if self._buffer:
            self._write("".join(self._buffer))
            self._buffer.clear()

    def autofilter(self, header_row: int, first_col: int = 0, last_col: int | None = None) -> None:
        """Autofilter from the header row down to the last row written when the sheet closes."""
        self._autofilter = (header_row, first_col, self._ncols - 1 if last_col is None else last_col)

    def close(self) -> None:
        self.flush()
        tail = ["</sheetData>"]
        if self._autofilter:
            tail.append(f'<autoFilter ref="{self.autofilter_ref()}"/>')
        title = self._header_title.replace("&", "&&")
        header = f"<oddHeader>{escape('&C&B' + title)}</oddHeader>" if title else ""
        tail.append('<printOptions horizontalCentered="1"/>'
                    '<pageMargins left="0.4" right="0.4" top="0.7" bottom="0.6" header="0.3" footer="0.3"/>'
                    f'<pageSetup paperSize="9" orientation="{"landscape" if self._landscape else "portrait"}" '
                    'fitToWidth="1" fitToHeight="0"/>'
                    f'<headerFooter>{header}<oddFooter>&amp;L&amp;A&amp;RPágina &amp;P de &amp;N</oddFooter>'
                    "</headerFooter></worksheet>")
        self._write("".join(tail))
        self._fh.close()

    def autofilter_ref(self) -> str | None:
        if not self._autofilter:
            return None
        row, c1, c2 = self._autofilter
        last = max(self.rows_written, row)
        return f"{self._letter(c1)}{row}:{self._letter(c2)}{last}"

    def defined_names(self) -> list[str]:
        out = []
        quoted = "'" + self.name.replace("'", "''") + "'"
        if self._autofilter:
            row, c1, c2 = self._autofilter
            last = max(self.rows_written, row)
            out.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{self.index - 1}" hidden="1">'
                       f"{escape(quoted)}!${self._letter(c1)}${row}:${self._letter(c2)}${last}</definedName>")
        if self._print_titles:
            a, b = self._print_titles
            out.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{self.index - 1}">'
                       f"{escape(quoted)}!${a}:${b}</definedName>")
        if self.rows_written:  # what is printed: every written row, the sheet's columns
            out.append(f'<definedName name="_xlnm.Print_Area" localSheetId="{self.index - 1}">'
                       f"{escape(quoted)}!$A$1:${self._letter(self._ncols - 1)}${self.rows_written}</definedName>")
        return out


def _split_ref(ref: str) -> tuple[int, int]:
    """"B3" → (1, 3): zero-based column, one-based row."""
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return col - 1, int(m.group(2))


def safe_sheet_name(name: str, taken: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", name).strip("'")[:31] or "Hoja"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = base[:31 - len(suffix)] + suffix
        n += 1
    return candidate


class XlsxWriter:
    """A workbook written sheet after sheet: `sheet()` starts the next one and closes the previous."""

    def __init__(self, path: str | Path, *, title: str = "", author: str = "SIGMA Desktop",
                 compresslevel: int = 1, keywords: str = ""):
        self.path = Path(path)
        self.title, self.author, self.keywords = title, author, keywords
        self._zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._sheets: list[Sheet] = []
        self._current: Sheet | None = None
        self._names: set[str] = set()

    def __enter__(self) -> "XlsxWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def sheet(self, name: str, widths: Sequence[float] = (), *, freeze: str | None = None,
              landscape: bool = False, print_title_rows: tuple[int, int] | None = None,
              header_title: str | None = None) -> Sheet:
        """The next sheet; every printed page carries `header_title` (the workbook's title by default) at the
        top and the sheet's name and «Página x de y» at the bottom."""
        if self._current is not None:
            self._current.close()
        name = safe_sheet_name(name, self._names)
        self._names.add(name.lower())
        sheet = Sheet(self, name, len(self._sheets) + 1, widths, freeze, landscape, print_title_rows,
                      self.title if header_title is None else header_title)
        self._sheets.append(sheet)
        self._current = sheet
        return sheet

    def abort(self) -> None:
        try:
            if self._current is not None:
                self._current._fh.close()
            self._zip.close()
        finally:
            self.path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        if not self._sheets:
            self.sheet("Hoja1").close()
            self._current = None
        z = self._zip
        n = len(self._sheets)
        z.writestr("[Content_Types].xml", _content_types(n))
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("docProps/core.xml", _core(self.title, self.author, self.keywords))
        z.writestr("docProps/app.xml", _APP)
        z.writestr("xl/workbook.xml", _workbook(self._sheets))
        z.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(n))
        z.writestr("xl/styles.xml", styles_xml())
        z.close()


# --- the package's fixed parts ---------------------------------------------------------------------

def _content_types(n: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/'
            'vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            f"{sheets}</Types>")


_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/officeDocument" Target="xl/workbook.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
              'metadata/core-properties" Target="docProps/core.xml"/>'
              '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/extended-properties" Target="docProps/app.xml"/>'
              "</Relationships>")

_APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>SIGMA Desktop</Application></Properties>")


def _core(title: str, author: str, keywords: str = "") -> str:
    from datetime import timezone

    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/'
            'dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
            + (f"<cp:keywords>{escape(keywords)}</cp:keywords>" if keywords else "") +
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "</cp:coreProperties>")


def _workbook(sheets: list[Sheet]) -> str:
    entries = "".join(f"<sheet name={quoteattr(s.name)} sheetId=\"{s.index}\" r:id=\"rId{s.index}\"/>"
                      for s in sheets)
    names = [d for s in sheets for d in s.defined_names()]
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{NS}" xmlns:r="{NS_R}"><bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{entries}</sheets>{defined}</workbook>")


def _workbook_rels(n: int) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{NS_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
    rels += f'<Relationship Id="rId{n + 1}" Type="{NS_R}/styles" Target="styles.xml"/>'
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>")


def styles_xml() -> str:
    num_fmts: dict[str, int] = {}
    fonts: dict[tuple, int] = {(False, 10.0, None, False): 0}
    fills: dict[str | None, int] = {None: 0, "gray125": 1}
    xfs = []
    for xf in STYLES.values():
        fmt_id = 0
        if xf.num_fmt:
            fmt_id = num_fmts.setdefault(xf.num_fmt, 164 + len(num_fmts))
        font_id = fonts.setdefault((xf.bold, xf.size, xf.color, xf.italic), len(fonts))
        fill_id = fills.setdefault(xf.fill, len(fills))
        attrs = (f'numFmtId="{fmt_id}" fontId="{font_id}" fillId="{fill_id}" borderId="{1 if xf.border else 0}" '
                 f'xfId="0"')
        if fmt_id:
            attrs += ' applyNumberFormat="1"'
        if font_id:
            attrs += ' applyFont="1"'
        if fill_id:
            attrs += ' applyFill="1"'
        if xf.border:
            attrs += ' applyBorder="1"'
        align = ""
        if xf.wrap or xf.align or xf.valign:
            parts = []
            if xf.align:
                parts.append(f'horizontal="{xf.align}"')
            if xf.valign:
                parts.append(f'vertical="{xf.valign}"')
            if xf.wrap:
                parts.append('wrapText="1"')
            align = f"<alignment {' '.join(parts)}/>"
            attrs += ' applyAlignment="1"'
        xfs.append(f"<xf {attrs}>{align}</xf>" if align else f"<xf {attrs}/>")
    fmt_xml = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>' for code, i in num_fmts.items())
    font_xml = []
    for bold, size, color, italic in fonts:
        inner = ("<b/>" if bold else "") + ("<i/>" if italic else "") + f'<sz val="{size:g}"/>'
        inner += f'<color rgb="{color}"/>' if color else '<color theme="1"/>'
        font_xml.append(f'<font>{inner}<name val="Calibri"/><family val="2"/></font>')
    fill_xml = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']
    for rgb in list(fills)[2:]:
        fill_xml.append(f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/><bgColor indexed="64"/>'
                        "</patternFill></fill>")
    thin = '<{0} style="thin"><color rgb="FFBFBFBF"/></{0}>'
    border_xml = ("<border><left/><right/><top/><bottom/><diagonal/></border>"
                  f"<border>{thin.format('left')}{thin.format('right')}{thin.format('top')}"
                  f"{thin.format('bottom')}<diagonal/></border>")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<styleSheet xmlns="{NS}">'
            f'<numFmts count="{len(num_fmts)}">{fmt_xml}</numFmts>'
            f'<fonts count="{len(font_xml)}">{"".join(font_xml)}</fonts>'
            f'<fills count="{len(fill_xml)}">{"".join(fill_xml)}</fills>'
            f'<borders count="2">{border_xml}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>")
