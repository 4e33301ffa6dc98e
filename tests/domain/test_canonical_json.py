"""One JSON encoding for the change log, bulk loads, the hub and the sync wire: the fast path (orjson) and
the standard library write the same bytes, and a bulk load's column-by-column text is the same again."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from sigma_desktop.domain import canonical_json as cj
from sigma_desktop.domain.enums import ActivityKind
from sigma_desktop.storage.bulk import _json_fragment

# what a stored column holds, as JSON (no floats: no column is one)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
scalars = st.none() | st.booleans() | st.integers(min_value=-(2 ** 70), max_value=2 ** 70) | texts
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                      max_leaves=20)


def _standard(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@settings(max_examples=300, deadline=None)
@given(values)
def test_fast_and_standard_encoders_write_the_same_text(value):
    assert cj.dumps(value) == _standard(value)
    assert cj.dumps_bytes(value) == _standard(value).encode("utf-8")



@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers(min_value=-(2 ** 63), max_value=2 ** 64 - 1) | texts,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                    max_leaves=20))
def test_what_is_written_reads_back(value):
    assert cj.loads(cj.dumps_bytes(value)) == value


columns = (texts | st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1) | st.booleans()
           | st.uuids().map(lambda u: UUID(int=u.int)) | st.dates()
           | st.datetimes(timezones=st.just(timezone.utc))
           | st.decimals(allow_nan=False, allow_infinity=False, places=2)
           | st.sampled_from(list(ActivityKind)))


@settings(max_examples=300, deadline=None)
@given(columns)
def test_a_bulk_loads_column_text_is_the_change_logs(value):
    assert _json_fragment(value) == cj.dumps(cj.json_value(value))


def test_column_values_as_json():
    when = datetime(2026, 3, 1, 8, 30, tzinfo=timezone(timedelta(hours=-5)))
    key = UUID("0190c5a2-0000-7000-8000-000000000001")
    assert cj.dumps({"b": [None, cj.json_value(Decimal("12.50"))], "a": [cj.json_value(key), cj.json_value(when)],
                     "c": [cj.json_value(date(2026, 3, 1)), cj.json_value(ActivityKind.VISIT)], "ñ": "año"}) == (
        '{"a":["0190c5a2-0000-7000-8000-000000000001","2026-03-01T08:30:00-05:00"],"b":[null,"12.50"],'
        '"c":["2026-03-01","visita"],"ñ":"año"}')
