"""The BBO score formula, as a plain function of plain values (docs/bbo.md has a worked example).

    score = sum(weight_i * value_i) / sum(weight_i)

over the active indicators that apply to the village. A built-in indicator with no value (the village had
nothing to measure, e.g. no projects) is left out of both sums. A manual indicator that no evaluator has
scored yet counts as 0, so a village cannot gain by missing an evaluation. Values are 0-100, so the score is too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Part:
    """One indicator's part in a village's score."""

    code: str
    name: str
    weight: Decimal
    value: Decimal | None
    manual: bool
    evaluated: bool = True

    @property
    def counted_value(self) -> Decimal | None:
        """The value that enters the formula: None when left out, 0 for an unscored manual indicator."""
        if self.value is not None:
            return self.value
        return Decimal("0") if self.manual else None

    @property
    def counts(self) -> bool:
        return self.counted_value is not None and self.weight > 0


@dataclass(frozen=True)
class Explained:
    """A score with its parts; ``contribution`` of each part adds up to the score (up to rounding)."""

    score: Decimal | None
    parts: list[Part]
    weight_total: Decimal

    def contribution(self, part: Part) -> Decimal | None:
        if not part.counts or not self.weight_total:
            return None
        return (part.weight * part.counted_value / self.weight_total).quantize(TWO_PLACES, ROUND_HALF_UP)

    def rows(self) -> list[tuple[Part, Decimal | None]]:
        return [(part, self.contribution(part)) for part in self.parts]


def explain(parts: Sequence[Part]) -> Explained:
    """Return the score of ``parts`` rounded to two places, or None when no part counts."""
    counted = [part for part in parts if part.counts]
    weight_total = sum((part.weight for part in counted), Decimal("0"))
    if not weight_total:
        return Explained(score=None, parts=list(parts), weight_total=Decimal("0"))
    weighted = sum((part.weight * part.counted_value for part in counted), Decimal("0"))
    score = (weighted / weight_total).quantize(TWO_PLACES, ROUND_HALF_UP)
    return Explained(score=score, parts=list(parts), weight_total=weight_total)
