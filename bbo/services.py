"""State changes of BBO: recompute the built-in indicators of a period, record an evaluator's manual score."""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from audit import services as audit
from bbo import access
from bbo.indicators import BUILT_INS
from bbo.models import Indicator, IndicatorKind, Period, Score
from core.errors import DomainError
from regions.models import Region

logger = logging.getLogger(__name__)

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
EVIDENCE_EXTENSIONS = {"pdf", "jpg", "jpeg", "png"}


def regency_villages():
    """The active desa and kelurahan of the kabupaten this deployment serves."""
    return Region.objects.filter(
        level=Region.Level.VILLAGE, code__startswith=f"{settings.SIMPOR_REGENCY_CODE}.", is_active=True
    )


@transaction.atomic
def builtin_scores_refresh(*, period: Period) -> int:
    """Recompute every active built-in indicator of ``period`` for every village; return the rows written.

    A village an indicator does not apply to gets an empty value, which the formula leaves out.
    """
    villages = list(regency_villages().values_list("pk", flat=True))
    indicators = list(Indicator.objects.filter(kind=IndicatorKind.BUILT_IN, is_active=True, code__in=BUILT_INS))
    existing = {
        (score.village_id, score.indicator_id): score
        for score in Score.objects.filter(period=period, indicator__in=indicators)
    }
    created, updated = [], []
    for indicator in indicators:
        # The basis is stored as text, so it is written in the kabupaten's language whoever triggers the refresh.
        with translation.override(settings.LANGUAGE_CODE):
            measures = BUILT_INS[indicator.code](period.start_date, period.end_date, villages)
        for village in villages:
            measure = measures.get(village)
            value = measure.value if measure else None
            basis = measure.basis[:300] if measure else ""
            score = existing.get((village, indicator.pk))
            if score is None:
                created.append(Score(period=period, village_id=village, indicator=indicator, value=value, basis=basis))
            elif score.value != value or score.basis != basis:
                score.value, score.basis = value, basis
                updated.append(score)
    Score.objects.bulk_create(created, batch_size=1000)
    Score.objects.bulk_update(updated, ["value", "basis", "updated_at"], batch_size=1000)
    logger.info("BBO period %s: %s built-in scores created, %s updated", period.pk, len(created), len(updated))
    return len(created) + len(updated)


def _parse_value(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError(
            "bbo_value_invalid", _("Enter the value as a number from 0 to 100, for example 75 or 82,5."), field="value"
        ) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise DomainError("bbo_value_range", _("The value must lie between 0 and 100."), field="value")
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def manual_score_record(
    *,
    actor,
    period: Period,
    village: Region,
    indicator: Indicator,
    value,
    evidence_text: str,
    evidence_file: UploadedFile | None = None,
) -> Score:
    """Record (or correct) an evaluator's value of a manual indicator for one village, with its evidence."""
    if not access.can_evaluate(actor, village):
        raise DomainError("bbo_not_evaluator", _("You may not evaluate villages of this kecamatan."))
    if indicator.kind != IndicatorKind.MANUAL or not indicator.is_active:
        raise DomainError(
            "bbo_indicator_not_manual",
            _("This indicator is computed by SIMPOR or switched off; choose an active manual indicator."),
            field="indicator",
        )
    if village.level != Region.Level.VILLAGE:
        raise DomainError("bbo_not_village", _("Scores are given to a desa or kelurahan."), field="village")
    number = _parse_value(value)
    evidence_text = (evidence_text or "").strip()
    if not evidence_text and evidence_file is None:
        raise DomainError(
            "bbo_evidence_missing",
            _("Describe the evidence or attach a file (PDF, JPEG or PNG) that supports the value."),
            field="evidence_text",
        )
    if evidence_file is not None:
        extension = evidence_file.name.rsplit(".", 1)[-1].lower() if "." in evidence_file.name else ""
        if extension not in EVIDENCE_EXTENSIONS:
            raise DomainError("bbo_evidence_type", _("Attach the evidence as PDF, JPEG or PNG."), field="evidence_file")
        if evidence_file.size > MAX_EVIDENCE_BYTES:
            raise DomainError("bbo_evidence_size", _("The evidence file may be at most 5 MB."), field="evidence_file")

    score = Score.objects.select_for_update().filter(period=period, village=village, indicator=indicator).first()
    before = audit.snapshot(score) if score else None
    if score is None:
        score = Score(period=period, village=village, indicator=indicator)
    score.value = number
    score.evidence_text = evidence_text
    score.evaluator = actor
    if evidence_file is not None:
        score.evidence_file = evidence_file
    score.save()
    audit.record(
        actor=actor,
        action="update" if before else "create",
        instance=score,
        before=before,
        summary=f"BBO {indicator.code} {village.code} {period.name}: {number}",
    )
    return score
