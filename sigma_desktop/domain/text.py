"""Text normalisation for searching: case- and accent-insensitive («Ñahui» is found by «nahui»)."""
from __future__ import annotations

import unicodedata
from functools import lru_cache


def fold(text: str | None) -> str:
    """Lower case, accents removed, spaces collapsed."""
    if not text:
        return ""
    if text.isascii():  # the usual case, and the same result: NFKD leaves ASCII as it is
        return " ".join(text.lower().split())
    # word by word, memoised: names and surnames repeat across thousands of rows (imports, demo data)
    folded = " ".join([w.lower() if w.isascii() else _fold_word(w) for w in text.split()])
    return " ".join(folded.split())


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def search_key(*parts: object) -> str:
    return fold(" ".join(str(p) for p in parts if p not in (None, "")))
