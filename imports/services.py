"""Import projects from a filled-in template: check every row first, then save all of them or none."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import roles
from audit import services as audit
from core.errors import DomainError
from earlywarning.hooks import refresh_after_commit
from imports.columns import PACKAGE_SHEET
from imports.errors import RowError
from imports.reading import FILE_FORMATS, read_source, read_upload
from imports.validation import CheckedFile, PackageRow, ScheduleWeek, check_file
from projects.models import Contractor, Project, ProjectStatus
from projects.services import schedule_write

logger = logging.getLogger(__name__)

# The screen lists this many errors; the rest are counted.
MAX_REPORTED_ERRORS = 200
# Fields the import never compares when deciding whether a package changed.
UNCOMPARED_FIELDS = {"updated_at", "created_at", "villages"}


@dataclass
class ImportResult:
    """Outcome of an import: the projects it created, updated or left as they were, or the errors that stopped it."""

    created: list[Project] = field(default_factory=list)
    updated: list[Project] = field(default_factory=list)
    unchanged: list[Project] = field(default_factory=list)
    schedules_replaced: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def unlisted_error_count(self) -> int:
        return self.error_count - len(self.errors)


def project_import(*, user, file, file_format: str) -> ImportResult:
    """Create or update the projects listed in ``file`` (an .xlsx or .csv upload) for ``user``.

    Every row is checked before anything is written. If any row is invalid, the result lists the errors
    and the database is unchanged. A row updates an existing project of the same fiscal year and OPD
    with the same Kode RUP (or, without one, the same contract number). Raises DomainError when the file
    as a whole cannot be read.
    """
    if not roles.can_import_projects(user):
        raise DomainError("import_not_allowed", _("Only administrators and OPD users may import projects."))
    if file_format not in FILE_FORMATS:
        raise DomainError("import_file_type", _("Upload the filled-in template as .xlsx or .csv."))

    source = read_source(read_upload(file), file_format)
    checked = check_file(source, user=user)
    if checked.errors:
        errors = sorted(checked.errors, key=lambda error: (error.sheet != PACKAGE_SHEET, error.row))
        logger.info("Project import by user %s rejected: %s errors", user.pk, len(errors))
        return ImportResult(errors=errors[:MAX_REPORTED_ERRORS], error_count=len(errors))
    if not checked.packages:
        raise DomainError(
            "import_no_rows",
            _(
                "The sheet '%(sheet)s' has no packages to import. Fill in one row per package below the header "
                "row; the example row starting with CONTOH is not imported."
            )
            % {"sheet": PACKAGE_SHEET},
        )

    result = ImportResult()
    file_name = PurePath(getattr(file, "name", "") or "").name
    # NOTE: rows were matched to existing projects without a lock, so two uploads of the same new
    # package running at the same moment can both create it.
    with transaction.atomic():
        contractors: dict[str, Contractor] = {}
        for package in checked.packages:
            _save_package(package, checked, user=user, file_name=file_name, contractors=contractors, result=result)
    logger.info(
        "Project import by user %s: %s created, %s updated, %s unchanged",
        user.pk,
        len(result.created),
        len(result.updated),
        len(result.unchanged),
    )
    return result


def _save_package(
    package: PackageRow,
    checked: CheckedFile,
    *,
    user,
    file_name: str,
    contractors: dict[str, Contractor],
    result: ImportResult,
) -> None:
    project = package.existing
    before = audit.snapshot(project) if project is not None else None
    if project is None:
        project = Project(status=ProjectStatus.PLANNED)

    for key, value in package.values.items():
        setattr(project, key, value)
    if package.contractor_name:
        project.contractor = _contractor(package.contractor_name, checked, user=user, contractors=contractors)
    if "planned_end_date" not in package.values and project.start_date and project.duration_days:
        project.planned_end_date = project.compute_planned_end()

    weeks = checked.schedules.get(package.number)
    if before is not None and not _changed(project, before, package, weeks):
        result.unchanged.append(project)
        return

    start_changed = before is not None and audit.snapshot(project)["start_date"] != before["start_date"]
    project.save()
    project.villages.set(package.villages)
    if weeks is not None:
        schedule_write(actor=user, project=project, weeks=_schedule_rows(project, weeks), summary="kurva S imported")
        result.schedules_replaced += 1
    elif start_changed:
        _redate_schedule(project, user=user)

    if weeks is not None:
        summary = ngettext(
            "Imported from %(file)s with a kurva S of %(weeks)s week.",
            "Imported from %(file)s with a kurva S of %(weeks)s weeks.",
            len(weeks),
        ) % {"file": file_name, "weeks": len(weeks)}
    else:
        summary = _("Imported from %(file)s.") % {"file": file_name}
    audit.record(
        actor=user, action="create" if before is None else "update", instance=project, before=before, summary=summary
    )
    (result.created if before is None else result.updated).append(project)
    refresh_after_commit(project.pk)


def _contractor(name: str, checked: CheckedFile, *, user, contractors: dict[str, Contractor]) -> Contractor:
    key = name.casefold()
    if key in contractors:
        return contractors[key]
    contractor = checked.contractors.get(key)
    if contractor is None:
        contractor, created = Contractor.objects.get_or_create(name=name)
        if created:
            audit.record(actor=user, action="create", instance=contractor, summary=_("Added by a project import."))
    contractors[key] = contractor
    return contractor


def _changed(project: Project, before: dict, package: PackageRow, weeks: list[ScheduleWeek] | None) -> bool:
    """Tell whether saving the row would change the project, its desa or its kurva S."""
    after = audit.snapshot(project)
    if any(key not in UNCOMPARED_FIELDS for key in audit.diff(before, after)):
        return True
    if sorted(before["villages"]) != sorted(village.pk for village in package.villages):
        return True
    if weeks is None:
        return False
    current = [(entry.week, entry.week_end, entry.planned_percent) for entry in project.schedule.all()]
    return current != _schedule_rows(project, weeks)


def _schedule_rows(project: Project, weeks: list[ScheduleWeek]) -> list[tuple]:
    return [(week.week, _week_end(project.start_date, week.week), week.planned_percent) for week in weeks]


def _week_end(start: datetime.date, week: int) -> datetime.date:
    """Week 1 runs from the SPMK date through the sixth day after it."""
    return start + datetime.timedelta(days=7 * week - 1)


def _redate_schedule(project: Project, *, user) -> None:
    """Move the existing kurva S weeks to a changed start date."""
    if project.start_date is None:
        return
    weeks = [
        (entry.week, _week_end(project.start_date, entry.week), entry.planned_percent)
        for entry in project.schedule.all()
    ]
    schedule_write(actor=user, project=project, weeks=weeks, summary="kurva S redated to the new start date")
