"""State changes of projects: progress updates from the OPD and the hand-over status."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import DomainError
from earlywarning.hooks import refresh_after_commit
from evidence.services import DevicePosition, photos_prepare, photos_store
from projects import fiscal
from projects.access import can_edit_project
from projects.models import AmendmentKind, ContractAmendment, ProgressUpdate, Project, ProjectStatus, ScheduleEntry

HUNDRED = Decimal("100")


def validate_percent(value, *, field: str, label: str) -> Decimal:
    """Return ``value`` as a Decimal from 0 to 100 with two decimals, or raise DomainError on ``field``."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise DomainError(
            "percent_invalid",
            _("%(label)s must be a number from 0 to 100.") % {"label": label},
            field=field,
        )
    if number < 0 or number > HUNDRED:
        raise DomainError(
            "percent_out_of_range",
            _("%(label)s must be from 0 to 100; %(value)s was entered.")
            % {"label": label, "value": number_format(number)},
            field=field,
        )
    return number.quantize(Decimal("0.01"))


def validate_progress_date(project: Project, date: datetime.date) -> None:
    """Raise DomainError on ``date`` unless it lies between the contract start and today (Asia/Jakarta)."""
    today = fiscal.local_today()
    if date > today:
        raise DomainError(
            "progress_date_future",
            _("The progress date %(date)s is in the future. Enter the date the progress was measured.")
            % {"date": date_format(date, "DATE_FORMAT")},
            field="date",
        )
    contract_start = project.start_date or project.contract_date
    if contract_start is not None and date < contract_start:
        raise DomainError(
            "progress_date_before_start",
            _(
                "The progress date %(date)s is before the contract started on %(start)s. "
                "Enter a date on or after the start."
            )
            % {"date": date_format(date, "DATE_FORMAT"), "start": date_format(contract_start, "DATE_FORMAT")},
            field="date",
        )


def _check_may_edit(user, project: Project) -> None:
    if not can_edit_project(user, project):
        raise DomainError(
            "not_project_agency",
            _("Only the OPD that owns this project, or an administrator, may update it."),
        )


def progress_update_create(
    *,
    user,
    project: Project,
    date: datetime.date,
    physical_percent: Decimal,
    financial_percent: Decimal,
    note: str = "",
    photos=(),
    positions: list[DevicePosition] | None = None,
) -> ProgressUpdate:
    """Record the progress the OPD measured on ``date``, with optional photos.

    The project's cached progress follows the update only when no other update has a later date, so a late
    entry for an old date never hides a newer figure. A planned project with physical progress above zero
    becomes in progress. Raises DomainError before anything is written.
    """
    _check_may_edit(user, project)
    physical = validate_percent(physical_percent, field="physical_percent", label=_("Physical progress"))
    financial = validate_percent(financial_percent, field="financial_percent", label=_("Financial progress"))
    validate_progress_date(project, date)
    photos = list(photos or [])
    if len(photos) > settings.SIMPOR_MAX_PHOTOS_PER_REPORT:
        raise DomainError(
            "too_many_photos",
            _("At most %(limit)s photos can be sent with one update; %(count)s were chosen.")
            % {"limit": settings.SIMPOR_MAX_PHOTOS_PER_REPORT, "count": len(photos)},
            field="photos",
        )
    prepared = photos_prepare(photos)

    with transaction.atomic():
        # Lock the row so two updates saved at the same moment cannot both think they are the latest.
        locked = Project.objects.select_for_update().get(pk=project.pk)
        update = ProgressUpdate.objects.create(
            project=locked,
            date=date,
            physical_percent=physical,
            financial_percent=financial,
            note=note.strip(),
            created_by=user,
        )
        audit.record(actor=user, action="create", instance=update, summary="progress update")
        if prepared:
            photos_store(
                prepared=prepared, project=locked, uploaded_by=user, progress_update=update, positions=positions
            )

        before = audit.snapshot(locked)
        is_latest = not locked.progress_updates.filter(date__gt=date).exists()
        if is_latest:
            locked.physical_progress = physical
            locked.financial_progress = financial
            locked.progress_date = date
        if locked.status == ProjectStatus.PLANNED and physical > 0:
            locked.status = ProjectStatus.IN_PROGRESS
        if audit.diff(before, audit.snapshot(locked)):
            locked.save()
            audit.record(actor=user, action="update", instance=locked, before=before, summary="progress cached")
        refresh_after_commit(locked.pk)

    # The caller's object shows the new state too.
    for name in ("physical_progress", "financial_progress", "progress_date", "status", "updated_at"):
        setattr(project, name, getattr(locked, name))
    return update


# Status changes a user may make by hand. Planned -> in progress follows from progress updates instead.
MANUAL_TRANSITIONS = {
    ProjectStatus.PHO: {ProjectStatus.IN_PROGRESS},
    ProjectStatus.FHO: {ProjectStatus.PHO},
    ProjectStatus.TERMINATED: {ProjectStatus.PLANNED, ProjectStatus.IN_PROGRESS},
}


def manual_status_choices(project: Project) -> list[tuple[str, str]]:
    """Return the (value, label) statuses the project may move to by hand from where it is now."""
    return [
        (status.value, status.label)
        for status, sources in MANUAL_TRANSITIONS.items()
        if project.status in sources and (status != ProjectStatus.PHO or project.physical_progress >= HUNDRED)
    ]


def project_update_status(*, user, project: Project, status: str) -> Project:
    """Move a project to PHO (only at 100% physical progress), FHO (only after PHO) or terminated."""
    _check_may_edit(user, project)
    if status not in MANUAL_TRANSITIONS:
        raise DomainError(
            "status_not_manual",
            _("The status can only be changed by hand to PHO, FHO or terminated."),
            field="status",
        )
    target = ProjectStatus(status)

    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.status not in MANUAL_TRANSITIONS[target]:
            raise DomainError(
                "status_transition_invalid",
                _("A project that is “%(current)s” cannot become “%(target)s”.")
                % {"current": locked.get_status_display(), "target": target.label},
                field="status",
            )
        if target == ProjectStatus.PHO and locked.physical_progress < HUNDRED:
            raise DomainError(
                "pho_needs_full_progress",
                _(
                    "PHO needs 100%% physical progress; the latest progress is %(progress)s%%. "
                    "Record a progress update of 100%% first."
                )
                % {"progress": number_format(locked.physical_progress, decimal_pos=2)},
                field="status",
            )
        before = audit.snapshot(locked)
        locked.status = target
        locked.save()
        audit.record(actor=user, action="update", instance=locked, before=before, summary=f"status {target}")
        refresh_after_commit(locked.pk)

    project.status = locked.status
    project.updated_at = locked.updated_at
    return locked


def schedule_write(*, actor, project: Project, weeks: list[tuple[int, datetime.date, Decimal]], summary: str) -> int:
    """Write the kurva S ``weeks`` (week number, week end, planned percent) over the stored one, week by week.

    Changed weeks are updated in place and new weeks created, each with an audit entry holding the week before
    and after. Weeks beyond the new schedule are removed after an audit entry records their last values, so the
    old plan stays readable in the trail. Returns the number of weeks written. Run inside the caller's transaction.
    """
    existing = {entry.week: entry for entry in project.schedule.all()}
    written = 0
    for week, week_end, percent in weeks:
        entry = existing.pop(week, None)
        if entry is None:
            entry = ScheduleEntry.objects.create(project=project, week=week, week_end=week_end, planned_percent=percent)
            audit.record(actor=actor, action="create", instance=entry, summary=summary)
            written += 1
            continue
        if entry.week_end == week_end and entry.planned_percent == percent:
            continue
        before = audit.snapshot(entry)
        entry.week_end = week_end
        entry.planned_percent = percent
        entry.save(update_fields=["week_end", "planned_percent"])
        audit.record(actor=actor, action="update", instance=entry, before=before, summary=summary)
        written += 1

    for entry in sorted(existing.values(), key=lambda entry: entry.week):
        audit.record(actor=actor, action="remove", instance=entry, summary=summary)
        entry.delete()
    return written


def _validate_amendment(
    project: Project,
    *,
    number: str,
    date: datetime.date,
    kind: str,
    value_after: Decimal | None,
    end_after: datetime.date | None,
    description: str,
) -> None:
    if not number:
        raise DomainError(
            "amendment_number_missing", _("Enter the addendum number, for example Adendum I."), field="number"
        )
    if kind not in AmendmentKind.values:
        raise DomainError(
            "amendment_kind_invalid",
            _("Choose the kind of change: contract value, contract time or scope of work."),
            field="kind",
        )
    if project.contract_date is None:
        raise DomainError(
            "amendment_without_contract",
            _("This project has no contract date yet. Enter the contract first, then its addenda."),
            field="date",
        )
    if date > fiscal.local_today():
        raise DomainError(
            "amendment_date_future",
            _("The addendum date %(date)s is in the future. Enter the date the addendum was signed.")
            % {"date": date_format(date, "DATE_FORMAT")},
            field="date",
        )
    if date < project.contract_date:
        raise DomainError(
            "amendment_date_before_contract",
            _("The addendum date %(date)s is before the contract date %(contract)s. Enter a date on or after it.")
            % {"date": date_format(date, "DATE_FORMAT"), "contract": date_format(project.contract_date, "DATE_FORMAT")},
            field="date",
        )
    if kind == AmendmentKind.VALUE:
        if value_after is None:
            raise DomainError(
                "amendment_value_missing",
                _("A change of contract value needs the new contract value."),
                field="value_after",
            )
        if value_after <= 0:
            raise DomainError(
                "amendment_value_invalid",
                _("The new contract value must be more than zero."),
                field="value_after",
            )
        if value_after == project.contract_value:
            raise DomainError(
                "amendment_value_unchanged",
                _("The new contract value equals the current one. Enter the value after the addendum."),
                field="value_after",
            )
    if kind == AmendmentKind.DURATION:
        if end_after is None:
            raise DomainError(
                "amendment_end_missing",
                _("A change of contract time needs the new end date."),
                field="end_after",
            )
        current_end = project.planned_end_date
        if current_end is not None and end_after <= current_end:
            raise DomainError(
                "amendment_end_not_later",
                _("The new end date %(date)s must be after the current planned end %(end)s.")
                % {"date": date_format(end_after, "DATE_FORMAT"), "end": date_format(current_end, "DATE_FORMAT")},
                field="end_after",
            )
    if not description:
        raise DomainError(
            "amendment_description_missing",
            _("Describe what the addendum changes and why."),
            field="description",
        )


def amendment_record(
    *,
    user,
    project: Project,
    number: str,
    date: datetime.date,
    kind: str,
    description: str,
    value_after: Decimal | None = None,
    end_after: datetime.date | None = None,
) -> ContractAmendment:
    """Record a contract addendum (adendum, CCO) and carry its change onto the project.

    A value addendum sets the contract value and a time addendum the planned end date, while a scope addendum
    changes neither. The addendum keeps the values before the change, so its history reads without the audit
    trail.
    """
    _check_may_edit(user, project)
    number = (number or "").strip()
    description = (description or "").strip()

    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        _validate_amendment(
            locked,
            number=number,
            date=date,
            kind=kind,
            value_after=value_after,
            end_after=end_after,
            description=description,
        )
        amendment = ContractAmendment(
            project=locked, number=number, date=date, kind=kind, description=description, created_by=user
        )
        before = audit.snapshot(locked)
        if kind == AmendmentKind.VALUE:
            amendment.value_before = locked.contract_value
            amendment.value_after = value_after
            locked.contract_value = value_after
        elif kind == AmendmentKind.DURATION:
            amendment.end_before = locked.planned_end_date
            amendment.end_after = end_after
            locked.planned_end_date = end_after
        amendment.save()
        audit.record(actor=user, action="create", instance=amendment, summary=f"contract addendum {kind}")
        if audit.diff(before, audit.snapshot(locked)):
            locked.save()
            audit.record(actor=user, action="update", instance=locked, before=before, summary=f"addendum {number}")
        if kind == AmendmentKind.DURATION:
            refresh_after_commit(locked.pk)

    project.contract_value = locked.contract_value
    project.planned_end_date = locked.planned_end_date
    project.updated_at = locked.updated_at
    return amendment
