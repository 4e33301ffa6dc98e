"""Replica tokens: safe to pass on a command line."""
from __future__ import annotations

from sigma_desktop.sync.tokens import new_token, token_hash


def test_new_tokens_never_start_with_a_dash_that_a_command_line_would_take_for_an_option():
    # token_urlsafe starts with "-" once in 64 draws: 4,000 draws miss it with a chance of 1e-27
    tokens = [new_token() for _ in range(4000)]
    assert not [t for t in tokens if t.startswith("-")]
    assert len(set(tokens)) == len(tokens) and all(len(t) == 43 for t in tokens)
    assert len({token_hash(t) for t in tokens}) == len(tokens)
