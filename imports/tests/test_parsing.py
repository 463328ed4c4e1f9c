import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from imports.parsing import (
    ParseError,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_percent,
    parse_rupiah,
)


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.250.000.000,00", Decimal("1250000000.00")),
        ("1.250.000.000", Decimal("1250000000.00")),
        ("Rp 1.250.000.000", Decimal("1250000000.00")),
        ("Rp1.250.000.000,-", Decimal("1250000000.00")),
        ("Rp. 1.250.000.000,50", Decimal("1250000000.50")),
        ("rp 750.000", Decimal("750000.00")),
        ("1250000000", Decimal("1250000000.00")),
        ("1250000000,5", Decimal("1250000000.50")),
        ("1250000000.75", Decimal("1250000000.75")),
        (" 1.250.000 ", Decimal("1250000.00")),
        ("Rp\u00a01.250.000", Decimal("1250000.00")),
        ("IDR 2.000.000", Decimal("2000000.00")),
        ("0", Decimal("0.00")),
        (1250000000, Decimal("1250000000.00")),
        (1250000000.0, Decimal("1250000000.00")),
        (812500000.499, Decimal("812500000.50")),
        (Decimal("99.5"), Decimal("99.50")),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_rupiah_accepted(value, expected):
    assert parse_rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "message_part"),
    [
        ("1,2,3", "'1,2,3' bukan angka rupiah yang sah"),
        ("satu juta", "bukan angka rupiah yang sah"),
        ("1.25.000", "bukan angka rupiah yang sah"),
        ("1.250.000,123", "bukan angka rupiah yang sah"),
        ("1,250,000", "bukan angka rupiah yang sah"),
        ("12 juta", "bukan angka rupiah yang sah"),
        ("-1.000.000", "negatif"),
        ("Rp -500.000", "negatif"),
        ("(1.000.000)", "negatif"),
        (-5, "negatif"),
        ("99.999.999.999.999.999", "terlalu besar"),
    ],
)
def test_rupiah_rejected(value, message_part):
    with pytest.raises(ParseError) as caught:
        parse_rupiah(value)
    assert message_part in caught.value.message


def test_rupiah_error_names_fix():
    with pytest.raises(ParseError) as caught:
        parse_rupiah("1,2,3")
    assert caught.value.message == (
        "'1,2,3' bukan angka rupiah yang sah. Tulis seperti 1.250.000.000 atau Rp 1.250.000.000."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25/06/2021", datetime.date(2021, 6, 25)),
        ("25-06-2021", datetime.date(2021, 6, 25)),
        ("5/6/2021", datetime.date(2021, 6, 5)),
        ("25.06.2021", datetime.date(2021, 6, 25)),
        ("2021-06-25", datetime.date(2021, 6, 25)),
        ("25 Juni 2021", datetime.date(2021, 6, 25)),
        ("25 juni 2021", datetime.date(2021, 6, 25)),
        ("25 JUNI 2021", datetime.date(2021, 6, 25)),
        ("25 Jun 2021", datetime.date(2021, 6, 25)),
        ("25 Jun. 2021", datetime.date(2021, 6, 25)),
        ("25-Jun-2021", datetime.date(2021, 6, 25)),
        ("1 Januari 2026", datetime.date(2026, 1, 1)),
        ("1 Jan 2026", datetime.date(2026, 1, 1)),
        ("14 Februari 2026", datetime.date(2026, 2, 14)),
        ("14 Pebruari 2026", datetime.date(2026, 2, 14)),
        ("14 Feb 2026", datetime.date(2026, 2, 14)),
        ("2 Maret 2026", datetime.date(2026, 3, 2)),
        ("2 Mar 2026", datetime.date(2026, 3, 2)),
        ("30 April 2026", datetime.date(2026, 4, 30)),
        ("30 Apr 2026", datetime.date(2026, 4, 30)),
        ("20 Mei 2026", datetime.date(2026, 5, 20)),
        ("7 Juli 2026", datetime.date(2026, 7, 7)),
        ("7 Jul 2026", datetime.date(2026, 7, 7)),
        ("17 Agustus 2026", datetime.date(2026, 8, 17)),
        ("17 Agt 2026", datetime.date(2026, 8, 17)),
        ("17 Ags 2026", datetime.date(2026, 8, 17)),
        ("17 Agu 2026", datetime.date(2026, 8, 17)),
        ("17 Aug 2026", datetime.date(2026, 8, 17)),
        ("9 September 2026", datetime.date(2026, 9, 9)),
        ("9 Sep 2026", datetime.date(2026, 9, 9)),
        ("9 Sept 2026", datetime.date(2026, 9, 9)),
        ("28 Oktober 2026", datetime.date(2026, 10, 28)),
        ("28 Okt 2026", datetime.date(2026, 10, 28)),
        ("10 November 2026", datetime.date(2026, 11, 10)),
        ("10 Nopember 2026", datetime.date(2026, 11, 10)),
        ("10 Nop 2026", datetime.date(2026, 11, 10)),
        ("10 Nov 2026", datetime.date(2026, 11, 10)),
        ("31 Desember 2026", datetime.date(2026, 12, 31)),
        ("31 Des 2026", datetime.date(2026, 12, 31)),
        ("31 December 2026", datetime.date(2026, 12, 31)),
        ("Jumat, 25 Juni 2021", datetime.date(2021, 6, 25)),
        ("29/02/2024", datetime.date(2024, 2, 29)),
        (datetime.datetime(2021, 6, 25, 0, 0), datetime.date(2021, 6, 25)),
        (datetime.date(2021, 6, 25), datetime.date(2021, 6, 25)),
        ("", None),
        (None, None),
    ],
)
def test_date_accepted(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message_part"),
    [
        ("31/02/2021", "bukan tanggal yang ada"),
        ("29/02/2026", "bukan tanggal yang ada"),
        ("06/25/2021", "bukan tanggal yang ada"),
        ("32 Juni 2021", "bukan tanggal yang ada"),
        ("2021-13-01", "bukan tanggal yang ada"),
        ("25/06/21", "empat angka"),
        ("25 Juno 2021", "nama bulan"),
        ("besok", "bukan tanggal"),
        ("25062021", "bukan tanggal"),
        ("25/06/1921", "1921"),
        (44372, "angka, bukan tanggal"),
        (44372.0, "angka, bukan tanggal"),
        (datetime.date(1999, 12, 31), "1999"),
    ],
)
def test_date_rejected(value, message_part):
    with pytest.raises(ParseError) as caught:
        parse_date(value)
    assert message_part in caught.value.message


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        ("2026", {}, 2026),
        (2026, {}, 2026),
        (2026.0, {}, 2026),
        (" 150 ", {}, 150),
        ("150 hari", {"unit": "hari"}, 150),
        ("150 Hari", {"unit": "hari"}, 150),
        ("", {}, None),
    ],
)
def test_integer_accepted(value, options, expected):
    assert parse_integer(value, **options) == expected


@pytest.mark.parametrize("value", ["150,5", "1.5", 150.5, "seratus", "150 hari", "-3", "1.000"])
def test_integer_rejected(value):
    with pytest.raises(ParseError) as caught:
        parse_integer(value)
    assert "bukan bilangan bulat" in caught.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("45,5", Decimal("45.50")),
        ("45.5", Decimal("45.50")),
        ("45,5%", Decimal("45.50")),
        ("45,5 %", Decimal("45.50")),
        ("100", Decimal("100.00")),
        ("0", Decimal("0.00")),
        (12.345, Decimal("12.35")),
        (Decimal("45.5"), Decimal("45.50")),
        (None, None),
    ],
)
def test_percent_accepted(value, expected):
    assert parse_percent(value) == expected


@pytest.mark.parametrize(
    ("value", "message_part"),
    [
        ("100,5", "di luar 0 sampai 100"),
        ("-1", "di luar 0 sampai 100"),
        (150, "di luar 0 sampai 100"),
        ("setengah", "bukan persentase"),
        ("1.000,5", "bukan persentase"),
    ],
)
def test_percent_rejected(value, message_part):
    with pytest.raises(ParseError) as caught:
        parse_percent(value)
    assert message_part in caught.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-2,8705", Decimal("-2.870500")),
        ("-2.8705", Decimal("-2.870500")),
        ("108,2810004", Decimal("108.281000")),
        (-2.8705, Decimal("-2.870500")),
        ("108", Decimal("108.000000")),
    ],
)
def test_coordinate_accepted(value, expected):
    assert parse_decimal(value, places=6) == expected


@pytest.mark.parametrize("value", ["2°52'S", "-2,870,5", "1.234,5", "utara"])
def test_coordinate_rejected(value):
    with pytest.raises(ParseError) as caught:
        parse_decimal(value, places=6)
    assert "bukan angka desimal" in caught.value.message
