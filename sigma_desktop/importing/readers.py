"""Opening a file that came from outside: what it is, whether it is safe to read, and its sheets.

The kind of file is told by its bytes, not its name: an xlsx (or ods) is a zip, an old xls or a
password-protected xlsx is an OLE compound file, a DBF has its own header, anything else is read as
CSV text. Bounds are checked before anything large is parsed: file size, unpacked size of the zip,
number of zip members, rows and columns; XML with a DOCTYPE (entity expansion, «billion laughs») is
refused outright, whichever reader would parse it (openpyxl also refuses it through defusedxml).

xlsx is read with python-calamine (Rust) when it is installed: about 17× faster than openpyxl's
read-only mode on the same file (see docs/performance.md); openpyxl is the fallback.
"""
from __future__ import annotations

import csv
import io
import os
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .dbf import DbfError, looks_like_dbf, read_dbf
from .problems import FileRejected

MAX_FILE_BYTES = 64 * 1024 * 1024       # a 250,000-row xlsx is about 15 MB
MAX_UNPACKED_BYTES = 768 * 1024 * 1024  # sum of the zip members once uncompressed
MAX_ZIP_MEMBERS = 2000
MAX_ROWS = 250_000                      # rows of one sheet, header and titles included
MAX_COLUMNS = 200
# characters of text a file may put in its cells once read: an xlsx cell holding a shared string gets
# its own copy of it (in the reader and again in Python), so 8 KB on disk can ask for gigabytes — one
# 1-million-character string referenced by 2,000 cells. Counted from the file before a cell is read
# (`_check_text_budget`). A 250,000-row import of twelve columns has about 40 million.
MAX_TEXT_CHARS = 100_000_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_LE, _UTF16_BE = b"\xff\xfe", b"\xfe\xff"
_TEXT_BYTES = bytes([9, 10, 12, 13, *range(32, 127), *range(128, 256)])  # what text has (control bytes aside)
_ZIP = b"PK\x03\x04"
_ENCRYPTED_NAMES = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_NOT_SPREADSHEETS = {b"%PDF": "un documento PDF", b"\x89PNG": "una imagen PNG", b"\xff\xd8\xff": "una imagen JPEG",
                     b"GIF8": "una imagen GIF", b"Rar!": "un archivo RAR", b"7z\xbc\xaf": "un archivo 7z",
                     b"\x1f\x8b": "un archivo comprimido gzip", b"MZ": "un programa"}


@dataclass
class Sheet:
    """The used area of one sheet: `rows[i][j]` is the cell at spreadsheet row `first_row + i` (1-based)
    and column `first_col + j` (0-based: 0 is column A). Empty cells are None or ""."""

    name: str
    rows: list[list]
    first_row: int = 1
    first_col: int = 0


@dataclass
class Workbook:
    path: Path
    format: str                      # "xlsx", "ods", "xls", "csv", "dbf"
    sheet_names: list[str]
    _loader: object = field(repr=False, default=None)
    _cache: dict = field(repr=False, default_factory=dict)

    def sheet(self, index: int) -> Sheet:
        if index not in self._cache:
            self._cache[index] = self._loader(index)
        return self._cache[index]


def open_workbook(path: str | os.PathLike, *, reader: str | None = None) -> Workbook:
    """Opens `path` after checking what it is; raises FileRejected with a Spanish message."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise FileRejected(f"No se encontró el archivo «{path}». Revise la carpeta y el nombre, y elíjalo "
                           "de nuevo.") from None
    except IsADirectoryError:
        raise FileRejected(f"«{path}» es una carpeta, no un archivo: elija la hoja de cálculo que está "
                           "dentro.") from None
    except OSError as exc:
        raise FileRejected(f"No se pudo leer el archivo «{path.name}»: {exc.strerror or exc}. Ciérrelo si "
                           "está abierto en Excel, o cópielo a su carpeta Documentos, e intente de "
                           "nuevo.") from None
    if size == 0:
        raise FileRejected(f"El archivo «{path.name}» está vacío: revise que eligió el archivo correcto y "
                           "que se guardó con sus datos.")
    if size > MAX_FILE_BYTES:
        raise FileRejected(f"El archivo «{path.name}» pesa {size / 2**20:.0f} MB; el máximo es "
                           f"{MAX_FILE_BYTES // 2**20} MB. Divídalo en varios archivos.")
    if head.startswith(_ZIP):
        return _open_zip(path, reader)
    if head.startswith(_OLE):
        return _open_ole(path)
    if looks_like_dbf(head, size):
        return _open_dbf(path)
    for magic, what in _NOT_SPREADSHEETS.items():
        if head.startswith(magic):
            raise FileRejected(f"El archivo «{path.name}» es {what}, no una hoja de cálculo "
                               "(use xlsx, csv o dbf).")
    if head.startswith((_UTF16_LE, _UTF16_BE)):  # Excel's «Texto Unicode»: tab-separated UTF-16
        return _open_csv(path)
    if len(head.translate(None, _TEXT_BYTES)) > 16:  # a binary file; a stray NUL or ESC in a CSV cell is
        # named by the cell's own check instead
        raise FileRejected(f"El archivo «{path.name}» no es una hoja de cálculo (use xlsx, csv o dbf).")
    return _open_csv(path)


# --- xlsx / ods ------------------------------------------------------------------------------------

def _open_zip(path: Path, reader: str | None) -> Workbook:
    damaged = FileRejected(f"El archivo «{path.name}» está dañado o incompleto: no se puede abrir como "
                           "xlsx. Ábralo en Excel, guárdelo de nuevo y vuelva a intentarlo.")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_ZIP_MEMBERS:
                raise FileRejected(f"El archivo «{path.name}» tiene demasiadas partes internas; no se leyó.")
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED_BYTES:
                raise FileRejected(f"El archivo «{path.name}» ocupa {unpacked / 2**20:.0f} MB descomprimido; el "
                                   f"máximo es {MAX_UNPACKED_BYTES // 2**20} MB. Divídalo en varios archivos.")
            if "xl/workbook.xml" in names:
                fmt = "xlsx"
            elif "content.xml" in names and "mimetype" in names:
                fmt = "ods"
            elif "word/document.xml" in names:
                raise FileRejected(f"El archivo «{path.name}» es un documento de Word, no una hoja de cálculo.")
            else:
                raise FileRejected(f"El archivo «{path.name}» es un archivo comprimido (zip), no una hoja de "
                                   "cálculo (use xlsx, csv o dbf).")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        prolog = part.read(2048)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise FileRejected(f"El archivo «{path.name}» contiene definiciones XML que SIGMA no "
                                           "acepta (posible archivo malicioso); no se leyó.")
            if fmt == "xlsx":
                _check_text_budget(zf, path)
    except FileRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError,
            RuntimeError, ValueError, zlib.error):
        raise damaged from None
    if reader is None:
        reader = "calamine" if _has_calamine() else "openpyxl"
    if reader == "calamine" or fmt == "ods":
        return _calamine_workbook(path, fmt, damaged)
    return _openpyxl_workbook(path, damaged)


# The counts below read the XML as bytes (in C), never with a parser calling Python per element, which
# would take seconds on a big legitimate sheet. They over-count, never under-count, whatever the spelling
# (namespace prefixes, quotes, spaces, CDATA): a shared string counts as the bytes of its whole <si>
# element (no DOCTYPE is accepted, so no entity expands: bytes ≥ characters); a cell counts as shared
# wherever a `t="s"` attribute is written in any spelling, and if the precise pattern (Excel's own
# spelling) does not find them all, each counts as the longest string.
_CLOSE_SI = re.compile(rb"</(?:[\w.-]+:)?si>")
_CLOSE_C = re.compile(rb"</(?:[\w.-]+:)?c>")
_SI = re.compile(rb"<(?:[\w.-]+:)?si(?:\s[^>]*)?>(.*?)</(?:[\w.-]+:)?si>", re.S)
_ODD_MARK = re.compile(rb"t\s+=\s*[\"']s[\"']|t=\s+[\"']s[\"']")
_SHARED_CELL = re.compile(rb'<c [^>]*?t="s"[^>]*><v>(\d+)</v>')
_SMALLEST_SHARED_CELL = len(b'<c t="s"><v>0</v></c>')
_XML_CHUNK = 1 << 20


def _stream(zf: zipfile.ZipFile, name: str, close: re.Pattern):
    """A zip member in pieces of about a megabyte, each ending just after a closing tag matched by
    `close`, so that no element is split between pieces."""
    rest = b""
    with zf.open(name) as part:
        while True:
            data = part.read(_XML_CHUNK)
            if not data:
                break
            data = rest + data
            last = None
            for last in close.finditer(data, max(0, len(data) - 65536)):
                pass
            if last is None:
                for last in close.finditer(data):
                    pass
            if last is None:
                rest = data
                if len(rest) > 64 * _XML_CHUNK:  # one element of more than 64 MB: no legitimate sheet has it
                    raise ValueError("element too long")
                continue
            yield data[:last.end()]
            rest = data[last.end():]
    if rest:
        yield rest


def _marks(piece: bytes) -> int:
    return piece.count(b't="s"') + piece.count(b"t='s'") + len(_ODD_MARK.findall(piece))


def _check_text_budget(zf: zipfile.ZipFile, path: Path) -> None:
    """Refuses an xlsx whose cells would hold more than MAX_TEXT_CHARS characters, counted from its XML
    before any cell is read: the length of each shared string times the cells that refer to it. Cheap
    bounds first (a sheet's unpacked size bounds its cells; its `t="s"` marks bound its shared cells), so
    that an ordinary file is not even decompressed twice."""
    names = zf.namelist()
    strings = [n for n in names if n.lower().startswith("xl/") and "sharedstrings" in n.lower()]
    lengths: list[int] = []
    for name in strings:
        for piece in _stream(zf, name, _CLOSE_SI):
            lengths += map(len, _SI.findall(piece))
    if not lengths:
        return  # no shared strings: the text is in the sheets, bounded by their unpacked size
    longest = max(lengths)
    total = 0
    for name in sorted(n for n in names if n.lower().startswith("xl/worksheets/") and n.lower().endswith(".xml")):
        bound = zf.getinfo(name).file_size // _SMALLEST_SHARED_CELL * longest
        if total + bound <= MAX_TEXT_CHARS:
            total += bound
            continue
        marks = sum(map(_marks, _stream(zf, name, _CLOSE_C)))
        if total + marks * longest <= MAX_TEXT_CHARS:
            total += marks * longest
            continue
        refs: Counter = Counter()
        for piece in _stream(zf, name, _CLOSE_C):
            refs.update(_SHARED_CELL.findall(piece))
        if sum(refs.values()) != marks:  # spelled in a way the precise pattern does not read: the worst case
            total += marks * longest
        else:
            total += sum(lengths[int(i)] * n if int(i) < len(lengths) else 0 for i, n in refs.items())
        if total > MAX_TEXT_CHARS:
            raise FileRejected(
                f"El archivo «{path.name}» repite textos muy largos en muchas celdas: leerlo ocuparía más de "
                f"{MAX_TEXT_CHARS // 1_000_000} millones de caracteres (posible archivo malicioso); no se leyó. "
                "Si el archivo es legítimo, divídalo en varios archivos.")


def _has_calamine() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


def _calamine_workbook(path: Path, fmt: str, damaged: FileRejected) -> Workbook:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = [meta.name for meta in wb.sheets_metadata if str(meta.typ).endswith("WorkSheet")]
    except Exception:  # noqa: BLE001 - calamine raises its own error types for damaged files
        raise damaged from None

    def load(index: int) -> Sheet:
        try:
            sheet = wb.get_sheet_by_name(names[index])
            if sheet.total_height > MAX_ROWS + 1 or sheet.total_width > MAX_COLUMNS:
                _too_big(path, sheet.total_height, sheet.total_width)
            rows = sheet.to_python()
            start = sheet.start
        except FileRejected:
            raise
        except Exception:  # noqa: BLE001
            raise damaged from None
        _check_shape(path, rows)
        if not rows or start is None:
            return Sheet(names[index], [], 1, 0)
        return Sheet(names[index], rows, start[0] + 1, start[1])

    return Workbook(path, fmt, names, load)


def _openpyxl_workbook(path: Path, damaged: FileRejected) -> Workbook:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise damaged from None
    names = list(wb.sheetnames)

    def load(index: int) -> Sheet:
        try:
            ws = wb[names[index]]
            rows = []
            for row in ws.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > MAX_ROWS + 1:
                    _too_big(path, len(rows), 0)
        except FileRejected:
            raise
        except Exception:  # noqa: BLE001
            raise damaged from None
        while rows and all(v is None or v == "" for v in rows[-1]):
            rows.pop()
        _check_shape(path, rows)
        return Sheet(names[index], rows, 1, 0)

    return Workbook(path, "xlsx", names, load)


# --- xls and protected xlsx (OLE compound files) ---------------------------------------------------

def _open_ole(path: Path) -> Workbook:
    with open(path, "rb") as fh:
        data = fh.read()
    if any(name in data for name in _ENCRYPTED_NAMES):
        raise FileRejected(f"El archivo «{path.name}» está protegido con contraseña. Ábralo en Excel, "
                           "quite la contraseña (Archivo → Información → Proteger libro) y guárdelo de nuevo.")
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise FileRejected(f"El archivo «{path.name}» es un documento de Office que no es una hoja de cálculo.")
    if not _has_calamine():
        raise FileRejected(f"El archivo «{path.name}» está en el formato antiguo de Excel (xls): guárdelo como xlsx.")
    damaged = FileRejected(f"El archivo «{path.name}» (formato xls antiguo) está dañado o protegido: "
                           "guárdelo como xlsx y vuelva a intentarlo.")
    workbook = _calamine_workbook(path, "xls", damaged)
    return workbook


# --- DBF ---------------------------------------------------------------------------------------------

def _open_dbf(path: Path) -> Workbook:
    def load(_index: int) -> Sheet:
        try:
            names, records = read_dbf(path.read_bytes(), max_rows=MAX_ROWS)
        except DbfError:
            _too_big_or_damaged(path)
        rows = [names, *records]
        _check_shape(path, rows)
        return Sheet(path.stem, rows, 1, 0)

    return Workbook(path, "dbf", [path.stem], load)


def _too_big_or_damaged(path: Path):
    raise FileRejected(f"El archivo «{path.name}» no es una tabla DBF válida o supera las "
                       f"{MAX_ROWS:,} filas.".replace(",", " "))


# --- CSV ---------------------------------------------------------------------------------------------

def _open_csv(path: Path) -> Workbook:
    def load(_index: int) -> Sheet:
        content = _decode(path, path.read_bytes())
        delimiter = _delimiter(content)
        rows = []
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
        try:
            for row in reader:
                rows.append(row)
                if len(rows) > MAX_ROWS + 1:
                    _too_big(path, len(rows), 0)
        except csv.Error as exc:
            _bad_csv(path, len(rows) + 1, str(exc))
        while rows and all(not v.strip() for v in rows[-1]):
            rows.pop()
        _check_shape(path, rows)
        return Sheet(path.stem, rows, 1, 0)

    return Workbook(path, "csv", [path.stem], load)


_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that did not decode (surrogateescape)
_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _decode(path: Path, data: bytes) -> str:
    """The text of a CSV in one encoding, or FileRejected naming the first row that is not in it:
    UTF-8 (with or without its mark), UTF-16 with its mark (Excel's «Texto Unicode»), or Windows-1252
    (Excel's «CSV» on a Spanish Windows) when no row is UTF-8. A file that mixes them (rows pasted from
    two sources) is refused rather than read as «Ã‘ahui»."""
    if data.startswith((_UTF16_LE, _UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            _bad_encoding(path, _rows_where(data.decode("utf-16", "replace"), re.compile("\ufffd"))[0], "UTF-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8-sig", "surrogateescape")
    if _NON_ASCII.search(loose):  # some rows are UTF-8 (ñ, tildes), others are not: a mixture
        utf8_rows, other_rows = _rows_where(loose, _NON_ASCII), _rows_where(loose, _ESCAPED)
        if len(utf8_rows) < len(other_rows):  # the file is Windows-1252 with a few UTF-8 rows pasted in
            _bad_encoding(path, utf8_rows[0], "Windows-1252")
        _bad_encoding(path, other_rows[0], "UTF-8")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        _bad_encoding(path, _rows_where(data.decode("cp1252", "surrogateescape"), _ESCAPED)[0], "Windows-1252")
    raise AssertionError("unreachable")


def _rows_where(loose: str, pattern: re.Pattern) -> list[int]:
    """Numbers (1-based, as the spreadsheet shows them) of the CSV rows with a match of `pattern`."""
    rows = []
    try:
        for n, cells in enumerate(csv.reader(io.StringIO(loose, newline=""), delimiter=_delimiter(loose)), 1):
            if any(pattern.search(c) for c in cells):
                rows.append(n)
    except csv.Error:
        pass
    return rows or [1]


def _bad_encoding(path: Path, row: int, encoding: str) -> None:
    raise FileRejected(f"La fila {row} de «{path.name}» tiene caracteres que no están en la codificación del resto "
                       f"del archivo ({encoding}): el archivo mezcla codificaciones y se leería con letras "
                       "cambiadas (por ejemplo «Ã‘ahui» en lugar de «Ñahui»). No se leyó. Ábralo en Excel y "
                       "guárdelo como «CSV UTF-8 (delimitado por comas)», o corrija esa fila.")


def _bad_csv(path: Path, row: int, detail: str) -> None:
    if "field larger than field limit" in detail:
        why = "tiene una celda demasiado larga (más de 131 072 caracteres)"
    elif "unexpected end of data" in detail or "EOF" in detail:
        why = "tiene comillas sin cerrar (una celda que empieza con « \" » y no termina)"
    elif "NUL" in detail or "null byte" in detail:
        why = "tiene caracteres nulos (no es un texto CSV)"
    else:
        why = "tiene comillas mal puestas (una celda con comillas debe estar entera entre comillas)"
    raise FileRejected(f"La fila {row} de «{path.name}» {why}: no se puede leer el archivo como CSV. Corríjala "
                       "(o guarde el archivo de nuevo desde Excel) y vuelva a intentarlo.")


def _delimiter(content: str) -> str:
    lines = [line for line in content[:20000].splitlines() if line.strip()][:10]
    best, best_score = ",", 0
    for candidate in (";", ",", "\t", "|"):
        counts = [line.count(candidate) for line in lines]
        score = max(counts, default=0)
        if score > best_score:
            best, best_score = candidate, score
    return best


# --- bounds --------------------------------------------------------------------------------------------

def _check_shape(path: Path, rows: list[list]) -> None:
    if len(rows) > MAX_ROWS + 1:
        _too_big(path, len(rows), 0)
    if rows and max(len(r) for r in rows[:50]) > MAX_COLUMNS:
        _too_big(path, 0, max(len(r) for r in rows[:50]))


def _too_big(path: Path, rows: int, columns: int):
    if columns > MAX_COLUMNS:
        raise FileRejected(f"La hoja de «{path.name}» tiene {columns} columnas; el máximo es {MAX_COLUMNS}.")
    raise FileRejected(f"La hoja de «{path.name}» tiene más de {MAX_ROWS:,} filas; divídala en varios "
                       "archivos.".replace(",", " "))
