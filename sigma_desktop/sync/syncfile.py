"""Sync files: the same batches as the network exchange, carried on a USB stick.

A sync file is a ZIP archive with two members:

- `manifest.json`: format and version, the hub's id, the replica's node id, the direction (`to_hub`: a
  replica's changes for the hub; `to_node`: the hub's answer for one replica), when it was made, the
  SHA-256 of `data.jsonl`, its number of records and an HMAC-SHA256 of all that, keyed with the
  replica's credential (so a file made by someone else is refused);
- `data.jsonl`: one JSON record per line (push batches, pull batches, acknowledgements).

Files are written to `NAME.partial`, synced to disk and renamed, so a file cut short by a removed USB
stick never looks complete. Reading checks the ZIP's CRCs, the SHA-256, the HMAC and the hub before
anything is applied; importing a file twice is harmless because every batch is idempotent.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..domain.canonical_json import dumps_bytes
from .errors import CorruptFile, Rejected

FORMAT = "sigma-sync"
VERSION = 1
SUFFIX = ".sigmasync"
TO_HUB = "to_hub"
TO_NODE = "to_node"


def _mac(key: bytes, manifest: dict) -> str:
    fields = {k: v for k, v in manifest.items() if k != "mac"}
    return hmac.new(key, dumps_bytes(fields), hashlib.sha256).hexdigest()


def write(path: str | os.PathLike, header: dict, records: Iterable[dict], key: bytes) -> int:
    """Writes a sync file atomically; returns the number of records."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    digest = hashlib.sha256()
    count = 0
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            with zf.open("data.jsonl", "w") as member:
                buffer = io.BufferedWriter(member, buffer_size=1 << 20)
                for record in records:
                    line = dumps_bytes(record) + b"\n"
                    digest.update(line)
                    buffer.write(line)
                    count += 1
                buffer.flush()
                buffer.detach()
            manifest = {"format": FORMAT, "version": VERSION, **header, "sha256": digest.hexdigest(),
                        "records": count}
            manifest["mac"] = _mac(key, manifest)
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def read_manifest(path: str | os.PathLike) -> dict:
    """The manifest, after checking that the file is a readable sync file (not its contents yet)."""
    label = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            return _manifest(zf, label)
    except FileNotFoundError:
        raise Rejected(f"No se encontró el archivo «{label}».") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorruptFile(label, "no es un archivo ZIP legible") from exc


def _manifest(zf: zipfile.ZipFile, label: str) -> dict:
    try:
        manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
    except KeyError:
        raise CorruptFile(label, "le falta el manifiesto") from None
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorruptFile(label, "el manifiesto no se puede leer") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Rejected(f"«{label}» no es un archivo de sincronización de SIGMA Desktop.")
    if manifest.get("version") != VERSION:
        raise Rejected(f"«{label}» fue hecho por otra versión de SIGMA Desktop (formato "
                       f"{manifest.get('version')}); actualice ambas computadoras a la misma versión.")
    return manifest


def read(path: str | os.PathLike, key_for: Callable[[dict], bytes]) -> tuple[dict, list[dict]]:
    """The manifest and the records, after every check. `key_for(manifest)` gives the HMAC key (it may
    raise to refuse a file for another hub or node before its contents are read)."""
    label = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _manifest(zf, label)
            key = key_for(manifest)
            if not hmac.compare_digest(str(manifest.get("mac", "")), _mac(key, manifest)):
                raise Rejected(f"El archivo «{label}» no fue generado con la credencial de esta réplica "
                               "(o su manifiesto fue alterado). No se aplicó nada.")
            data = zf.read("data.jsonl")
    except FileNotFoundError:
        raise Rejected(f"No se encontró el archivo «{label}».") from None
    except KeyError:
        raise CorruptFile(label, "le faltan los datos") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorruptFile(label, "los datos no se pueden leer") from exc
    if hashlib.sha256(data).hexdigest() != manifest.get("sha256"):
        raise CorruptFile(label, "la suma de verificación SHA-256 no coincide")
    records = list(_lines(data, label))
    if len(records) != manifest.get("records"):
        raise CorruptFile(label, "faltan registros")
    return manifest, records


def _lines(data: bytes, label: str) -> Iterator[dict]:
    for number, line in enumerate(data.splitlines(), start=1):
        try:
            record = json.loads(line)
        except ValueError:
            raise CorruptFile(label, f"línea {number} ilegible") from None
        if not isinstance(record, dict):
            raise CorruptFile(label, f"línea {number} inesperada")
        yield record
