"""Deterministic keys and codes for demo data: the same seed always gives the same values.

* Keys keep the UUIDv7 layout (48-bit millisecond timestamp, version 7, variant 10): the timestamp starts
  at 1 January of the demo year and advances one millisecond per key, so keys are unique and ordered by
  creation like real UUIDv7 keys; the 74 other bits scramble the counter with a seeded affine map.
* Codes (DNI, código modular, código de local) are drawn at random from a reserved range, without repeats.
"""
from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timedelta, timezone
from uuid import UUID, SafeUUID

from ....storage.ids import LOW_62, LOW_74, VARIANT, VERSION_7

_new_uuid = UUID.__new__
_set = object.__setattr__
_UNKNOWN = SafeUUID.unknown  # an enum member lookup costs 0.3 µs: do it once


class FastRandom(random.Random):
    """random.Random with cheaper choice and randint (float-based, as random.Random did before 3.2):
    the generator calls them a few million times at national scale. Still fully seeded."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


class KeyMaker:
    """Time-ordered, unique, reproducible keys in the UUIDv7 layout (called 2 million times at national
    scale: everything the call needs is a local of one closure)."""

    def __init__(self, seed: int, year: int):
        rng = random.Random(f"sigma-demo-keys:{seed}")
        mult = rng.getrandbits(74) | 1  # odd: multiplying is a bijection modulo 2**74
        add = rng.getrandbits(74)
        ticks = itertools.count(int(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp() * 1000) + 1)
        # storage.ids.v7_int's layout, inlined: everything the call needs is a local of this closure
        fixed = VERSION_7 | VARIANT
        new, set_, unknown, low62, low74 = _new_uuid, _set, _UNKNOWN, LOW_62, LOW_74

        def key() -> UUID:
            ms = next(ticks)
            r = (ms * mult + add) & low74
            u = new(UUID)
            set_(u, "int", (ms << 80) | fixed | ((r >> 62) << 64) | (r & low62))
            set_(u, "is_safe", unknown)
            return u

        self.key = key

    def __call__(self) -> UUID:
        return self.key()


class CodeRange:
    """Unique random numbers of `digits` digits in [start, start + size), drawn from the seeded generator."""

    def __init__(self, rng: random.Random, start: int, size: int, digits: int):
        self._rng, self._start, self._size, self._digits = rng, start, size, digits
        self._used: set[int] = set()

    def next(self) -> str:
        if len(self._used) * 2 > self._size:
            raise RuntimeError("demo code range exhausted")
        while True:
            value = self._rng.randrange(self._size)
            if value not in self._used:
                self._used.add(value)
                return str(self._start + value).zfill(self._digits)


# Public holidays that fall on school days in most years (feriados nacionales, fixed dates).
_HOLIDAYS = {(1, 1), (5, 1), (6, 7), (6, 29), (7, 23), (7, 28), (7, 29), (8, 6), (8, 30), (10, 8),
             (11, 1), (12, 8), (12, 9), (12, 25)}


class Calendar:
    """School days (Monday to Friday, no fixed feriados and none of `holidays`: the year's national holidays,
    Jueves and Viernes Santo among them) of each month of one year."""

    def __init__(self, year: int, holidays: frozenset[date] = frozenset()):
        self.year = year
        self.days: dict[int, list[date]] = {}
        for month in range(1, 13):
            d = date(year, month, 1)
            days = []
            while d.month == month:
                if d.weekday() < 5 and (d.month, d.day) not in _HOLIDAYS and d not in holidays:
                    days.append(d)
                d += timedelta(days=1)
            self.days[month] = days
