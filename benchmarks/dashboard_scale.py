"""Time the leaders' dashboard, its lists, the monthly reports and BBO at a large size on PostgreSQL.

    scripts/with-postgres .venv/bin/python benchmarks/dashboard_scale.py [--scale 1.0] [--keep]

Builds, in SQL with generate_series (seconds, not hours), 20 kabupaten-sized region trees (10 kecamatan of 20 desa
each), 200 OPDs, 2 000 contractors, 100 000 projects over the fiscal years 2022-2026 with their early-warning
assessments, 1 000 000 monitoring reports, 200 000 findings and 100 000 photos (--scale multiplies the
projects, reports, findings and photos). Then it signs a leader in through Django's test client and prints, for
each page, the wall time of one warm request and its number of SQL queries. Not part of `make test`.

The database named by DATABASE_URL is emptied first (every SIMPOR table is dropped and migrated anew), so never
point it at data you want to keep; scripts/with-postgres gives a throwaway cluster.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SIMPOR_ENV", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpor.settings")

REGENCIES = 20
DISTRICTS_PER_REGENCY = 10
VILLAGES_PER_DISTRICT = 20
AGENCIES_PER_REGENCY = 10
CONTRACTORS = 2000
YEARS = [2022, 2023, 2024, 2025, 2026]
BENCH_REGENCY = "99.01"


def setup_django():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")):
        sys.exit("Run with PostgreSQL: scripts/with-postgres .venv/bin/python benchmarks/dashboard_scale.py")
    os.environ["SIMPOR_REGENCY_CODE"] = BENCH_REGENCY
    import django

    django.setup()


def reset_database():
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def run(label: str, sql: str, params=None) -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        rows = cursor.rowcount
    print(f"  {label:<28} {rows:>10,} rows  {time.perf_counter() - started:6.1f} s", flush=True)


def insert_select(label: str, model, given: dict[str, str], source: str, params=None) -> None:
    """INSERT INTO the model's table the columns in ``given`` (SQL expressions over ``source``), plus every other
    NOT NULL column with its Django default, so fields other apps add later need no change here."""
    from django.db import connection
    from django.db.models import CharField, FileField, TextField

    columns, expressions, defaults = [], [], []
    for field in model._meta.concrete_fields:
        if field.column in given:
            columns.append(field.column)
            expressions.append(given[field.column])
        elif field.primary_key or field.null:
            continue
        elif field.has_default():
            columns.append(field.column)
            expressions.append("%s")
            defaults.append(field.get_db_prep_save(field.get_default(), connection))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            columns.append(field.column)
            expressions.append("now()")
        elif isinstance(field, CharField | TextField | FileField) and field.blank:
            columns.append(field.column)
            expressions.append("''")
        else:
            raise RuntimeError(f"{model.__name__}.{field.name} needs a value in the benchmark")
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(expressions)} {source}"
    run(label, sql, [*defaults, *(params or [])])


def build(scale: float) -> None:
    """Insert the data set in SQL. Every NOT NULL column is given, because Django keeps defaults in Python."""
    projects = int(100_000 * scale)
    reports = int(1_000_000 * scale)
    findings = int(200_000 * scale)
    photos = int(100_000 * scale)
    villages_per_regency = DISTRICTS_PER_REGENCY * VILLAGES_PER_DISTRICT
    villages = REGENCIES * villages_per_regency
    agencies = REGENCIES * AGENCIES_PER_REGENCY
    from evidence.models import Photo

    print(f"Building: {projects:,} projects, {reports:,} reports, {findings:,} findings, {photos:,} photos")

    run(
        "province",
        "INSERT INTO regions_region (code, name, level, kind, is_active) "
        "VALUES ('99', 'Provinsi Uji', 1, 'provinsi', true)",
    )
    run(
        "regencies",
        """INSERT INTO regions_region (code, name, level, kind, parent_id, is_active)
           SELECT '99.' || lpad(r::text, 2, '0'), 'Kabupaten Uji ' || r, 2, 'kabupaten',
                  (SELECT id FROM regions_region WHERE code = '99'), true
           FROM generate_series(1, %s) r""",
        [REGENCIES],
    )
    run(
        "districts",
        """INSERT INTO regions_region (code, name, level, kind, parent_id, is_active, boundary)
           SELECT p.code || '.' || lpad(k::text, 2, '0'), 'Kecamatan ' || p.code || '-' || k, 3, 'kecamatan', p.id,
                  true,
                  json_build_object('type', 'Polygon', 'coordinates', json_build_array(json_build_array(
                      json_build_array(108 + k * 0.05, -3.0), json_build_array(108.05 + k * 0.05, -3.0),
                      json_build_array(108.05 + k * 0.05, -2.9), json_build_array(108 + k * 0.05, -3.0))))::jsonb
           FROM regions_region p, generate_series(1, %s) k WHERE p.level = 2""",
        [DISTRICTS_PER_REGENCY],
    )
    run(
        "villages",
        """INSERT INTO regions_region (code, name, level, kind, parent_id, is_active, latitude, longitude)
           SELECT p.code || '.2' || lpad(d::text, 3, '0'), 'Desa ' || p.code || '-' || d, 4, 'desa', p.id, true,
                  -3.0 + d * 0.004, 108.0 + (p.id %% 50) * 0.02
           FROM regions_region p, generate_series(1, %s) d WHERE p.level = 3""",
        [VILLAGES_PER_DISTRICT],
    )
    run(
        "agencies",
        """INSERT INTO agencies_agency (regency_id, name, short_name, head_name, head_title, head_nip, email, is_active)
           SELECT r.id, 'Dinas Uji ' || a || ' ' || r.code, 'OPD ' || a || ' ' || r.code, '', '', '', '', true
           FROM regions_region r, generate_series(1, %s) a WHERE r.level = 2""",
        [AGENCIES_PER_REGENCY],
    )
    run(
        "contractors",
        "INSERT INTO projects_contractor (name, npwp, address) SELECT 'CV Uji ' || c, '', '' "
        "FROM generate_series(1, %s) c",
        [CONTRACTORS],
    )
    # Ordered arrays let each generated row pick the n-th village, agency or contractor by arithmetic.
    run(
        "projects",
        """WITH a AS (SELECT array_agg(id ORDER BY id) ids FROM agencies_agency),
                c AS (SELECT array_agg(id ORDER BY id) ids FROM projects_contractor)
           INSERT INTO projects_project (fiscal_year, name, agency_id, sector, location_description, funding_source,
                  budget_ceiling, rup_code, contractor_id, contract_number, contract_date, contract_value, start_date,
                  duration_days, planned_end_date, ppk_name, supervisor, status, physical_progress,
                  financial_progress, progress_date, latitude, longitude, created_at, updated_at)
           SELECT 2022 + i %% 5, 'Paket uji ' || i, a.ids[1 + i %% %s],
                  (ARRAY['roads','bridges','buildings','schools','health','drainage','water'])[1 + i %% 7], '',
                  (ARRAY['apbd','dak','dau','apbn'])[1 + i %% 4], 1000000000, '',
                  c.ids[1 + (i * 7) %% %s], 'K-' || i, make_date(2022 + i %% 5, 3, 1),
                  200000000 + (i %% 997) * 3000000::bigint,
                  make_date(2022 + i %% 5, 3, 8), 150, make_date(2022 + i %% 5, 8, 4), '', '', 'in_progress',
                  (i * 37) %% 101, (i * 29) %% 91, make_date(2022 + i %% 5, 6, 1),
                  CASE WHEN i %% 3 = 0 THEN NULL ELSE -3.0 + (i %% 1000) * 0.0008 END,
                  CASE WHEN i %% 3 = 0 THEN NULL ELSE 108.0 + (i %% 700) * 0.0015 END, now(), now()
           FROM generate_series(1, %s) i, a, c""",
        [agencies, CONTRACTORS, projects],
    )
    run(
        "project villages",
        """WITH v AS (SELECT array_agg(id ORDER BY id) ids FROM regions_region WHERE level = 4)
           INSERT INTO projects_project_villages (project_id, region_id)
           SELECT p.id, v.ids[1 + (p.id * 13) %% %s] FROM projects_project p, v
           UNION ALL
           SELECT p.id, v.ids[1 + (p.id * 13 + 1) %% %s] FROM projects_project p, v WHERE p.id %% 10 = 0""",
        [villages, villages],
    )
    run(
        "assessments",
        """INSERT INTO earlywarning_projectassessment (project_id, status, planned_percent, actual_percent, deviation,
                  as_of, period_two, critical_reasons, stale, days_since_update, forecast_never, past_contract_end,
                  past_fiscal_year, paid_ahead, discrepancy_flag, computed_at)
           SELECT id, (ARRAY['critical','late','stale','on_track','ahead','finished','not_started'])[1 + id %% 7],
                  LEAST(100, physical_progress + (id %% 23)), physical_progress, -((id %% 23))::numeric,
                  progress_date, id %% 2 = 0, '[]'::jsonb, id %% 7 = 2, id %% 40, false, id %% 11 = 0,
                  id %% 13 = 0, false, false, now()
           FROM projects_project""",
    )
    run(
        "reporter",
        """INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                  is_active, date_joined, role, village_id, position, phone, is_agency_head)
           SELECT '!', false, 'desa_uji', '', '', '', false, true, now(), 'village', min(id), '', '', false
           FROM regions_region WHERE level = 4""",
    )
    run(
        "monitoring reports",
        """WITH u AS (SELECT id FROM accounts_user WHERE username = 'desa_uji'),
                pv AS (SELECT project_id, min(region_id) region_id FROM projects_project_villages GROUP BY project_id),
                p AS (SELECT array_agg(id ORDER BY id) ids, count(*) n FROM projects_project)
           INSERT INTO monitoring_monitoringreport (client_id, project_id, village_id, reporter_id, visit_date,
                  observed_progress, signboard_present, workers_present, materials_as_specified, work_matches_plan,
                  site_safe, narrative, status, withdrawn_reason, submitted_at)
           SELECT gen_random_uuid(), pr.id, pv.region_id, u.id, make_date(pr.fiscal_year, 3 + g %% 9, 1 + g %% 28),
                  (g * 17) %% 101, g %% 5 <> 0, true, g %% 7 <> 0, true, true, 'Kunjungan uji.',
                  CASE WHEN g %% 50 = 0 THEN 'withdrawn' ELSE 'submitted' END, '',
                  make_date(pr.fiscal_year, 3 + g %% 9, 1 + g %% 28) + ((g %% 6) || ' days')::interval
           FROM generate_series(1, %s) g
           CROSS JOIN p CROSS JOIN u
           JOIN projects_project pr ON pr.id = p.ids[1 + g %% p.n]
           JOIN pv ON pv.project_id = pr.id""",
        [reports],
    )
    run(
        "findings",
        """INSERT INTO monitoring_finding (report_id, project_id, agency_id, description, severity, state,
                  rejection_reason, closure_reason, due_date, escalation_level, created_at, updated_at, closed_at)
           SELECT r.id, r.project_id, pr.agency_id, 'Temuan uji.', (ARRAY['low','medium','high'])[1 + r.id %% 3],
                  (ARRAY['open','answered','resolved','rejected','resolved'])[1 + r.id %% 5],
                  CASE WHEN r.id %% 5 = 3 THEN 'Bukan masalah.' ELSE '' END, '',
                  r.visit_date + 14, 0, r.submitted_at, r.submitted_at,
                  CASE WHEN r.id %% 5 IN (2, 4) THEN r.submitted_at + interval '9 days' END
           FROM monitoring_monitoringreport r JOIN projects_project pr ON pr.id = r.project_id
           WHERE r.id %% %s = 0""",
        [max(1, reports // findings)],
    )
    insert_select(
        "photos",
        Photo,
        {
            "project_id": "r.project_id",
            "report_id": "r.id",
            "original": "'photos/original/x.jpg'",
            "content_type": "'image/jpeg'",
            "sha256": "md5(r.id::text) || md5(r.id::text)",
            "size_bytes": "1000",
            "width": "640",
            "height": "480",
            "has_metadata": "r.id %% 2 = 0",
            "uploaded_by_id": "r.reporter_id",
            "received_at": "r.submitted_at",
            "device_latitude": "CASE WHEN r.id %% 3 = 0 THEN NULL ELSE -2.9 END",
            "location_check": "CASE WHEN r.id %% 3 = 0 THEN 'unknown' ELSE 'ok' END",
            "time_check": "'ok'",
            "reuse_check": "CASE WHEN r.id %% 10 = 1 THEN 'flagged' ELSE 'ok' END",
        },
        "FROM monitoring_monitoringreport r WHERE r.id %% %s = 1",
        [max(1, reports // photos)],
    )
    run("analyze", "ANALYZE")


def measure(show_slow: bool) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import Role, User
    from bbo.models import Period
    from bbo.services import builtin_scores_refresh
    from projects.models import Contractor, Project
    from regions.models import Region

    leader = User.objects.create_user(username="bupati_uji", password=None, role=Role.LEADER)
    opd_head = User.objects.create_user(
        username="kepala_opd_uji",
        password=None,
        role=Role.AGENCY,
        agency_id=Project.objects.values_list("agency_id", flat=True).first(),
        is_agency_head=True,
    )
    contractor = Contractor.objects.order_by("pk").first()
    district = Region.objects.filter(level=3, parent__code=BENCH_REGENCY).order_by("code").first()
    period = Period.objects.create(
        name="2026", start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31)
    )

    print(
        f"\nData: {Project.objects.count():,} projects; year 2026: {Project.objects.filter(fiscal_year=2026).count():,}"
    )
    pages = [
        ("dashboard (kabupaten, 2026)", leader, reverse("dashboard:overview"), {"tahun": 2026}),
        ("dashboard, one kecamatan", leader, reverse("dashboard:overview"), {"tahun": 2026, "kecamatan": district.pk}),
        ("dashboard, sorted by overdue", leader, reverse("dashboard:overview"), {"tahun": 2026, "urut": "lewat"}),
        ("OPD head dashboard", opd_head, reverse("dashboard:overview"), {"tahun": 2026}),
        ("project list, critical", leader, reverse("dashboard:project_list"), {"tahun": 2026, "status": "critical"}),
        ("finding list, overdue", leader, reverse("dashboard:finding_list"), {"tahun": 2026, "jenis": "lewat"}),
        ("map points (JSON)", leader, reverse("dashboard:map_points"), {"tahun": 2026}),
        ("kecamatan outlines (JSON)", leader, reverse("dashboard:boundaries"), {}),
        ("contractor list", leader, reverse("dashboard:contractor_list"), {"tahun": 2026}),
        ("contractor record (5 years)", leader, reverse("dashboard:contractor_detail", args=[contractor.pk]), {}),
        ("monthly report PDF", leader, reverse("reports:monthly_pdf"), {"tahun": 2026, "bulan": 6}),
        ("monthly report xlsx", leader, reverse("reports:monthly_xlsx"), {"tahun": 2026, "bulan": 6}),
        ("OPD monthly report PDF", opd_head, reverse("reports:monthly_pdf"), {"tahun": 2026, "bulan": 6}),
        ("BBO ranking", leader, reverse("bbo:ranking"), {}),
    ]

    started = time.perf_counter()
    builtin_scores_refresh(period=period)
    refresh_seconds = time.perf_counter() - started

    print(f"\n{'page':<32}{'status':>7}{'queries':>9}{'seconds':>10}")
    for label, user, url, params in pages:
        client = Client()
        client.force_login(user)
        client.get(url, params)  # warm the caches of the connection and the templates
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, params)
            elapsed = time.perf_counter() - started
        print(f"{label:<32}{response.status_code:>7}{len(queries):>9}{elapsed:>10.2f}", flush=True)
        if show_slow and elapsed > 1:
            slowest = sorted(queries.captured_queries, key=lambda query: -float(query["time"]))[:2]
            for query in slowest:
                print(f"    {float(query['time']):.2f} s  {query['sql'][:160]}")
    print(f"{'BBO refresh of a period (200 desa)':<32}{'':>7}{'':>9}{refresh_seconds:>10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply projects, reports, findings, photos")
    parser.add_argument("--slow", action="store_true", help="print the two slowest queries of pages over 1 s")
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"PostgreSQL {version}, Python {platform.python_version()}, {os.cpu_count()} CPU cores, {platform.machine()}")
    started = time.perf_counter()
    reset_database()
    build(args.scale)
    print(f"Built in {time.perf_counter() - started:.0f} s")
    measure(args.slow)


if __name__ == "__main__":
    main()
