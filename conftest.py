"""Shared fixtures: a small real slice of Belitung Timur and one named user per role."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Role, User
from agencies.models import Agency
from projects.models import Contractor, FundingSource, Project, ProjectStatus, Sector
from regions.models import Region

PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def regions(db):
    """Province 19, Belitung Timur, two kecamatan and three desa, with their real codes."""
    province = Region.objects.create(code="19", name="Kepulauan Bangka Belitung", level=1, kind="provinsi")
    regency = Region.objects.create(
        code="19.06", name="Kabupaten Belitung Timur", level=2, kind="kabupaten", parent=province
    )
    manggar = Region.objects.create(code="19.06.01", name="Manggar", level=3, kind="kecamatan", parent=regency)
    gantung = Region.objects.create(code="19.06.02", name="Gantung", level=3, kind="kecamatan", parent=regency)
    lalang_jaya = Region.objects.create(
        code="19.06.01.2001",
        name="Lalang Jaya",
        level=4,
        kind="desa",
        parent=manggar,
        latitude=Decimal("-2.870000"),
        longitude=Decimal("108.280000"),
    )
    kurnia_jaya = Region.objects.create(code="19.06.01.2002", name="Kurnia Jaya", level=4, kind="desa", parent=manggar)
    gantung_desa = Region.objects.create(code="19.06.02.2001", name="Gantung", level=4, kind="desa", parent=gantung)
    return {
        "province": province,
        "regency": regency,
        "manggar": manggar,
        "gantung": gantung,
        "lalang_jaya": lalang_jaya,
        "kurnia_jaya": kurnia_jaya,
        "gantung_desa": gantung_desa,
    }


@pytest.fixture
def agencies(regions):
    pupr = Agency.objects.create(
        regency=regions["regency"],
        name="Dinas Pekerjaan Umum dan Penataan Ruang",
        short_name="Dinas PUPR",
        head_name="Ir. Hendra Saputra",
        head_title="Kepala Dinas",
    )
    education = Agency.objects.create(
        regency=regions["regency"], name="Dinas Pendidikan dan Kebudayaan", short_name="Dinas Pendidikan"
    )
    return {"pupr": pupr, "education": education}


def _user(username, role, **extra):
    return User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)


@pytest.fixture
def users(regions, agencies):
    """One named user per role; the keys are how tests refer to them."""
    return {
        "admin": _user("admin_ekbang", Role.ADMIN, first_name="Rina", last_name="Ekbang"),
        "leader": _user("bupati", Role.LEADER, first_name="Bupati"),
        "dprd": _user("anggota_dprd", Role.DPRD, first_name="Anggota DPRD"),
        "pupr": _user("opd_pupr", Role.AGENCY, agency=agencies["pupr"], first_name="Operator PUPR"),
        "education": _user(
            "opd_pendidikan", Role.AGENCY, agency=agencies["education"], first_name="Operator Pendidikan"
        ),
        "lalang_jaya": _user(
            "desa_lalang_jaya", Role.VILLAGE, village=regions["lalang_jaya"], first_name="Sekdes Lalang Jaya"
        ),
        "kurnia_jaya": _user(
            "desa_kurnia_jaya", Role.VILLAGE, village=regions["kurnia_jaya"], first_name="Sekdes Kurnia Jaya"
        ),
    }


@pytest.fixture
def make_project(regions, agencies):
    """Build a contracted, running project; keyword arguments override any field."""

    def build(*, villages=None, **fields):
        contractor, _ = Contractor.objects.get_or_create(name="CV Karya Manggar")
        values = {
            "fiscal_year": 2026,
            "name": "Peningkatan Jalan Desa Lalang Jaya",
            "agency": agencies["pupr"],
            "sector": Sector.ROADS,
            "funding_source": FundingSource.APBD,
            "budget_ceiling": Decimal("1250000000.00"),
            "contractor": contractor,
            "contract_number": "600/12/PUPR/2026",
            "contract_date": datetime.date(2026, 3, 2),
            "contract_value": Decimal("1190000000.00"),
            "start_date": datetime.date(2026, 3, 9),
            "duration_days": 150,
            "status": ProjectStatus.IN_PROGRESS,
            "latitude": Decimal("-2.870500"),
            "longitude": Decimal("108.281000"),
        }
        values.update(fields)
        project = Project.objects.create(**values)
        project.villages.set(villages or [regions["lalang_jaya"]])
        return project

    return build


@pytest.fixture
def project(make_project):
    return make_project()
