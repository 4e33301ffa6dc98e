"""The one UUIDv7 maker: version 7, RFC 9562 variant, the current millisecond, always increasing."""
from __future__ import annotations

import time
from uuid import UUID

from sigma_desktop.storage import ids


def test_new_keys_are_uuid7_of_now_and_increase():
    before = time.time_ns() // 1_000_000
    keys = ids.new_ids(5000) + [ids.new_id() for _ in range(100)] + ids.new_ids(3)
    after = time.time_ns() // 1_000_000
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for k in keys[::97]:
        assert k.version == 7 and k.variant == "specified in RFC 4122"
        assert before <= k.int >> 80 <= after + 1  # a full millisecond borrows the next one
        assert UUID(str(k)) == k and hash(k) == hash(UUID(str(k)))


def test_layout_of_a_seeded_key():
    k = ids.uuid_from_int(ids.v7_int(0x0190C5A2B3C4, (1 << 74) - 1))
    assert str(k) == "0190c5a2-b3c4-7fff-bfff-ffffffffffff"
    assert ids.uuid_from_hex(k.hex) == k
