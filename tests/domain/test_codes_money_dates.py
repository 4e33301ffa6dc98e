from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from sigma_desktop.domain import codes
from sigma_desktop.domain.catalogues import rubric_items_for_year
from sigma_desktop.domain.dates import format_date, parse_date
from sigma_desktop.domain.errors import ValidationError
from sigma_desktop.domain.money import format_soles, from_cents, to_cents


def test_codes_keep_leading_zeros():
    assert codes.modular_code(" 0512345 ") == "0512345"
    assert codes.dni("00012345") == "00012345"
    assert codes.ubigeo("070101") == "070101"


@given(st.text(max_size=12))
def test_dni_accepts_exactly_eight_ascii_digits(text):
    ok = len(text.strip()) == 8 and all(c in "0123456789" for c in text.strip())
    if ok:
        assert codes.dni(text) == text.strip()
    else:
        with pytest.raises(ValidationError, match="DNI"):
            codes.dni(text)


@pytest.mark.parametrize("raw, cents", [("350.50", 35050), ("320,40", 32040), (Decimal("0.005"), 1), (12, 1200)])
def test_money_in_cents(raw, cents):
    assert to_cents(raw, "f", "Monto") == cents
    assert from_cents(cents) == Decimal(cents) / 100


@pytest.mark.parametrize("raw", ["-1", "NaN", "Infinity", "x", "2000000"])
def test_bad_money(raw):
    with pytest.raises(ValidationError, match="Monto"):
        to_cents(raw, "f", "Monto")


def test_format_soles():
    assert format_soles(Decimal("1234.5")) == "S/ 1 234.50"


def test_dates_dd_mm_yyyy():
    assert parse_date("05/04/2025", "f", "Fecha") == date(2025, 4, 5)
    assert parse_date("2025-04-05", "f", "Fecha") == date(2025, 4, 5)
    assert format_date(date(2025, 4, 5)) == "05/04/2025"
    with pytest.raises(ValidationError, match="Fecha: «04/31/2025» no es una fecha válida"):
        parse_date("04/31/2025", "f", "Fecha")


def test_rubric_versions():
    assert [i.number for i in rubric_items_for_year(2017)] == [1, 2, 3, 4, 5, 6]
    assert [i.number for i in rubric_items_for_year(2018)] == [1, 3, 4, 5, 6]
    assert [i.number for i in rubric_items_for_year(2030)] == [1, 3, 4, 5, 6]
