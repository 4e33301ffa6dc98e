"""Text normalisation for searching and for sorting in Spanish.

`fold` makes text case- and accent-insensitive for searching («Ñahui» is found by «nahui»).
`sort_key` is the one Spanish collation of SIGMA Desktop (docs/decisions.md, «Orden alfabético»): every
list, grid, PDF and workbook sorts names with it, and the lists sorted in SQL order by the stored
`search_key`, which starts with the same key. The rule, as a Peruvian reader expects (and as ICU's
Spanish collation orders, measured on 50,000 names in bench/bench_collation.py):
- accents and case are ignored at the first level: Álvarez < Ángel < Cáceres < Chávez < Cusi;
- ñ is a letter of its own after n: Núñez < Nuñovero < Ñahui < Ocaña;
- ch and ll are not letters of their own (RAE 1994): Cusi after Chávez;
- words compare one after the other (a space sorts before any letter: «De la Cruz» < «Delgado»);
- names equal at the first level are ordered without accents first (Peru < Perú), so the order is total.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# A key is "primary", then (only where it differs) the folded text and the accented text, each after
# LEVEL: a character below any other, so that the primary level always decides first.
LEVEL = "\x01"
ENYE = "n~"  # «~» sorts after «z»: ñ after every n…, before o
KEY_LENGTH = 300  # the stored column's length


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


@lru_cache(maxsize=65536)
def _primary_word(word: str) -> str:
    out: list[str] = []
    for c in unicodedata.normalize("NFKD", word.lower()):
        if unicodedata.combining(c):
            if c == "\u0303" and out and out[-1] == "n":  # n + combining tilde: the letter ñ
                out[-1] = ENYE
            continue
        out.append(c)
    return "".join(out)


def sort_key(text: str | None) -> str:
    """The Spanish collation key of a text: compare keys as plain strings (Python, SQL byte order)."""
    if not text:
        return ""
    words = text.split()
    if text.isascii():
        return " ".join(words).lower()
    primary = " ".join([w.lower() if w.isascii() else _primary_word(w) for w in words])
    key = primary
    folded = " ".join([w.lower() if w.isascii() else _fold_word(w) for w in words])
    if folded != primary:  # a ñ: the folded text keeps the name findable as typed without it
        key += LEVEL + folded
    accented = unicodedata.normalize("NFC", " ".join(words).lower())
    if accented != folded:  # accents: the last level, so that Peru < Perú and the order is total
        key += LEVEL + accented
    return key


def search_key(*parts: object) -> str:
    """The stored key of a searchable row: its collation key (the list order) whose levels also hold the
    folded text that the search box matches with LIKE (see storage.models.Searchable)."""
    return sort_key(" ".join(str(p) for p in parts if p not in (None, "")))[:KEY_LENGTH]
