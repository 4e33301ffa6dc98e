"""Spanish collation on 50,000 names: SIGMA's documented key against ICU, pyuca and the plain fold.

    .venv/bin/python bench/bench_collation.py [--names 50000] [--seed 1]

ICU (PyICU, `pip install pyicu-wheels`) and pyuca are optional: the script measures what is installed.
ICU's Spanish collator («es») is the reference order; for each method it prints the time to build the
keys of every name and to sort them (best of 3), and how far its order is from ICU's: names out of
place (rank differs) and adjacent pairs in the wrong order. Figures go to docs/decisions.md.
"""
from __future__ import annotations

import argparse
import json
import random
import time

from _common import machine

from sigma_desktop.domain.text import fold, sort_key
from sigma_desktop.services.demo.data.words import FEMALE_NAMES, MALE_NAMES, SURNAMES

EXTRA = ("Cáceres", "Cusi", "Chávez", "Núñez", "Ñahui", "Nuñovero", "Ángel", "Álvarez", "De la Cruz",
         "Del Águila", "Llanos", "Lozano", "Ñañez", "Nuñez", "Peña", "Penas", "Úrsula", "Ugarte", "Qquehue",
         "Ccahuana", "D'Angelo", "Huamán", "Huaman", "Oré", "Ore")


def names(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    surnames = SURNAMES + EXTRA
    first = FEMALE_NAMES + MALE_NAMES
    out = []
    for _ in range(n):
        out.append(f"{rng.choice(surnames)} {rng.choice(surnames)} {rng.choice(first)}")
    return out


def methods() -> dict:
    found = {"SIGMA (domain.text.sort_key)": sort_key, "fold (sin tildes; ñ = n)": fold,
             "Python str (puntos de código)": lambda s: s}
    try:
        import icu  # type: ignore

        collator = icu.Collator.createInstance(icu.Locale("es_PE"))
        found["ICU es_PE (PyICU)"] = collator.getSortKey
    except ImportError:
        pass
    try:
        from pyuca import Collator  # type: ignore

        found["pyuca (DUCET, sin adaptación al español)"] = Collator().sort_key
    except ImportError:
        pass
    return found


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(machine())
    data = names(args.names, args.seed)
    found = methods()
    reference = None
    ref_name = next((k for k in found if k.startswith("ICU")), None)
    if ref_name:
        ref_key = found[ref_name]
        reference = sorted(range(len(data)), key=lambda i: (ref_key(data[i]), i))
    results = {}
    for name, key in found.items():
        if name.startswith("SIGMA"):
            from sigma_desktop.domain import text

            text._primary_word.cache_clear()
            text._fold_word.cache_clear()
        keys_s = best(lambda key=key: [key(s) for s in data])
        keys = [key(s) for s in data]
        sort_s = best(lambda keys=keys: sorted(range(len(data)), key=lambda i: (keys[i], i)))
        order = sorted(range(len(data)), key=lambda i: (keys[i], i))
        row = {"keys_s": round(keys_s, 4), "sort_s": round(sort_s, 4)}
        if reference is not None:
            # ties at ICU's level are equal names: compare the sequence of names, not of indexes
            ref_names = [data[i] for i in reference]
            got = [data[i] for i in order]
            row["out_of_place"] = sum(a != b for a, b in zip(ref_names, got))
            rank = {}
            for pos, nm in enumerate(ref_names):
                rank.setdefault(nm, pos)
            row["inversions_adjacent"] = sum(rank[a] > rank[b] for a, b in zip(got, got[1:]))
        results[name] = row
        print(f"{name:45s} claves {row['keys_s']:.3f} s  orden {row['sort_s']:.3f} s  "
              + (f"fuera de lugar {row['out_of_place']:6d}  pares invertidos {row['inversions_adjacent']:5d}"
                 if "out_of_place" in row else ""))
    sample = sorted(EXTRA[:8], key=sort_key)
    print("Orden SIGMA de los nombres del issue:", ", ".join(sample))
    print(json.dumps({"names": len(data), "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
