"""Check every row of an import file and turn it into the values to save, or into RowError entries.

Nothing here writes to the database. The checks run in three passes: each cell on its own, then the
matching of rows against existing projects, then the rules that need both (dates and amounts that must
agree, and the kurva S of each package).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.formatting import format_percent, format_rupiah
from imports.columns import EXAMPLE_MARKER, PACKAGE_COLUMNS, SCHEDULE_COLUMNS, Column
from imports.errors import RowError
from imports.lookups import Lookups
from imports.parsing import (
    ParseError,
    clean_text,
    is_blank,
    normalize_name,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_percent,
    parse_rupiah,
)
from imports.reading import SourceFile, SourceRow, Table
from projects.models import Contractor, Project

COLUMNS_BY_KEY = {column.key: column for column in PACKAGE_COLUMNS + SCHEDULE_COLUMNS}
MAX_DURATION_DAYS = 3650
MAX_WEEKS = 520
# How far ahead a fiscal year may lie: plans are made a few years ahead at most.
FUTURE_FISCAL_YEARS = 5
# A rough box around Indonesia. A point outside it is a typing error or swapped coordinates.
LATITUDE_RANGE = (Decimal("-11.5"), Decimal("6.5"))
LONGITUDE_RANGE = (Decimal("94"), Decimal("141.5"))
TEXT_FIELDS = ("location_description", "rup_code", "contract_number", "ppk_name", "supervisor")


@dataclass
class PackageRow:
    """A valid row of the sheet Paket: the project fields it sets and what it points at."""

    number: int
    values: dict[str, Any]
    villages: list
    contractor_name: str = ""
    existing: Project | None = None


@dataclass
class ScheduleWeek:
    number: int
    week: int
    planned_percent: Decimal


@dataclass
class CheckedFile:
    packages: list[PackageRow] = field(default_factory=list)
    schedules: dict[int, list[ScheduleWeek]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    # Existing contractors named in the file, by name in lower case.
    contractors: dict[str, Contractor] = field(default_factory=dict)


class RowChecker:
    """Read the cells of one row, collecting an error for each bad cell instead of stopping at the first."""

    def __init__(self, table: Table, row: SourceRow, errors: list[RowError]):
        self.table = table
        self.row = row
        self.errors = errors
        self.failed = False

    def header(self, key: str) -> str:
        return self.table.headers.get(key) or COLUMNS_BY_KEY[key].header

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.table.sheet, self.row.number, self.header(key), message))
        self.failed = True

    def raw(self, key: str) -> Any:
        return self.row.values.get(key)

    def read(self, key: str, parse, **options) -> Any:
        """Return the parsed cell, or None when it is empty or invalid (the error is recorded)."""
        value = self.raw(key)
        column: Column = COLUMNS_BY_KEY[key]
        if is_blank(value):
            if column.required:
                self.error(
                    key,
                    _("This column is required. %(description)s") % {"description": column.description},
                )
            return None
        try:
            return parse(value, **options)
        except ParseError as error:
            self.error(key, error.message)
            return None

    def text(self, key: str, *, max_length: int) -> str:
        value = self.read(key, clean_text)
        if value and len(value) > max_length:
            self.error(
                key,
                _("The text has %(length)s characters; at most %(max)s fit. Shorten it.")
                % {"length": len(value), "max": max_length},
            )
            return ""
        return value or ""


def check_file(source: SourceFile, *, user) -> CheckedFile:
    checked = CheckedFile(errors=list(source.header_errors))
    package_rows = [row for row in source.packages.rows if not _is_example(row)]
    example_rows = [row for row in source.packages.rows if _is_example(row)]
    contractor_names = {clean_text(row.values.get("contractor")) for row in package_rows} - {""}
    lookups = Lookups(user=user, contractor_names=contractor_names)
    checked.contractors = lookups.contractors

    for row in package_rows:
        package = _check_package(source.packages, row, lookups, checked.errors)
        if package is not None:
            checked.packages.append(package)
    _match_existing(checked.packages, source.packages, checked.errors)
    for package in checked.packages:
        _check_consistency(package, source.packages, checked.errors)

    if source.schedule is not None:
        checked.schedules = _check_schedule(source, package_rows, example_rows, checked)
    valid_rows = {package.number for package in checked.packages}
    failed_rows = {error.row for error in checked.errors if error.sheet == source.packages.sheet}
    checked.packages = [package for package in checked.packages if package.number not in failed_rows]
    checked.schedules = {number: weeks for number, weeks in checked.schedules.items() if number in valid_rows}
    return checked


def _is_example(row: SourceRow) -> bool:
    return normalize_name(row.values.get("name")).startswith(EXAMPLE_MARKER.casefold())


# --- pass 1: each cell ---


def _check_package(table: Table, row: SourceRow, lookups: Lookups, errors: list[RowError]) -> PackageRow | None:
    cells = RowChecker(table, row, errors)
    values: dict[str, Any] = {}

    fiscal_year = cells.read("fiscal_year", parse_integer)
    this_year = timezone.localdate().year
    if fiscal_year is not None and not 2000 <= fiscal_year <= this_year + FUTURE_FISCAL_YEARS:
        cells.error(
            "fiscal_year",
            _("The fiscal year %(year)s is not plausible. Write a year from 2000 to %(max)s.")
            % {"year": fiscal_year, "max": this_year + FUTURE_FISCAL_YEARS},
        )
    values["fiscal_year"] = fiscal_year
    values["name"] = cells.text("name", max_length=Project._meta.get_field("name").max_length)
    values["agency"] = cells.read("agency", lookups.agency)
    values["sector"] = cells.read("sector", lookups.sectors.resolve)
    villages = cells.read("villages", lookups.villages)
    values["funding_source"] = cells.read("funding_source", lookups.funding_sources.resolve)

    budget = cells.read("budget_ceiling", parse_rupiah)
    if budget is not None and budget <= 0:
        cells.error("budget_ceiling", _("The budget ceiling must be more than zero."))
    values["budget_ceiling"] = budget

    for key in TEXT_FIELDS:
        if not is_blank(cells.raw(key)):
            values[key] = cells.text(key, max_length=Project._meta.get_field(key).max_length)
    contractor_name = cells.text("contractor", max_length=Contractor._meta.get_field("name").max_length)

    _read_coordinates(cells, values)
    _read_contract(cells, values)
    status = cells.read("status", lookups.statuses.resolve)
    if status is not None:
        values["status"] = status

    if cells.failed:
        return None
    return PackageRow(number=row.number, values=values, villages=villages, contractor_name=contractor_name)


def _read_coordinates(cells: RowChecker, values: dict[str, Any]) -> None:
    latitude = cells.read("latitude", parse_decimal, places=6)
    longitude = cells.read("longitude", parse_decimal, places=6)
    latitude_written = clean_text(cells.raw("latitude"))
    longitude_written = clean_text(cells.raw("longitude"))
    swapped = (
        latitude is not None
        and longitude is not None
        and LONGITUDE_RANGE[0] <= latitude <= LONGITUDE_RANGE[1]
        and LATITUDE_RANGE[0] <= longitude <= LATITUDE_RANGE[1]
    )
    if swapped:
        cells.error(
            "latitude",
            _(
                "The latitude %(latitude)s and the longitude %(longitude)s look swapped. Write the latitude "
                "(from -11 to 6 in Indonesia) in Lintang and the longitude (from 94 to 141) in Bujur."
            )
            % {"latitude": latitude_written, "longitude": longitude_written},
        )
        return
    if latitude is not None and not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        cells.error(
            "latitude",
            _("The latitude %(value)s lies outside Indonesia (from -11 to 6). Check the number and its sign.")
            % {"value": latitude_written},
        )
        latitude = None
    if longitude is not None and not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        cells.error(
            "longitude",
            _("The longitude %(value)s lies outside Indonesia (from 94 to 141). Check the number and its sign.")
            % {"value": longitude_written},
        )
        longitude = None

    if latitude is not None and longitude is not None:
        values["latitude"] = latitude
        values["longitude"] = longitude
    elif latitude_written and not longitude_written:
        cells.error("longitude", _("Lintang is filled in but Bujur is empty. Fill in both, or leave both empty."))
    elif longitude_written and not latitude_written:
        cells.error("latitude", _("Bujur is filled in but Lintang is empty. Fill in both, or leave both empty."))


def _read_contract(cells: RowChecker, values: dict[str, Any]) -> None:
    contract_value = cells.read("contract_value", parse_rupiah)
    if contract_value is not None:
        if contract_value <= 0:
            cells.error("contract_value", _("The contract value must be more than zero, or leave the cell empty."))
        values["contract_value"] = contract_value

    for key in ("contract_date", "start_date", "planned_end_date"):
        date = cells.read(key, parse_date)
        if date is not None:
            values[key] = date

    duration = cells.read("duration_days", parse_integer, unit="hari")
    if duration is not None:
        if not 1 <= duration <= MAX_DURATION_DAYS:
            cells.error(
                "duration_days",
                _("A duration of %(days)s days is not plausible. Write the number of calendar days, 1 to %(max)s.")
                % {"days": duration, "max": MAX_DURATION_DAYS},
            )
        values["duration_days"] = duration


# --- pass 2: rows against existing projects and each other ---


def _match_existing(packages: list[PackageRow], table: Table, errors: list[RowError]) -> None:
    """Point each row at the project it updates: same fiscal year and OPD, and the same Kode RUP or,
    failing that, the same contract number. Two rows may not point at the same package."""
    rup_codes = {package.values.get("rup_code") for package in packages} - {None, ""}
    contract_numbers = {package.values.get("contract_number") for package in packages} - {None, ""}
    candidates = Project.objects.filter(
        fiscal_year__in={package.values["fiscal_year"] for package in packages},
        agency__in={package.values["agency"] for package in packages},
    ).filter(Q(rup_code__in=rup_codes) | Q(contract_number__in=contract_numbers))
    by_rup: dict[tuple, list[Project]] = {}
    by_contract: dict[tuple, list[Project]] = {}
    for project in candidates.prefetch_related("villages", "schedule"):
        scope = (project.fiscal_year, project.agency_id)
        if project.rup_code:
            by_rup.setdefault((*scope, project.rup_code), []).append(project)
        if project.contract_number:
            by_contract.setdefault((*scope, project.contract_number), []).append(project)

    seen_keys: dict[tuple, int] = {}
    seen_projects: dict[int, int] = {}
    for package in packages:
        scope = (package.values["fiscal_year"], package.values["agency"].pk)
        rup_code = package.values.get("rup_code", "")
        contract_number = package.values.get("contract_number", "")
        key_column = "rup_code" if rup_code else "contract_number"
        key = (*scope, key_column, rup_code or contract_number)
        if rup_code or contract_number:
            if key in seen_keys:
                _row_error(
                    errors,
                    table,
                    package,
                    key_column,
                    _(
                        "Row %(other)s has the same value for the same fiscal year and OPD. "
                        "Each package may appear once."
                    )
                    % {"other": seen_keys[key]},
                )
                continue
            seen_keys[key] = package.number

        matches = by_rup.get((*scope, rup_code), []) if rup_code else []
        if not matches and contract_number:
            matches = by_contract.get((*scope, contract_number), [])
            conflicting = [project for project in matches if project.rup_code and project.rup_code != rup_code]
            if conflicting and rup_code:
                _row_error(
                    errors,
                    table,
                    package,
                    "contract_number",
                    _(
                        "The contract number already belongs to the package '%(name)s' with Kode RUP %(code)s. "
                        "Correct the Kode RUP or the contract number."
                    )
                    % {"name": conflicting[0].name, "code": conflicting[0].rup_code},
                )
                continue
            key_column = "contract_number"
        if len(matches) > 1:
            _row_error(
                errors,
                table,
                package,
                key_column,
                _(
                    "%(count)s packages of this fiscal year and OPD already have this value, so the row cannot "
                    "tell which one to update. Correct the duplicates in SIMPOR first."
                )
                % {"count": len(matches)},
            )
            continue
        if matches:
            project = matches[0]
            if project.pk in seen_projects:
                _row_error(
                    errors,
                    table,
                    package,
                    key_column,
                    _("Row %(other)s already updates the package '%(name)s'. Each package may appear once.")
                    % {"other": seen_projects[project.pk], "name": project.name},
                )
                continue
            seen_projects[project.pk] = package.number
            package.existing = project


def _row_error(errors: list[RowError], table: Table, package: PackageRow, key: str, message: str) -> None:
    header = table.headers.get(key) or COLUMNS_BY_KEY[key].header
    errors.append(RowError(table.sheet, package.number, header, message))


# --- pass 3: rules between fields, on the values the project will have after the import ---


def merged_value(package: PackageRow, key: str) -> Any:
    """The value the project will have: the row's, or the existing project's where the row is empty."""
    if key in package.values:
        return package.values[key]
    if package.existing is not None:
        return getattr(package.existing, key)
    return None


def _check_consistency(package: PackageRow, table: Table, errors: list[RowError]) -> None:
    contract_value = merged_value(package, "contract_value")
    budget = package.values["budget_ceiling"]
    if contract_value is not None and contract_value > budget:
        _row_error(
            errors,
            table,
            package,
            "contract_value",
            _("The contract value %(value)s is larger than the budget ceiling %(budget)s. Check both amounts.")
            % {"value": format_rupiah(contract_value), "budget": format_rupiah(budget)},
        )

    contract_date = merged_value(package, "contract_date")
    start = merged_value(package, "start_date")
    if contract_date and start and start < contract_date:
        _row_error(
            errors,
            table,
            package,
            "start_date",
            _("The SPMK date %(start)s is before the contract date %(contract)s. Work starts after signing.")
            % {"start": _date(start), "contract": _date(contract_date)},
        )

    end = package.values.get("planned_end_date")
    duration = merged_value(package, "duration_days")
    if end is None:
        return
    if start and end < start:
        _row_error(
            errors,
            table,
            package,
            "planned_end_date",
            _("The end date %(end)s is before the start date %(start)s. Check both dates.")
            % {"end": _date(end), "start": _date(start)},
        )
    elif start and duration:
        expected = start + datetime.timedelta(days=duration - 1)
        if end != expected:
            _row_error(
                errors,
                table,
                package,
                "planned_end_date",
                _(
                    "The end date %(end)s does not match the start date plus %(days)s days, which ends on "
                    "%(expected)s (the start date is day 1). Correct the date or the duration, or leave the end "
                    "date empty."
                )
                % {"end": _date(end), "days": duration, "expected": _date(expected)},
            )


def _date(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


# --- the kurva S ---


def _check_schedule(
    source: SourceFile, package_rows: list[SourceRow], example_rows: list[SourceRow], checked: CheckedFile
) -> dict[int, list[ScheduleWeek]]:
    table = source.schedule
    assert table is not None
    errors = checked.errors
    rows_by_rup: dict[str, int] = {}
    for row in package_rows:
        code = clean_text(row.values.get("rup_code"))
        if code:
            rows_by_rup.setdefault(code, row.number)
    row_numbers = {row.number for row in package_rows}
    # Kurva S rows of the template's example package are skipped with it, unless a real package took
    # over the example's Kode RUP.
    example_refs = {str(row.number) for row in example_rows}
    example_refs.update(clean_text(row.values.get("rup_code")) for row in example_rows)
    example_refs -= set(rows_by_rup) | {""}

    weeks_by_package: dict[int, list[ScheduleWeek]] = {}
    for row in table.rows:
        cells = RowChecker(table, row, errors)
        reference = clean_text(row.values.get("package"))
        if reference in example_refs:
            continue
        package_number = _package_reference(cells, reference, rows_by_rup, row_numbers)
        week = cells.read("week", parse_integer)
        if week is not None and not 1 <= week <= MAX_WEEKS:
            cells.error(
                "week", _("Week %(week)s is not plausible. Number the weeks 1, 2, 3 and so on.") % {"week": week}
            )
        percent = cells.read("planned_percent", parse_percent)
        if not cells.failed:
            weeks_by_package.setdefault(package_number, []).append(ScheduleWeek(row.number, week, percent))

    packages = {package.number: package for package in checked.packages}
    for package_number, weeks in weeks_by_package.items():
        _check_weeks(table, package_number, weeks, packages.get(package_number), errors)
    return weeks_by_package


def _package_reference(
    cells: RowChecker, reference: str, rows_by_rup: dict[str, int], row_numbers: set[int]
) -> int | None:
    if not reference:
        cells.read("package", clean_text)
        return None
    by_rup = rows_by_rup.get(reference)
    by_number = int(reference) if reference.isdigit() and int(reference) in row_numbers else None
    if by_rup is not None and by_number is not None and by_rup != by_number:
        cells.error(
            "package",
            _(
                "'%(value)s' is both the Kode RUP of the package in row %(rup_row)s and the number of row "
                "%(value)s. Write %(rup_row)s for the package with that Kode RUP, or the Kode RUP of the package "
                "in row %(value)s."
            )
            % {"value": reference, "rup_row": by_rup},
        )
        return None
    if by_rup is not None:
        return by_rup
    if by_number is not None:
        return by_number
    cells.error(
        "package",
        _(
            "'%(value)s' is neither the row number nor the Kode RUP of a package in the sheet Paket. Write the "
            "row number the package has in Excel, for example 3, or its Kode RUP."
        )
        % {"value": reference},
    )
    return None


def _check_weeks(
    table: Table, package_number: int, weeks: list[ScheduleWeek], package: PackageRow | None, errors: list[RowError]
) -> None:
    def error(week: ScheduleWeek, key: str, message: str) -> None:
        header = table.headers.get(key) or COLUMNS_BY_KEY[key].header
        errors.append(RowError(table.sheet, week.number, header, message))

    weeks.sort(key=lambda week: (week.week, week.number))
    if package is not None and merged_value(package, "start_date") is None:
        error(
            weeks[0],
            "package",
            _(
                "The package in row %(row)s has no Tanggal Mulai (SPMK), from which the weeks are dated. "
                "Fill in Tanggal Mulai in the sheet Paket."
            )
            % {"row": package_number},
        )

    previous: ScheduleWeek | None = None
    expected = 1
    for week in weeks:
        if previous is not None and week.week == previous.week:
            error(
                week,
                "week",
                _("Week %(week)s of the package in row %(package)s also appears in row %(other)s. Keep one of them.")
                % {"week": week.week, "package": package_number, "other": previous.number},
            )
            continue
        if week.week != expected:
            error(
                week,
                "week",
                _(
                    "The weeks of the package in row %(package)s must run 1, 2, 3 without gaps, but week "
                    "%(expected)s is missing."
                )
                % {"package": package_number, "expected": expected},
            )
            expected = week.week
        if previous is not None and week.planned_percent < previous.planned_percent:
            error(
                week,
                "planned_percent",
                _(
                    "%(percent)s in week %(week)s is lower than %(previous)s in week %(previous_week)s. The "
                    "kurva S is cumulative and may not go down."
                )
                % {
                    "percent": format_percent(week.planned_percent),
                    "week": week.week,
                    "previous": format_percent(previous.planned_percent),
                    "previous_week": previous.week,
                },
            )
        previous = week
        expected += 1
