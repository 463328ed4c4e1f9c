"""The demo data set: one fiscal year of a kabupaten's projects as SIMPOR would hold them.

``seed_demo_data`` builds it for the current fiscal year from the regions that import_regions loaded. It creates
OPDs with their accounts, an account per desa, contracted and planned projects with a kurva S each, the OPDs'
progress updates, the villages' visit reports with drawn photos and findings, and the OPDs' follow-up. Progress,
reports and follow-up go through the same services as the screens, so demo data obeys the same rules.

Only a demo set-up (settings.SIMPOR_DEMO, SIMPOR_ENV=demo) may hold this data, because every demo account has
the published password DEMO_PASSWORD. The random generator has a fixed seed, so two runs on the same regions and
the same day produce the same data.
"""

from __future__ import annotations

import datetime
import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from agencies.models import Agency
from audit import services as audit
from core.errors import DomainError
from evidence.models import Photo
from projects.models import Contractor, FundingSource, Project, ProjectStatus, Sector
from regions.models import Region

from . import catalog
from .activity import Activity, Cast
from .geo import point_in_village
from .plans import COURSE_COUNTS, JAKARTA, Course, Plan, contract_dates

logger = logging.getLogger(__name__)

RANDOM_SEED = 1906  # the kabupaten code of Belitung Timur; any fixed number would do
ADMIN_USERNAME = "admin.ekbang"
SMALL_CONTRACT_LIMIT = Decimal("200000000")  # up to Rp 200 juta a contract is an SPK, above it a surat perjanjian


@dataclass
class SeedSummary:
    """Counts of what seed_demo_data created."""

    agencies: int
    users: int
    projects: int
    schedule_weeks: int
    progress_updates: int
    reports: int
    photos: int
    findings: int


@dataclass(frozen=True)
class DemoLogin:
    """One row of the printed login table."""

    username: str
    role: str
    sees: str


def jakarta_today() -> datetime.date:
    return timezone.now().astimezone(JAKARTA).date()


def check_demo_allowed() -> None:
    """Raise DomainError unless this is a demo set-up, because demo accounts must never reach production."""
    if not settings.SIMPOR_DEMO:
        raise DomainError(
            "demo_disabled",
            _(
                "Demo data can only be created in a demo set-up (SIMPOR_ENV=demo), because every demo account "
                "has a published password. Nothing was changed."
            ),
        )


def demo_regency() -> Region:
    """Return the configured kabupaten with its kecamatan and desa, or raise DomainError naming import_regions."""
    code = settings.SIMPOR_REGENCY_CODE
    regency = Region.objects.filter(code=code, level=Region.Level.REGENCY).first()
    has_villages = (
        regency is not None
        and Region.objects.filter(level=Region.Level.VILLAGE, parent__parent=regency, is_active=True).exists()
    )
    if not has_villages:
        raise DomainError(
            "regions_missing",
            _(
                "The regions of kabupaten %(code)s (its kecamatan and desa) are not in the database. "
                "Run “manage.py import_regions” first."
            )
            % {"code": code},
        )
    return regency


def is_seeded() -> bool:
    return User.objects.filter(username=ADMIN_USERNAME).exists()


def has_other_data() -> bool:
    """Return whether the database contains accounts, OPDs or projects, which seeding would mix with its own."""
    return User.objects.exists() or Agency.objects.exists() or Project.objects.exists()


def reset_demo_data() -> None:
    """Delete every row except the region list, the BBO indicators and Django's content types and permissions,
    and the photo files.

    Meant for a demo database only: check_demo_allowed must pass first. Deleting whole tables, rather than the
    rows the generator made, also removes whatever visitors of the demo added, which the protected foreign keys
    would otherwise block.
    """
    check_demo_allowed()
    stored_files = [
        name for photo in Photo.objects.all() for name in (photo.original.name, photo.web.name, photo.thumbnail.name)
    ]
    # BBO indicators are configuration that a migration seeds, not demo data.
    from bbo.models import Indicator

    keep = {Region._meta.db_table, ContentType._meta.db_table, Permission._meta.db_table, Indicator._meta.db_table}
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False)
        if table not in keep
    ]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    with transaction.atomic():
        # PostgreSQL rejects TRUNCATE on a table with deferred foreign-key checks still pending from rows written
        # earlier in the same transaction, so the checks run now.
        connection.check_constraints()
        connection.ops.execute_sql_flush(statements)
        transaction.on_commit(lambda: _delete_files(stored_files))
    logger.info("Demo data deleted: %s tables emptied, %s photo files", len(tables), len(stored_files))


def _delete_files(names: list[str]) -> None:
    storage = Photo._meta.get_field("original").storage
    for name in names:
        if name:
            storage.delete(name)


def seed_demo_data(*, today: datetime.date | None = None) -> SeedSummary:
    """Create the demo data set for the fiscal year of ``today`` (default: today in Asia/Jakarta).

    Raises DomainError outside a demo set-up, when the regions are missing, or when the database already
    contains accounts, OPDs or projects (reset_demo_data empties it).
    """
    check_demo_allowed()
    regency = demo_regency()
    if has_other_data():
        raise DomainError(
            "database_not_empty",
            _(
                "The database already holds accounts, OPDs or projects. "
                "Run “manage.py seed_demo --reset” to replace them with the demo data."
            ),
        )
    builder = _Builder(regency=regency, today=today or jakarta_today())
    with transaction.atomic():
        summary = builder.build()
        _seed_village_performance(builder.today)
    logger.info(
        "Demo data created: %s projects, %s reports, %s photos", summary.projects, summary.reports, summary.photos
    )
    return summary


def _seed_village_performance(today: datetime.date) -> None:
    """Open this year's BBO period, name a kepala desa for every desa and score the built-in indicators."""
    from bbo.models import Period, VillageHead
    from bbo.services import builtin_scores_refresh, regency_villages

    period = Period.objects.create(
        name=str(today.year), start_date=datetime.date(today.year, 1, 1), end_date=datetime.date(today.year, 12, 31)
    )
    chooser = random.Random(today.year)  # noqa: S311 - fictional names, not secrets
    for village in regency_villages().order_by("code"):
        first_name = chooser.choice(catalog.VILLAGE_OPERATOR_FIRST_NAMES)
        name = f"{first_name} {chooser.choice(catalog.VILLAGE_OPERATOR_LAST_NAMES)}"
        VillageHead.objects.create(
            village=village,
            name=name,
            title="Lurah" if village.kind == Region.Kind.KELURAHAN else "Kepala Desa",
            term_start=datetime.date(today.year - 3, 6, 1),
        )
    builtin_scores_refresh(period=period)


def demo_logins() -> list[DemoLogin]:
    """Return one demo login per role, for the table seed_demo prints."""
    logins = []
    for person in catalog.LEADERS:
        if person.username == "wakil.bupati":
            continue
        user = User.objects.filter(username=person.username).first()
        if user is None:
            continue
        sees = {
            Role.ADMIN: _("Everything: dashboard, all projects, reports and findings, accounts and imports."),
            Role.LEADER: _("The kabupaten dashboard: every project, deviations, critical contracts, open findings."),
            Role.DPRD: _("Every project, report and finding, read-only."),
        }[user.role]
        logins.append(DemoLogin(user.username, user.get_role_display(), sees))

    head = User.objects.filter(role=Role.AGENCY, is_agency_head=True).select_related("agency").order_by("id").first()
    if head is not None:
        logins.append(
            DemoLogin(
                head.username,
                _("Head of OPD (%(agency)s)") % {"agency": head.agency.short_name},
                _("The projects of %(agency)s, findings to answer and overdue findings escalated to the head.")
                % {"agency": head.agency.short_name},
            )
        )
        operator = User.objects.filter(agency=head.agency, is_agency_head=False).order_by("id").first()
        if operator is not None:
            logins.append(
                DemoLogin(
                    operator.username,
                    _("OPD operator (%(agency)s)") % {"agency": head.agency.short_name},
                    _("Updates the progress of %(agency)s projects and answers findings (tindak lanjut).")
                    % {"agency": head.agency.short_name},
                )
            )

    # The desa with the most reports shows the village screens at their fullest.
    village_user = (
        User.objects.filter(role=Role.VILLAGE)
        .select_related("village")
        .annotate(report_count=Count("village__reports"))
        .order_by("-report_count", "village__code")
        .first()
    )
    if village_user is not None:
        name = village_user.village.display_name
        logins.append(
            DemoLogin(
                village_user.username,
                _("Village government (%(village)s)") % {"village": name},
                _("Projects in %(village)s: visit reports with photos and findings, and the OPDs' answers.")
                % {"village": name},
            )
        )
    return logins


def _rupiah(value: float, step: int) -> Decimal:
    return Decimal(int(value // step) * step)


def village_username(village: Region) -> str:
    """Return the demo username of a desa's operator: desa.lalangjaya for Lalang Jaya."""
    return "desa." + "".join(character for character in village.name.lower() if character.isalnum())


class _Builder:
    """Builder of the accounts, OPDs and projects, which then hands the year to Activity. It works in a fixed
    order so that one random generator makes every choice reproducibly."""

    def __init__(self, *, regency: Region, today: datetime.date):
        self.regency = regency
        self.today = today
        self.year = today.year
        self.rng = random.Random(RANDOM_SEED)  # noqa: S311 - reproducible demo data, not security
        self.villages = list(
            Region.objects.filter(level=Region.Level.VILLAGE, parent__parent=regency, is_active=True)
            .select_related("parent")
            .order_by("code")
        )
        self.agencies: dict[str, Agency] = {}
        self.cast = Cast()
        self.plans: list[Plan] = []
        self.admin: User | None = None
        self.password_hash: str | None = None

    def build(self) -> SeedSummary:
        self.admin = self.cast.admin = self._user(catalog.LEADERS[0])
        for person in catalog.LEADERS[1:]:
            self._user(person)
        self._agencies()
        self._village_users()
        self._projects()
        counts = Activity(plans=self.plans, cast=self.cast, today=self.today, rng=self.rng).play()
        return SeedSummary(
            agencies=len(self.agencies),
            users=User.objects.count(),
            projects=len(self.plans),
            **counts,
        )

    # Accounts and OPDs ---------------------------------------------------------------------------------------

    def _create_user(self, *, username: str, role: str, first_name: str, last_name: str = "", **extra) -> User:
        # Hashing takes a good part of a second, so every account gets the one hash of the shared password.
        if self.password_hash is None:
            self.password_hash = make_password(catalog.DEMO_PASSWORD)
        user = User.objects.create(
            username=username,
            password=self.password_hash,
            role=role,
            first_name=first_name,
            last_name=last_name,
            **extra,
        )
        audit.record(actor=self.admin or user, action="create", instance=user, summary="demo account")
        return user

    def _user(self, person: catalog.Person) -> User:
        return self._create_user(
            username=person.username,
            role=person.role,
            first_name=person.first_name,
            last_name=person.last_name,
            position=person.position,
            is_staff=person.role == Role.ADMIN,
        )

    def _agencies(self) -> None:
        for spec in catalog.AGENCIES:
            agency = Agency.objects.create(
                regency=self.regency,
                name=spec.name,
                short_name=spec.short_name,
                head_name=spec.head_name,
                head_title=spec.head_title,
                email=f"{spec.key}@demo.simpor.invalid",
            )
            audit.record(actor=self.admin, action="create", instance=agency, summary="demo OPD")
            self.agencies[spec.key] = agency
            self.cast.heads[agency.pk] = self._create_user(
                username=f"{spec.key}.kepala",
                role=Role.AGENCY,
                agency=agency,
                first_name=spec.head_name,
                position=f"{spec.head_title} {spec.short_name}",
                is_agency_head=True,
            )
            self.cast.operators[agency.pk] = self._create_user(
                username=f"{spec.key}.operator",
                role=Role.AGENCY,
                agency=agency,
                first_name=spec.operator_name,
                position=spec.operator_position,
            )

    def _village_users(self) -> None:
        taken: set[str] = set()
        for village in self.villages:
            username = village_username(village)
            if username in taken:  # two desa of the kabupaten share a name
                username = f"{username}.{village.code.rsplit('.', 1)[-1]}"
            taken.add(username)
            self.cast.village_users[village.pk] = self._create_user(
                username=username,
                role=Role.VILLAGE,
                village=village,
                first_name=self.rng.choice(catalog.VILLAGE_OPERATOR_FIRST_NAMES),
                last_name=self.rng.choice(catalog.VILLAGE_OPERATOR_LAST_NAMES),
                position=f"{self.rng.choice(catalog.VILLAGE_OPERATOR_POSITIONS)} {village.name}",
            )

    # Projects --------------------------------------------------------------------------------------------------

    def _courses(self, total: int) -> list[Course]:
        courses = [course for course, count in COURSE_COUNTS.items() for _ in range(count)]
        courses += [Course.ON_TRACK] * max(0, total - len(courses))
        self.rng.shuffle(courses)
        return courses[:total]

    def _village_deck(self) -> Iterator[Region]:
        """Yield desa in shuffled rounds, so that every desa gets a project before any gets a second one."""
        while True:
            deck = list(self.villages)
            self.rng.shuffle(deck)
            yield from deck

    def _neighbour(self, village: Region) -> Region:
        same_district = [other for other in self.villages if other.parent_id == village.parent_id and other != village]
        others = same_district or [other for other in self.villages if other != village]
        return self.rng.choice(others) if others else village

    def _name(self, template: catalog.Template, village: Region, neighbour: Region) -> str:
        # A kecamatan has up to a dozen SDN, a few SMPN and a road of a few segments.
        number_limit = 12
        if "SMPN" in template.name:
            number_limit = 4
        elif "Segmen" in template.name:
            number_limit = 3
        return template.name.format(
            desa=village.name,
            other_desa=neighbour.name,
            kecamatan=village.parent.name,
            dusun=self.rng.choice(catalog.DUSUN),
            street=self.rng.choice(catalog.STREETS),
            river=self.rng.choice(catalog.RIVERS),
            number=self.rng.randint(1, number_limit),
            units=self.rng.randint(10, 25),
        )

    def _funding(self, sector: str) -> str:
        draw = self.rng.random()
        if sector in (Sector.SCHOOLS, Sector.HEALTH, Sector.ROADS, Sector.IRRIGATION, Sector.WATER) and draw < 0.3:
            return FundingSource.DAK
        if draw > 0.88:
            return FundingSource.PROVINCE_AID
        return FundingSource.APBD

    def _projects(self) -> None:
        work = [(spec, number) for spec in catalog.AGENCIES for number in range(spec.project_count)]
        courses = self._courses(len(work))
        deck = self._village_deck()
        contractors = [Contractor.objects.create(name=name) for name in catalog.CONTRACTORS]
        for contractor in contractors:
            audit.record(actor=self.admin, action="create", instance=contractor, summary="demo contractor")
        used_names: set[str] = set()
        contract_numbers: dict[str, int] = {}

        for (spec, number), course in zip(work, courses, strict=True):
            template = spec.templates[number % len(spec.templates)]
            for _attempt in range(20):  # another desa when the name is taken, such as a second SDN 3 Manggar
                village = next(deck)
                neighbour = self._neighbour(village)
                name = self._name(template, village, neighbour)
                if name not in used_names:
                    break
            used_names.add(name)
            two_villages = "{other_desa}" in template.name and neighbour != village
            project = Project(
                fiscal_year=self.year,
                name=name,
                agency=self.agencies[spec.key],
                sector=template.sector,
                funding_source=self._funding(template.sector),
                budget_ceiling=_rupiah(self.rng.uniform(template.budget_min, template.budget_max) * 1e6, 500_000),
                rup_code=str(self.rng.randint(40_000_000, 49_999_999)),
                location_description=f"Dusun {self.rng.choice(catalog.DUSUN)}, Desa {village.name}",
                ppk_name=self.rng.choice(spec.ppk_names),
            )
            point = point_in_village(village, self.rng) or point_in_village(village.parent, self.rng)
            if point is not None:
                project.latitude, project.longitude = point
            plan = Plan(
                project=project,
                course=course,
                scene=catalog.SCENES[template.sector],
                steepness=self.rng.uniform(1.6, 2.4),
            )
            dates = contract_dates(plan, self.today, self.rng)
            if dates is not None:
                contract_numbers[spec.key] = contract_numbers.get(spec.key, 0) + 1
                self._contract(project, spec, dates, self.rng.choice(contractors), contract_numbers[spec.key])
            self._save_project(project, [village, neighbour] if two_villages else [village])
            self.plans.append(plan)

    def _contract(
        self,
        project: Project,
        spec: catalog.AgencySpec,
        dates: tuple[datetime.date, datetime.date, int],
        contractor: Contractor,
        sequence: int,
    ) -> None:
        """Fill in the contract: value after tender, number in the OPD's letter numbering, SPMK and duration."""
        project.contract_date, project.start_date, project.duration_days = dates
        project.contractor = contractor
        project.contract_value = _rupiah(float(project.budget_ceiling) * self.rng.uniform(0.85, 0.98), 1000)
        kind = "SPK" if project.contract_value <= SMALL_CONTRACT_LIMIT else "SP"
        project.contract_number = f"{spec.archive_code}/{sequence:03d}/{kind}/{spec.letter_code}/{self.year}"
        if project.contract_value >= 1_000_000_000:
            project.supervisor = self.rng.choice(catalog.SUPERVISORS)

    def _save_project(self, project: Project, villages: list[Region]) -> None:
        started = project.start_date is not None and project.start_date <= self.today
        project.status = ProjectStatus.IN_PROGRESS if started else ProjectStatus.PLANNED
        project.save()
        project.villages.set(villages)
        audit.record(actor=self.admin, action="create", instance=project, summary="demo project")
        created_on = project.contract_date or datetime.date(self.year, 1, 2)
        created = datetime.datetime.combine(created_on, datetime.time(9), tzinfo=JAKARTA)
        Project.objects.filter(pk=project.pk).update(created_at=created)
