"""Rules that judge a contract's progress against its plan. Plain functions of plain values, no database.

Kontrak kritis follows the general conditions of Indonesian construction contracts (Permen PUPR 14/2020,
under Perpres 16/2018 as amended by Perpres 12/2021). Ministries revise the numbers, so every threshold is a
field of ``Thresholds`` and the deployment sets them in settings.SIMPOR_EARLY_WARNING:
- period I (planned 0-70 %): critical when actual lags plan by more than 10 points;
- period II (planned above 70 %): critical when the lag exceeds 5 points, or when any lag remains and the
  completion forecast runs past 31 December of the fiscal year.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal("100")
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Thresholds:
    """Configurable limits of the early-warning rules, in percentage points, days or fractions."""

    period_one_max_planned: Decimal = Decimal("70")
    period_one_max_lag: Decimal = Decimal("10")
    period_two_max_lag: Decimal = Decimal("5")
    stale_after_days: int = 14
    discrepancy_margin: Decimal = Decimal("10")
    paid_ahead_margin: Decimal = Decimal("10")
    forecast_window_days: int = 42
    penalty_rate_per_day: Decimal = Decimal("0.001")
    max_extension_days: int = 50
    performance_bond_rate: Decimal = Decimal("0.05")
    vat_rate: Decimal = Decimal("0.11")

    @classmethod
    def from_settings(cls, overrides: dict | None) -> Thresholds:
        """Build thresholds from a settings dict, converting numbers to Decimal or int as the field needs."""
        values = {}
        for name, value in (overrides or {}).items():
            if name not in cls.__dataclass_fields__:
                raise ValueError(f"Unknown early-warning threshold {name!r}")
            default = getattr(cls, name)
            values[name] = int(value) if isinstance(default, int) else Decimal(str(value))
        return cls(**values)


class Status(StrEnum):
    """The one-word judgement of a contract shown on lists and maps."""

    FINISHED = "finished"
    CRITICAL = "critical"
    STALE = "stale"
    LATE = "late"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class Observation:
    """A dated cumulative physical progress value, in percent."""

    date: datetime.date
    percent: Decimal


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def planned_at(schedule: Sequence[Observation], start_date: datetime.date | None, on: datetime.date) -> Decimal:
    """Return the planned cumulative progress on a date, interpolating linearly between schedule points.

    The plan is 0 % on the SPMK start date and before it, and stays at the last point after the schedule ends.
    """
    points = sorted(schedule, key=lambda point: point.date)
    if not points or (start_date is not None and on <= start_date):
        return Decimal("0.00")
    previous = Observation(start_date, Decimal("0")) if start_date is not None else None
    for point in points:
        if on <= point.date:
            if previous is None or point.date == previous.date:
                return _quantize(point.percent)
            span = Decimal((point.date - previous.date).days)
            elapsed = Decimal((on - previous.date).days)
            return _quantize(previous.percent + (point.percent - previous.percent) * elapsed / span)
        previous = point
    return _quantize(points[-1].percent)


def deviation(actual: Decimal, planned: Decimal) -> Decimal:
    """Deviasi: actual minus planned cumulative progress, in percentage points (negative means behind)."""
    return _quantize(actual - planned)


def is_period_two(planned: Decimal, thresholds: Thresholds) -> bool:
    return planned > thresholds.period_one_max_planned


def forecast_completion(
    observations: Sequence[Observation], thresholds: Thresholds
) -> tuple[datetime.date | None, bool]:
    """Forecast the date progress reaches 100 % from the slope of the recent observations.

    Fits a least-squares line through the observations of the last ``forecast_window_days`` up to the
    latest one. Returns (date, known): (None, True) when progress is already 100 %, (None, False) when
    fewer than two dated points fall in the window, and (date.max, True) for a flat or falling trend,
    which will never finish at this pace.
    """
    points = sorted(observations, key=lambda point: point.date)
    if not points:
        return None, False
    latest = points[-1]
    if latest.percent >= HUNDRED:
        return None, True
    window_start = latest.date - datetime.timedelta(days=thresholds.forecast_window_days)
    recent = [point for point in points if point.date >= window_start]
    if len(recent) < 2 or recent[0].date == recent[-1].date:
        return None, False

    xs = [Decimal((point.date - recent[0].date).days) for point in recent]
    ys = [point.percent for point in recent]
    count = Decimal(len(recent))
    mean_x = sum(xs) / count
    mean_y = sum(ys) / count
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    if slope <= 0:
        return datetime.date.max, True
    days_needed = (HUNDRED - latest.percent) / slope
    return latest.date + datetime.timedelta(days=int(days_needed.to_integral_value(rounding="ROUND_CEILING"))), True


@dataclass(frozen=True)
class ContractFacts:
    """What the rules need to know about one contract on the day of judgement."""

    today: datetime.date
    fiscal_year: int
    start_date: datetime.date | None
    planned_end_date: datetime.date | None
    schedule: Sequence[Observation] = ()
    actual: Sequence[Observation] = ()
    financial_percent: Decimal | None = None
    village_observed: Sequence[Observation] = ()
    handed_over: bool = False


@dataclass
class Assessment:
    """The judgement of one contract, with every figure behind it."""

    status: Status
    planned: Decimal | None = None
    actual: Decimal | None = None
    deviation: Decimal | None = None
    as_of: datetime.date | None = None
    period_two: bool = False
    critical_reasons: list[str] = field(default_factory=list)
    stale: bool = False
    days_since_update: int | None = None
    forecast_date: datetime.date | None = None
    forecast_known: bool = False
    past_contract_end: bool = False
    past_fiscal_year: bool = False
    paid_ahead: bool = False
    discrepancy: Decimal | None = None
    discrepancy_flag: bool = False
    village_observation: Observation | None = None


def _nearest_within(observations: Sequence[Observation], on: datetime.date, days: int) -> Observation | None:
    candidates = [point for point in observations if abs((point.date - on).days) <= days]
    if not candidates:
        return None
    return min(candidates, key=lambda point: (abs((point.date - on).days), -point.date.toordinal()))


def assess(facts: ContractFacts, thresholds: Thresholds) -> Assessment:
    """Judge one contract: deviation at the latest report, kritis, stale, forecast and red flags."""
    actual_points = sorted(facts.actual, key=lambda point: point.date)
    latest = actual_points[-1] if actual_points else None

    if facts.handed_over or (latest is not None and latest.percent >= HUNDRED):
        return Assessment(
            status=Status.FINISHED,
            actual=latest.percent if latest else HUNDRED,
            as_of=latest.date if latest else None,
        )
    if facts.start_date is None or facts.today < facts.start_date:
        return Assessment(status=Status.NOT_STARTED)

    # Deviation is measured at the date of the latest report; with no report yet, today counts as 0 %.
    as_of = latest.date if latest else facts.today
    actual = latest.percent if latest else Decimal("0")
    planned = planned_at(facts.schedule, facts.start_date, as_of)
    result = Assessment(
        status=Status.ON_TRACK,
        planned=planned,
        actual=_quantize(actual),
        deviation=deviation(actual, planned),
        as_of=as_of,
        period_two=is_period_two(planned, thresholds),
    )

    lag = planned - actual
    result.days_since_update = (facts.today - latest.date).days if latest else (facts.today - facts.start_date).days
    result.stale = result.days_since_update > thresholds.stale_after_days

    result.forecast_date, result.forecast_known = forecast_completion(actual_points, thresholds)
    if result.forecast_known and result.forecast_date is not None:
        year_end = datetime.date(facts.fiscal_year, 12, 31)
        result.past_fiscal_year = result.forecast_date > year_end
        result.past_contract_end = facts.planned_end_date is not None and result.forecast_date > facts.planned_end_date

    if result.period_two:
        if lag > thresholds.period_two_max_lag:
            result.critical_reasons.append("period_two_lag")
        elif lag > 0 and result.past_fiscal_year:
            result.critical_reasons.append("past_fiscal_year")
    elif lag > thresholds.period_one_max_lag:
        result.critical_reasons.append("period_one_lag")

    if facts.financial_percent is not None:
        result.paid_ahead = facts.financial_percent - actual > thresholds.paid_ahead_margin

    if latest is not None:
        seen = _nearest_within(facts.village_observed, latest.date, 7)
        if seen is not None:
            result.village_observation = seen
            result.discrepancy = _quantize(latest.percent - seen.percent)
            result.discrepancy_flag = abs(result.discrepancy) > thresholds.discrepancy_margin

    if result.critical_reasons:
        result.status = Status.CRITICAL
    elif result.stale:
        result.status = Status.STALE
    elif result.deviation < 0:
        result.status = Status.LATE
    elif result.deviation > 0:
        result.status = Status.AHEAD
    return result


@dataclass(frozen=True)
class Penalty:
    """Denda keterlambatan for a late contract, and whether it has outgrown the limits."""

    days_late: int
    per_day: Decimal
    total: Decimal
    performance_bond: Decimal
    exceeds_bond: bool
    exceeds_extension: bool


def late_penalty(
    *,
    contract_value: Decimal,
    planned_end: datetime.date,
    finished_on: datetime.date,
    thresholds: Thresholds,
    late_part_value: Decimal | None = None,
    value_includes_vat: bool = True,
) -> Penalty:
    """Compute the late-completion penalty: the daily rate (1 per mille) of the contract value, or of the
    late part when given, before VAT, for each calendar day after the planned end (Perpres 16/2018 art. 79).

    ``exceeds_extension`` marks a delay longer than the extra time a PPK may give; ``exceeds_bond`` marks a
    penalty above the performance bond, when practice lets the PPK terminate the contract.
    """
    days_late = max(0, (finished_on - planned_end).days)
    base = late_part_value if late_part_value is not None else contract_value
    if value_includes_vat:
        base = base / (1 + thresholds.vat_rate)
    per_day = (base * thresholds.penalty_rate_per_day).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    total = per_day * days_late
    bond = (contract_value * thresholds.performance_bond_rate).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return Penalty(
        days_late=days_late,
        per_day=per_day,
        total=total,
        performance_bond=bond,
        exceeds_bond=total > bond,
        exceeds_extension=days_late > thresholds.max_extension_days,
    )
