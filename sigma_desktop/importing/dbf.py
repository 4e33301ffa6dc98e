"""A small reader of dBase III/IV and FoxPro tables (.dbf), as OSEE distributes the Padrón de IIEE.

Text fields are decoded with the table's code page (byte 29, the language driver); the padrón's DBF
leaves it at 0 and is IBM850 text, which is the default here. Memo fields (kept in a separate .dbt/.fpt
file) come back empty. Deleted records (flag «*») are skipped. Only the standard library is used.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import date

# dBase language driver ids → Python codecs (the common ones; anything else falls back to the default)
CODE_PAGES = {0x01: "cp437", 0x02: "cp850", 0x03: "cp1252", 0x57: "cp1252", 0x58: "cp1252", 0x59: "cp1252",
              0x64: "cp852", 0x65: "cp866", 0x7D: "cp1255", 0x7E: "cp1256", 0xC8: "cp1250", 0xC9: "cp1251",
              0xCA: "cp1254", 0xCB: "cp1253"}
DEFAULT_ENCODING = "cp850"
VERSIONS = frozenset({0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB})


class DbfError(ValueError):
    pass


@dataclass(frozen=True)
class DbfField:
    name: str
    type: str
    offset: int
    length: int
    decimals: int


def looks_like_dbf(head: bytes, size: int) -> bool:
    """Cheap check on the first bytes: version byte, sizes that fit the file, and field descriptors
    that end with the 0x0D terminator inside the header."""
    if len(head) < 65 or head[0] not in VERSIONS:
        return False
    count, header_len, record_len = struct.unpack_from("<IHH", head, 4)
    if header_len < 65 or record_len < 2 or header_len + count * record_len > size + 1:
        return False
    ends = [p for p in range(64, min(header_len, len(head)), 32) if head[p] == 0x0D]
    return bool(ends)


def read_dbf(data: bytes, *, encoding: str | None = None, max_rows: int | None = None
             ) -> tuple[list[str], list[list]]:
    """(field names, records as lists of values) of a DBF file's bytes."""
    if len(data) < 33:
        raise DbfError("archivo demasiado corto")
    count, header_len, record_len = struct.unpack_from("<IHH", data, 4)
    if max_rows is not None and count > max_rows:
        raise DbfError(f"{count} registros")
    codec = encoding or CODE_PAGES.get(data[29], DEFAULT_ENCODING)
    fields: list[DbfField] = []
    pos, offset = 32, 1
    while pos + 32 <= header_len and data[pos] != 0x0D:
        raw_name = data[pos:pos + 11].split(b"\0", 1)[0]
        ftype = chr(data[pos + 11])
        length, decimals = data[pos + 16], data[pos + 17]
        if ftype in "CV" and decimals and length + 256 * decimals <= 65535:  # FoxPro long character fields
            length += 256 * decimals
            decimals = 0
        fields.append(DbfField(raw_name.decode("ascii", "replace").strip(), ftype, offset, length, decimals))
        offset += length
        pos += 32
    if not fields:
        raise DbfError("sin campos")
    if offset > record_len:
        raise DbfError("campos más largos que el registro")
    end = header_len + count * record_len
    if end > len(data):  # a truncated file: read the whole records that are there
        count = max(0, (len(data) - header_len) // record_len)
    converters = [_converter(f, codec) for f in fields]
    slices = [(f.offset, f.offset + f.length) for f in fields]
    rows: list[list] = []
    view = memoryview(data)
    for i in range(count):
        start = header_len + i * record_len
        record = bytes(view[start:start + record_len])
        if record[:1] == b"*":
            continue
        rows.append([conv(record[a:b]) for conv, (a, b) in zip(converters, slices)])
    return [f.name for f in fields], rows


def _converter(f: DbfField, codec: str):
    if f.type in "CV":
        return lambda raw: raw.decode(codec, "replace").rstrip(" \0")
    if f.type in "NF":
        def number(raw: bytes):
            text = raw.decode("ascii", "replace").strip()
            if not text:
                return None
            try:
                return int(text) if f.decimals == 0 and "." not in text else float(text)
            except ValueError:
                return text
        return number
    if f.type == "D":
        def day(raw: bytes):
            text = raw.decode("ascii", "replace").strip()
            if len(text) != 8 or not text.isdigit():
                return text or None
            try:
                return date(int(text[:4]), int(text[4:6]), int(text[6:]))
            except ValueError:
                return text
        return day
    if f.type == "L":
        return lambda raw: {b"T": True, b"t": True, b"Y": True, b"y": True, b"F": False, b"f": False,
                            b"N": False, b"n": False}.get(raw[:1])
    if f.type == "I" and f.length == 4:
        return lambda raw: struct.unpack("<i", raw)[0]
    if f.type in "MGPB" and f.length in (4, 10):
        return lambda raw: None  # memo held in another file
    return lambda raw: raw.decode(codec, "replace").strip()


def write_dbf(path, fields: list[tuple[str, str, int, int]], rows: list[list], *, encoding: str = "cp850",
              language_driver: int = 0) -> None:
    """Writes a dBase III table (used by tests and by anyone preparing a padrón by hand).

    `fields` are (name, type C/N/D/L, length, decimals)."""
    today = date.today()
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(length for _n, _t, length, _d in fields)
    out = bytearray(struct.pack("<BBBBIHH", 0x03, today.year - 1900, today.month, today.day, len(rows),
                                header_len, record_len))
    out += bytes(17) + bytes([language_driver]) + bytes(2)
    for name, ftype, length, decimals in fields:
        out += name.encode("ascii")[:10].ljust(11, b"\0") + ftype.encode("ascii") + bytes(4)
        out += bytes([length, decimals]) + bytes(14)
    out += b"\r"
    for row in rows:
        out += b" "
        for (_name, ftype, length, decimals), value in zip(fields, row):
            if value is None:
                cell = b""
            elif ftype == "D":
                cell = value.strftime("%Y%m%d").encode("ascii")
            elif ftype == "L":
                cell = b"T" if value else b"F"
            elif ftype == "N":
                cell = (f"{value:.{decimals}f}" if decimals else str(value)).encode("ascii").rjust(length)
            else:
                cell = str(value).encode(encoding)
            out += cell[:length].ljust(length, b" ")
    out += b"\x1a"
    with open(path, "wb") as fh:
        fh.write(out)
