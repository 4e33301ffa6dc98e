"""One Spanish order everywhere: accents ignored at the first level, ñ a letter after n, ch not a letter.

The same order in Python (domain.text.sort_key) and in the lists sorted by SQL (the stored search key),
on SQLite and PostgreSQL; the search box still finds «Ñahui» typed as «nahui».
"""
from __future__ import annotations

import random

from sigma_desktop.domain.browse import ListFilter
from sigma_desktop.domain.text import search_key, sort_key

# the order a Peruvian reader expects (and ICU's Spanish collation gives: bench/bench_collation.py)
EXPECTED = ["Álvarez", "Ángel", "Cáceres", "Chávez", "Cusi", "Núñez", "Nuñovero", "Ñahui"]


def test_sort_key_orders_the_issue_names():
    shuffled = EXPECTED[:]
    random.Random(3).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == EXPECTED
    more = ["Ocaña", "Nunez", "Nuñez", "Delgado", "De la Cruz", "Perú", "Peru", "Zapata", "ñandú"]
    assert sorted(more, key=sort_key) == ["De la Cruz", "Delgado", "Nunez", "Nuñez", "ñandú", "Ocaña", "Peru",
                                          "Perú", "Zapata"]


def test_search_key_sorts_and_still_finds_without_accents():
    key = search_key("Ñahui", "Pérez", "José", "40000001")
    assert key.startswith("n~ahui perez jose")  # the collation key first
    assert "nahui perez jose 40000001" in key  # the folded text, for LIKE '%nahui%'
    assert search_key("Quispe", None, "Ana") == "quispe ana"  # plain ASCII names are unchanged


def test_names_sort_with_accents_and_enie(world):
    for i, last in enumerate(EXPECTED + ["Zapata", "Ocaña"]):
        world.sigma.masters.add_teacher(f"400001{i:02d}", "Ana", last, None, "0512345")
    for descending in (False, True):
        rows = world.sigma.browse.page("teachers", ListFilter(text="ana"), "name", descending, 0, 50)
        mine = [r.name.split(",")[0].split()[0] for r in rows]
        mine = [n for n in mine if n in set(EXPECTED) | {"Zapata", "Ocaña"}]
        expected = EXPECTED + ["Ocaña", "Zapata"]
        assert mine == (expected[::-1] if descending else expected)
    found = world.sigma.browse.page("teachers", ListFilter(text="nahui ana"), "name", False, 0, 50)
    assert "Ñahui, Ana" in [r.name for r in found]
