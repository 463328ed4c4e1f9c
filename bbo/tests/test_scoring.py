"""The score formula against values computed by hand (the worked example of docs/bbo.md)."""

from decimal import Decimal

import pytest

from bbo.scoring import Part, explain


def part(code, weight, value, manual=False):
    return Part(
        code=code,
        name=code,
        weight=Decimal(weight),
        value=None if value is None else Decimal(value),
        manual=manual,
    )


def worked_example(governance):
    return [
        part("kunjungan", "25", "75"),
        part("laporan_tepat_waktu", "15", "100"),
        part("foto_bukti", "20", "50"),
        part("temuan_terkonfirmasi", "20", "80"),
        part("respons_aduan", "10", None),
        part("tata_kelola", "10", governance, manual=True),
    ]


def test_worked_example_of_the_documentation():
    # (25 x 75 + 15 x 100 + 20 x 50 + 20 x 80 + 10 x 90) / (25 + 15 + 20 + 20 + 10) = 6875 / 90 = 76,388...
    explained = explain(worked_example("90"))

    assert explained.score == Decimal("76.39")
    assert explained.weight_total == Decimal("90")
    contributions = {p.code: c for p, c in explained.rows()}
    assert contributions == {
        "kunjungan": Decimal("20.83"),
        "laporan_tepat_waktu": Decimal("16.67"),
        "foto_bukti": Decimal("11.11"),
        "temuan_terkonfirmasi": Decimal("17.78"),
        "respons_aduan": None,
        "tata_kelola": Decimal("10.00"),
    }


def test_unscored_manual_indicator_counts_as_zero():
    # 5975 / 90 = 66,388...
    assert explain(worked_example(None)).score == Decimal("66.39")


def test_only_the_ratio_of_weights_matters():
    doubled = [Part(p.code, p.name, p.weight * 2, p.value, p.manual) for p in worked_example("90")]
    assert explain(doubled).score == Decimal("76.39")


def test_zero_weight_indicator_is_ignored():
    parts = [part("a", "1", "40"), part("b", "0", "100")]
    assert explain(parts).score == Decimal("40.00")


def test_no_applicable_indicator_gives_no_score():
    explained = explain([part("a", "10", None), part("b", "5", None)])
    assert explained.score is None
    assert explained.weight_total == 0


@pytest.mark.parametrize(
    ("values", "expected"),
    [(["100", "100"], "100.00"), (["0", "0"], "0.00"), (["40", "55"], "50.00"), (["1", "2"], "1.67")],
)
def test_scores_stay_within_zero_and_hundred(values, expected):
    # Weights 1 and 2: (1 x v1 + 2 x v2) / 3, rounded half up.
    parts = [part("a", "1", values[0]), part("b", "2", values[1])]
    assert explain(parts).score == Decimal(expected)
