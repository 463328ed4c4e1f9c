from decimal import Decimal

import pytest

from core.formatting import format_percent, format_rupiah


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567"), "Rp 1.234.567"),
        (Decimal("1250000000.00"), "Rp 1.250.000.000"),
        (Decimal("999.50"), "Rp 1.000"),
        (0, "Rp 0"),
        (Decimal("-2500"), "-Rp 2.500"),
        (None, "–"),
    ],
)
def test_format_rupiah(value, expected):
    assert format_rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("45.5"), "45,50%"), (Decimal("100"), "100,00%"), (Decimal("0.005"), "0,01%"), (None, "–")],
)
def test_format_percent(value, expected):
    assert format_percent(value) == expected
