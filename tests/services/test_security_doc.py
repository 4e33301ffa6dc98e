"""docs/security.md is generated from the permission table and the policy constants: it must match."""
from __future__ import annotations

from pathlib import Path

from sigma_desktop.domain.enums import ROLE_LABELS
from sigma_desktop.domain.permissions import ACTION_LABELS, PERMISSIONS
from sigma_desktop.services import security_doc

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_security_doc_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == security_doc.render(), (
        "docs/security.md is out of date: run  python -m sigma_desktop.services.security_doc > docs/security.md")


def test_the_table_has_every_action_and_role():
    table = security_doc.permission_table()
    for action, roles in PERMISSIONS.items():
        line = next(row for row in table.splitlines() if f"(`{action.value}`)" in row)
        assert ACTION_LABELS[action] in line
        assert line.count("| sí") == len(roles)
    doc = security_doc.render()
    for label in ROLE_LABELS.values():
        assert label in doc


def test_policy_numbers_come_from_the_code():
    from sigma_desktop.domain.session_policy import (FAILURES_BEFORE_WAIT_PER_DNI, FAILURES_BEFORE_WAIT_PER_PC,
                                                     IDLE_LOCK_DEFAULT_MINUTES, MAX_WAIT_SECONDS)
    from sigma_desktop.services.auth import MIN_PASSWORD_LENGTH

    doc = security_doc.render()
    assert f"tras {FAILURES_BEFORE_WAIT_PER_DNI} intentos fallidos" in doc and f"{MAX_WAIT_SECONDS // 60} minutos" in doc
    assert f"tras {FAILURES_BEFORE_WAIT_PER_PC} intentos fallidos" in doc
    assert f"Mínimo {MIN_PASSWORD_LENGTH} caracteres" in doc
    assert f"Tras {IDLE_LOCK_DEFAULT_MINUTES} minutos sin usar" in doc
