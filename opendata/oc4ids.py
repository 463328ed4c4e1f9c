"""Projects as an OC4IDS 0.9 project package (JSON), checked against the schema in opendata/schema/.

Mapping of SIMPOR's fields:
- id: SIMPOR_OC4IDS_PREFIX + the project's database id, e.g. "oc4ids-simpor1906-42".
- status: planned -> preparation, in progress -> implementation, PHO -> completion, FHO -> maintenance (the
  contractor's maintenance period has ended; the asset is in use), terminated -> cancelled.
- parties: the OPD (publicAuthority), the contractor (supplier), each village government (independentMonitor).
- forecasts: the planned kurva S as physicalProgress observations; metrics: the OPD's reported physical and
  financial progress and the villages' observed physical progress.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from evidence.models import Photo
from monitoring.models import MonitoringReport, ReportStatus
from projects.models import (
    AmendmentKind,
    ContractAmendment,
    ProgressUpdate,
    Project,
    ProjectStatus,
    ScheduleEntry,
    Sector,
)
from regions.models import Region

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
VERSION = "0.9"

STATUS = {
    ProjectStatus.PLANNED: "preparation",
    ProjectStatus.IN_PROGRESS: "implementation",
    ProjectStatus.PHO: "completion",
    ProjectStatus.FHO: "maintenance",
    ProjectStatus.TERMINATED: "cancelled",
}
CONTRACT_STATUS = {
    ProjectStatus.PLANNED: "pre-award",
    ProjectStatus.IN_PROGRESS: "active",
    ProjectStatus.PHO: "active",
    ProjectStatus.FHO: "closed",
    ProjectStatus.TERMINATED: "closed",
}
SECTOR = {
    Sector.ROADS: ["transport", "transport.road"],
    Sector.BRIDGES: ["transport", "transport.road"],
    Sector.BUILDINGS: ["governance"],
    Sector.SCHOOLS: ["education"],
    Sector.HEALTH: ["health"],
    Sector.DRAINAGE: ["waterAndWaste"],
    Sector.WATER: ["waterAndWaste"],
    Sector.IRRIGATION: ["economy"],
    Sector.SANITATION: ["waterAndWaste"],
    Sector.HOUSING: ["socialHousing"],
    Sector.AGRICULTURE: ["economy"],
    Sector.TRANSPORT: ["transport"],
}
PERCENT_UNIT = {"name": "percent", "scheme": "UNCEFACT", "id": "P1"}


def _datetime(day: datetime.date | datetime.datetime | None) -> str | None:
    """RFC 3339 date-time; a date is the start of that day in Asia/Jakarta."""
    if day is None:
        return None
    if not isinstance(day, datetime.datetime):
        day = datetime.datetime.combine(day, datetime.time(), tzinfo=JAKARTA)
    return day.astimezone(JAKARTA).isoformat()


def _money(amount: Decimal | None) -> dict | None:
    return None if amount is None else {"amount": float(amount), "currency": "IDR"}


def _clean(value):
    """Drop None, empty strings, lists and dicts: the schema forbids empty values almost everywhere."""
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        cleaned = [_clean(item) for item in value]
        return [item for item in cleaned if item not in (None, "", [], {})]
    return value


def export_queryset(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Load everything the package needs for each project in a fixed number of queries per chunk."""
    public_reports = MonitoringReport.objects.exclude(status=ReportStatus.WITHDRAWN).order_by("visit_date", "id")
    public_photos = (
        Photo.objects.exclude(report__status=ReportStatus.WITHDRAWN)
        .exclude(response__finding__report__status=ReportStatus.WITHDRAWN)
        .only("pk", "project_id", "caption", "received_at", "progress_update_id", "report_id", "response_id")
        .order_by("received_at", "id")
    )
    return projects.select_related("agency", "contractor").prefetch_related(
        Prefetch("villages", queryset=Region.objects.select_related("parent").order_by("code")),
        Prefetch("schedule", queryset=ScheduleEntry.objects.order_by("week")),
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("date", "id"), to_attr="history"),
        Prefetch("reports", queryset=public_reports, to_attr="public_reports"),
        Prefetch("photos", queryset=public_photos, to_attr="public_photos"),
        Prefetch("amendments", queryset=ContractAmendment.objects.order_by("date", "id"), to_attr="addenda"),
    )


class PackageBuilder:
    """Builds OC4IDS project objects; ``absolute`` turns a site path into a full URL."""

    def __init__(self, absolute: Callable[[str], str]):
        self.absolute = absolute

    def project(self, project: Project) -> dict:
        agency_party = f"opd-{project.agency_id}"
        parties = [
            {
                "id": agency_party,
                "name": project.agency.name,
                "roles": ["publicAuthority", "buyer", "procuringEntity"],
            }
        ]
        if project.contractor is not None:
            parties.append(
                {
                    "id": f"penyedia-{project.contractor_id}",
                    "name": project.contractor.name,
                    "roles": ["supplier"],
                    "identifier": {"scheme": "ID-NPWP", "id": project.contractor.npwp}
                    if project.contractor.npwp
                    else None,
                }
            )
        villages = list(project.villages.all())
        for village in villages:
            parties.append(
                {
                    "id": f"desa-{village.code}",
                    "name": f"Pemerintah {village.display_name}",
                    "roles": ["independentMonitor"],
                    "identifier": {"scheme": "ID-KEMENDAGRI", "id": village.code, "legalName": village.display_name},
                    "address": {
                        "locality": village.name,
                        "region": village.parent.name if village.parent else None,
                        "countryName": "Indonesia",
                    },
                }
            )

        page_url = self.absolute(reverse("portal:project_detail", args=[project.pk]))
        data = {
            "id": f"{settings.SIMPOR_OC4IDS_PREFIX}{project.pk}",
            "updated": _datetime(project.updated_at),
            "language": "id",
            "identifiers": [
                {"id": str(project.pk), "scheme": "SIMPOR"},
                {"id": project.rup_code, "scheme": "ID-SIRUP"} if project.rup_code else None,
            ],
            "publicAuthority": {"id": agency_party, "name": project.agency.name},
            "title": project.name,
            "description": project.location_description or project.name,
            "status": STATUS.get(project.status, "implementation"),
            "sector": SECTOR.get(project.sector, []),
            "budget": {"amount": _money(project.budget_ceiling)},
            "period": self._period(project.start_date, project.planned_end_date, project.duration_days),
            "parties": parties,
            "locations": self._locations(project, villages),
            "forecasts": self._forecasts(project),
            "metrics": self._metrics(project),
            "milestones": self._milestones(project),
            "completion": self._completion(project),
            "contractingProcesses": [self._contracting_process(project)],
            "documents": self._documents(project, page_url),
        }
        return _clean(data)

    def _period(self, start, end, days) -> dict:
        return {"startDate": _datetime(start), "endDate": _datetime(end), "durationInDays": days}

    def _locations(self, project: Project, villages: list[Region]) -> list[dict]:
        locations = []
        if project.latitude is not None and project.longitude is not None:
            locations.append(
                {
                    "id": "site",
                    "description": project.location_description or project.name,
                    "geometry": {"type": "Point", "coordinates": [float(project.longitude), float(project.latitude)]},
                }
            )
        for village in villages:
            location = {
                "id": f"desa-{village.code}",
                "description": village.display_name,
                "gazetteer": {"scheme": "ID-KEMENDAGRI", "identifiers": [village.code]},
                "address": {
                    "locality": village.display_name,
                    "region": village.parent.display_name if village.parent else None,
                    "countryName": "Indonesia",
                },
            }
            if village.latitude is not None and village.longitude is not None and not locations:
                location["geometry"] = {
                    "type": "Point",
                    "coordinates": [float(village.longitude), float(village.latitude)],
                }
            locations.append(location)
        return locations

    def _forecasts(self, project: Project) -> list[dict]:
        observations = [
            {
                "id": f"plan-w{entry.week}",
                "period": {"endDate": _datetime(entry.week_end)},
                "measure": float(entry.planned_percent),
                "unit": PERCENT_UNIT,
            }
            for entry in project.schedule.all()
        ]
        if not observations:
            return []
        return [
            {
                "id": "physicalProgress",
                "title": "Rencana progres fisik kumulatif (kurva S)",
                "observations": observations,
            }
        ]

    def _metrics(self, project: Project) -> list[dict]:
        history = project.history
        metrics = []
        if history:
            metrics.append(
                {
                    "id": "physicalProgress",
                    "title": "Progres fisik dilaporkan OPD",
                    "observations": [
                        {
                            "id": f"opd-{update.pk}",
                            "period": {"endDate": _datetime(update.date)},
                            "measure": float(update.physical_percent),
                            "unit": PERCENT_UNIT,
                        }
                        for update in history
                    ],
                }
            )
            metrics.append(
                {
                    "id": "financialProgress",
                    "title": "Realisasi keuangan dilaporkan OPD",
                    "observations": [
                        {
                            "id": f"opd-{update.pk}",
                            "period": {"endDate": _datetime(update.date)},
                            "measure": float(update.financial_percent),
                            "unit": PERCENT_UNIT,
                        }
                        for update in history
                    ],
                }
            )
        if project.public_reports:
            metrics.append(
                {
                    "id": "physicalProgressObservedByVillage",
                    "title": "Progres fisik hasil pemantauan desa",
                    "observations": [
                        {
                            "id": f"desa-{report.pk}",
                            "period": {"endDate": _datetime(report.visit_date)},
                            "measure": float(report.observed_progress),
                            "unit": PERCENT_UNIT,
                        }
                        for report in project.public_reports
                    ],
                }
            )
        return metrics

    def _milestones(self, project: Project) -> list[dict]:
        milestones = []
        if project.contract_date:
            milestones.append(
                {
                    "id": "contract-signed",
                    "title": "Penandatanganan kontrak",
                    "type": "contractSignature",
                    "dueDate": _datetime(project.contract_date),
                    "dateMet": _datetime(project.contract_date),
                    "status": "met",
                }
            )
        if project.start_date:
            started = project.status != ProjectStatus.PLANNED
            milestones.append(
                {
                    "id": "spmk",
                    "title": "SPMK (mulai kerja)",
                    "type": "delivery",
                    "dueDate": _datetime(project.start_date),
                    "dateMet": _datetime(project.start_date) if started else None,
                    "status": "met" if started else "scheduled",
                }
            )
        if project.planned_end_date:
            handed_over = project.status in (ProjectStatus.PHO, ProjectStatus.FHO)
            milestones.append(
                {
                    "id": "pho",
                    "title": "Serah terima pertama (PHO)",
                    "type": "delivery",
                    "dueDate": _datetime(project.planned_end_date),
                    "status": "met" if handed_over else "scheduled",
                }
            )
        return milestones

    def _completion(self, project: Project) -> dict | None:
        if project.status not in (ProjectStatus.PHO, ProjectStatus.FHO, ProjectStatus.TERMINATED):
            return None
        return {
            "endDate": _datetime(project.progress_date),
            "endDateDetails": "Tanggal laporan progres terakhir OPD" if project.progress_date else None,
            "finalValue": _money(project.contract_value),
        }

    def _modification(self, project: Project, amendment: ContractAmendment) -> dict:
        modification = {
            "id": f"adendum-{amendment.pk}",
            "date": _datetime(amendment.date),
            "type": amendment.kind,
            "description": amendment.number,
            "rationale": amendment.description,
        }
        if amendment.kind == AmendmentKind.VALUE:
            modification["oldContractValue"] = _money(amendment.value_before)
            modification["newContractValue"] = _money(amendment.value_after)
        elif amendment.kind == AmendmentKind.DURATION:
            modification["oldContractPeriod"] = self._period(project.start_date, amendment.end_before, None)
            modification["newContractPeriod"] = self._period(project.start_date, amendment.end_after, None)
        return modification

    def _contracting_process(self, project: Project) -> dict:
        addenda = project.addenda
        modifications = [self._modification(project, amendment) for amendment in addenda]

        # contractValue and contractPeriod hold the contract as signed; the addenda carry it to today's values.
        value_changes = [amendment for amendment in addenda if amendment.kind == AmendmentKind.VALUE]
        time_changes = [amendment for amendment in addenda if amendment.kind == AmendmentKind.DURATION]
        initial_value = value_changes[0].value_before if value_changes else project.contract_value
        initial_end = time_changes[0].end_before if time_changes else project.planned_end_date

        computed_end = project.compute_planned_end()
        # Without a recorded time addendum, a planned end that differs from SPMK date + duration was still set
        # by one (entered before SIMPOR recorded addenda, or imported), so it is listed as a duration change.
        if not time_changes and computed_end and project.planned_end_date and project.planned_end_date != computed_end:
            modifications.append(
                {
                    "id": "end-date",
                    "type": "duration",
                    "description": (
                        f"Akhir kontrak {project.planned_end_date.isoformat()} (semula {computed_end.isoformat()})"
                    ),
                }
            )
        summary = {
            "externalReference": project.contract_number or None,
            "nature": ["construction"],
            "title": project.name,
            "status": CONTRACT_STATUS.get(project.status, "active"),
            "tender": {
                "costEstimate": _money(project.budget_ceiling),
                "procuringEntity": {"id": f"opd-{project.agency_id}", "name": project.agency.name},
            },
            "suppliers": [{"id": f"penyedia-{project.contractor_id}", "name": project.contractor.name}]
            if project.contractor
            else [],
            "contractValue": _money(initial_value),
            "contractPeriod": self._period(project.start_date, initial_end, project.duration_days),
            "modifications": modifications,
        }
        return {"id": f"{settings.SIMPOR_OC4IDS_PREFIX}{project.pk}-kontrak", "summary": summary}

    def _documents(self, project: Project, page_url: str) -> list[dict]:
        documents = [
            {
                "id": "portal",
                "documentType": "projectScope",
                "title": "Halaman proyek di portal SIMPOR",
                "url": page_url,
                "format": "text/html",
                "language": "id",
            }
        ]
        for update in project.history:
            documents.append(
                {
                    "id": f"progress-{update.pk}",
                    "documentType": "progressReport",
                    "title": f"Laporan progres {update.date.isoformat()}",
                    "url": page_url,
                    "datePublished": _datetime(update.created_at),
                    "format": "text/html",
                }
            )
        for photo in project.public_photos:
            documents.append(
                {
                    "id": f"photo-{photo.pk}",
                    "documentType": "physicalProgressReport",
                    "title": photo.caption or "Foto lokasi",
                    "url": self.absolute(reverse("evidence:photo_file", args=[photo.pk, "web"])),
                    "datePublished": _datetime(photo.received_at),
                    "format": "image/jpeg",
                }
            )
        return documents


def project_package(projects: Iterable[Project], *, absolute: Callable[[str], str], uri: str) -> dict:
    """Return an OC4IDS project package of ``projects`` (which must come from export_queryset)."""
    builder = PackageBuilder(absolute)
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": timezone.now().astimezone(JAKARTA).isoformat(timespec="seconds"),
        "publisher": {"name": settings.SIMPOR_PUBLISHER},
        "license": settings.SIMPOR_DATA_LICENCE["url"],
        "publicationPolicy": absolute(reverse("opendata:about")),
        "projects": [builder.project(project) for project in projects],
    }


def iter_package_json(projects: Iterator[Project], *, absolute: Callable[[str], str], uri: str) -> Iterator[str]:
    """Yield the package as JSON text piece by piece, one project at a time, for large exports."""
    head = project_package([], absolute=absolute, uri=uri)
    head.pop("projects")
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "projects": ['
    builder = PackageBuilder(absolute)
    for index, project in enumerate(projects):
        yield ("," if index else "") + json.dumps(builder.project(project), ensure_ascii=False)
    yield "]}"


@cache
def validator():
    """Return a Draft 4 validator of the package schema, resolving the project schema from disk, not the web."""
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    project_schema = json.loads((SCHEMA_DIR / "project-schema.json").read_text())
    package_schema = json.loads((SCHEMA_DIR / "project-package-schema.json").read_text())
    registry = Registry().with_resources(
        [
            (project_schema["id"], Resource(project_schema, DRAFT4)),
            (package_schema["id"], Resource(package_schema, DRAFT4)),
        ]
    )
    return Draft4Validator(package_schema, registry=registry, format_checker=FormatChecker())
