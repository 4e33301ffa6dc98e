"""Text normalisation for searching: case- and accent-insensitive («Ñahui» is found by «nahui»)."""
from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Lower case, accents removed, spaces collapsed."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def search_key(*parts: object) -> str:
    return fold(" ".join(str(p) for p in parts if p not in (None, "")))
