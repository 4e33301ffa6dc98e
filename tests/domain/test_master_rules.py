"""domain/master_rules.py: how a school's stored codes read on the ficha del docente (screen and print)."""
from __future__ import annotations

import pytest

from sigma_desktop.domain.master_rules import school_kind_text


@pytest.mark.parametrize(("level", "area", "characteristic", "text"), [
    ("primaria", "rural", "polidocente_multigrado", "Primaria, rural, polidocente multigrado"),
    ("secundaria", "urbana", "polidocente_completo", "Secundaria, urbana, polidocente completo"),
    ("inicial", "rural", None, "Inicial, rural"),
    ("primaria", None, "", "Primaria"),
])
def test_a_schools_kind_reads_as_words_not_codes(level, area, characteristic, text):
    assert school_kind_text(level, area, characteristic) == text
    assert "_" not in school_kind_text(level, area, characteristic)
