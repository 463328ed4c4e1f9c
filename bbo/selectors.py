"""Read-side of BBO: scores per village with their explanation, rankings and history. Fixed query counts."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from bbo.models import Indicator, IndicatorKind, Period, Score, VillageHead
from bbo.scoring import Explained, Part, explain
from bbo.services import regency_villages
from regions.models import Region


@dataclass
class VillageScore:
    village: Region
    explained: Explained
    head: VillageHead | None = None
    rank: int | None = None
    regency_rank: int | None = None
    district_rank: int | None = None

    @property
    def score(self):
        return self.explained.score


def _parts(indicators: list[Indicator], scores: dict[int, Score]) -> list[Part]:
    parts = []
    for indicator in indicators:
        score = scores.get(indicator.pk)
        parts.append(
            Part(
                code=indicator.code,
                name=indicator.name,
                weight=indicator.weight,
                value=score.value if score else None,
                manual=indicator.kind == IndicatorKind.MANUAL,
                evaluated=score is not None and score.value is not None,
            )
        )
    return parts


def heads_on(villages: list[Region], day: datetime.date) -> dict[int, VillageHead]:
    """The village head in office on ``day`` per village (the latest term that started by then)."""
    heads = VillageHead.objects.filter(village__in=villages, term_start__lte=day).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=day)
    )
    result: dict[int, VillageHead] = {}
    for head in heads.order_by("village_id", "-term_start"):
        result.setdefault(head.village_id, head)
    return result


def ranking(period: Period, *, district: Region | None = None) -> list[VillageScore]:
    """Return every village of the kabupaten (or of ``district``) with its score, best first, ranked.

    ``rank`` is the place in the list returned, ``regency_rank`` in the kabupaten and ``district_rank`` within
    the village's kecamatan.
    Villages without any counted indicator come last, unranked. Equal scores share a rank.
    """
    indicators = list(Indicator.objects.filter(is_active=True))
    villages = list(regency_villages().select_related("parent").order_by("code"))
    by_village: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in Score.objects.filter(period=period, indicator__in=indicators):
        by_village[score.village_id][score.indicator_id] = score
    heads = heads_on(villages, period.end_date)

    rows = [
        VillageScore(
            village=village, explained=explain(_parts(indicators, by_village[village.pk])), head=heads.get(village.pk)
        )
        for village in villages
    ]
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0), row.village.name))
    _assign_ranks(rows, "district_rank", group=lambda row: row.village.parent_id)
    _assign_ranks(rows, "regency_rank", group=lambda row: None)
    if district is not None:
        rows = [row for row in rows if row.village.parent_id == district.pk]
    _assign_ranks(rows, "rank", group=lambda row: None)
    return rows


def _assign_ranks(rows: list[VillageScore], attribute: str, group) -> None:
    last: dict = {}
    for row in rows:
        if row.score is None:
            continue
        key = group(row)
        count, previous_score, previous_rank = last.get(key, (0, None, None))
        count += 1
        rank = previous_rank if row.score == previous_score else count
        setattr(row, attribute, rank)
        last[key] = (count, row.score, rank)


def village_score(period: Period, village: Region) -> tuple[Explained, list[tuple[Indicator, Score | None]]]:
    """Return the village's explained score and each active indicator with its stored score row."""
    indicators = list(Indicator.objects.filter(is_active=True))
    scores = {
        score.indicator_id: score
        for score in Score.objects.filter(period=period, village=village, indicator__in=indicators).select_related(
            "evaluator"
        )
    }
    return explain(_parts(indicators, scores)), [(indicator, scores.get(indicator.pk)) for indicator in indicators]


def village_history(village: Region) -> list[tuple[Period, Explained]]:
    """The village's score in every period, newest first (three queries)."""
    indicators = list(Indicator.objects.filter(is_active=True))
    periods = list(Period.objects.order_by("-start_date"))
    by_period: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in Score.objects.filter(village=village, indicator__in=indicators):
        by_period[score.period_id][score.indicator_id] = score
    return [(period, explain(_parts(indicators, by_period[period.pk]))) for period in periods]
