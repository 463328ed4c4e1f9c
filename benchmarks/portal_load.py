#!/usr/bin/env python3
"""Load test of the public portal on PostgreSQL with 100 000 projects, served by gunicorn on 127.0.0.1.

Usage: .venv/bin/python benchmarks/portal_load.py [--projects N] [--clients N] [--seconds S] [--workers N]

Without a PostgreSQL DATABASE_URL the script restarts itself under scripts/with-postgres, which creates a
throwaway cluster. It migrates and generates the data set (skipped when it is already there). Then it starts
gunicorn with SIMPOR's production settings, to which benchmarks.settings adds one trivial view. It loads the home
page, the project search and one project page, then the trivial view, each with the same number of concurrent
clients (a new connection per request) for the same time. It prints requests per second and p50/p95 latency per
page and each page's throughput as a ratio to the trivial view's. All traffic goes to 127.0.0.1 only, and every
loop is bounded in time and count.

Not part of `make test`: pytest collects only test_*.py files.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
MAX_REQUESTS_PER_PAGE = 500_000
BATCH = 5000


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000, help="projects in the data set (default 100000)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients per page (default 32)")
    parser.add_argument("--seconds", type=float, default=15, help="load time per page in seconds (default 15)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
    return parser.parse_args()


def ensure_postgres() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return
    command = [str(ROOT / "scripts" / "with-postgres"), sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]]
    os.execv(command[0], command)  # noqa: S606 - a fixed script of this repository


def configure_environment() -> None:
    os.environ["SIMPOR_ENV"] = "production"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ["ALLOWED_HOSTS"] = HOST
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    sys.path.insert(0, str(ROOT))


def generate(count: int) -> int:
    """Create the region tree, agencies, contractors and ``count`` projects; return the showcase project's id."""
    from accounts.models import Role, User
    from agencies.models import Agency
    from earlywarning.models import ProjectAssessment
    from projects.models import Contractor, FundingSource, ProgressUpdate, Project, ProjectStatus, ScheduleEntry, Sector
    from regions.models import Region

    existing = Project.objects.count()
    if existing >= count:
        print(f"Data set present: {existing} projects.")
        return Project.objects.order_by("pk").values_list("pk", flat=True).first()

    started = time.perf_counter()
    province = Region.objects.create(code="19", name="Kepulauan Bangka Belitung", level=1, kind="provinsi")
    regency = Region.objects.create(code="19.06", name="Belitung Timur", level=2, kind="kabupaten", parent=province)
    villages = []
    for district_number in range(1, 8):
        district = Region.objects.create(
            code=f"19.06.{district_number:02d}",
            name=f"Kecamatan {district_number}",
            level=3,
            kind="kecamatan",
            parent=regency,
        )
        for village_number in range(1, 7):
            villages.append(
                Region.objects.create(
                    code=f"{district.code}.{2000 + village_number}",
                    name=f"Desa {district_number}-{village_number}",
                    level=4,
                    kind="desa",
                    parent=district,
                    latitude=Decimal("-2.9") + Decimal(district_number) / 50,
                    longitude=Decimal("108.1") + Decimal(village_number) / 50,
                )
            )
    agencies = [
        Agency.objects.create(regency=regency, name=f"Dinas Contoh {number}", short_name=f"Dinas {number:02d}")
        for number in range(1, 13)
    ]
    contractors = Contractor.objects.bulk_create(
        [Contractor(name=f"CV Penyedia {number:04d}") for number in range(500)]
    )
    officer = User.objects.create_user(
        username="bench_opd", password=secrets.token_urlsafe(16), role=Role.AGENCY, agency=agencies[0]
    )

    generator = random.Random(1906)  # noqa: S311 - reproducible test data, not a secret
    sectors = Sector.values
    statuses = [ProjectStatus.IN_PROGRESS] * 6 + [ProjectStatus.PLANNED, ProjectStatus.PHO, ProjectStatus.FHO]
    assessment_statuses = ["on_track", "late", "critical", "ahead", "stale", "finished", "not_started"]
    through = Project.villages.through
    now = datetime.datetime.now(datetime.UTC)
    for offset in range(0, count, BATCH):
        projects = []
        for index in range(offset, min(offset + BATCH, count)):
            start = datetime.date(2024 + index % 3, 1, 1) + datetime.timedelta(days=generator.randrange(200))
            duration = generator.randrange(60, 240)
            value = Decimal(generator.randrange(100, 5000)) * 1_000_000
            projects.append(
                Project(
                    fiscal_year=2024 + index % 3,
                    name=f"Paket pekerjaan {index:06d}",
                    agency=agencies[index % len(agencies)],
                    sector=sectors[index % len(sectors)],
                    funding_source=FundingSource.APBD,
                    budget_ceiling=value * Decimal("1.05"),
                    contractor=contractors[index % len(contractors)],
                    contract_number=f"600/{index}/BENCH",
                    contract_date=start - datetime.timedelta(days=7),
                    contract_value=value,
                    start_date=start,
                    duration_days=duration,
                    planned_end_date=start + datetime.timedelta(days=duration - 1),
                    status=statuses[index % len(statuses)],
                    latitude=Decimal("-2.95") + Decimal(generator.randrange(-3000, 3000)) / 10000,
                    longitude=Decimal("108.15") + Decimal(generator.randrange(-3000, 3000)) / 10000,
                    physical_progress=Decimal(generator.randrange(0, 10000)) / 100,
                    financial_progress=Decimal(generator.randrange(0, 10000)) / 100,
                    progress_date=start + datetime.timedelta(days=30),
                )
            )
        created = Project.objects.bulk_create(projects)
        through.objects.bulk_create(
            [through(project_id=project.pk, region_id=villages[project.pk % len(villages)].pk) for project in created]
        )
        ProjectAssessment.objects.bulk_create(
            [
                ProjectAssessment(project_id=project.pk, status=assessment_statuses[project.pk % 7], computed_at=now)
                for project in created
            ]
        )
        print(f"  {offset + len(created)} projects", flush=True)

    showcase = Project.objects.filter(fiscal_year=2026).order_by("pk").first()
    for week in range(1, 21):
        ScheduleEntry.objects.create(
            project=showcase,
            week=week,
            week_end=showcase.start_date + datetime.timedelta(days=7 * week - 1),
            planned_percent=Decimal(week * 5),
        )
    for step in range(1, 9):
        ProgressUpdate.objects.create(
            project=showcase,
            date=showcase.start_date + datetime.timedelta(days=7 * step),
            physical_percent=Decimal(step * 4),
            financial_percent=Decimal(step * 3),
            created_by=officer,
        )
    print(f"Generated {count} projects in {time.perf_counter() - started:.0f} s.")
    return showcase.pk


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "benchmarks.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--chdir",
        str(ROOT),
    ]
    server = subprocess.Popen(command, env=os.environ.copy(), start_new_session=True)  # noqa: S603 - fixed arguments
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


def fetch(port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Language": "id"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def load(port: int, path: str, *, clients: int, seconds: float) -> dict:
    """Run ``clients`` threads against ``path`` for ``seconds``; return the counts and latencies."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors
        own: list[float] = []
        failed = 0
        while time.perf_counter() < deadline and len(own) < MAX_REQUESTS_PER_PAGE // clients:
            try:
                status, elapsed = fetch(port, path)
            except OSError:
                failed += 1
                continue
            if status == 200:
                own.append(elapsed)
            else:
                failed += 1
        with lock:
            latencies.extend(own)
            errors += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [float("nan")] * 99
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / wall,
        "p50": quantiles[49],
        "p95": quantiles[94],
    }


def main() -> None:
    arguments = parse_arguments()
    ensure_postgres()
    configure_environment()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    showcase = generate(arguments.projects)

    pages = [
        ("home", "/"),
        ("project list", "/proyek-publik/?tahun=2026"),
        ("project page", f"/proyek-publik/{showcase}/"),
        ("trivial view", "/bench/trivial/"),
    ]
    port = free_port()
    server = start_gunicorn(port, arguments.workers)
    try:
        print(f"\ngunicorn, {arguments.workers} sync workers, {arguments.clients} clients,", end=" ")
        print(f"{arguments.seconds:.0f} s per page")
        # Each worker loads the URLconf, templates and translations on its first request: get that done first.
        for _ in range(arguments.workers * 5):
            fetch(port, "/bench/trivial/")
        print("first request (empty cache of the worker that serves it):")
        for name, path in pages:
            status, elapsed = fetch(port, path)
            print(f"  {name:<13} {status}  {elapsed * 1000:8.1f} ms")
        # Every worker keeps its own local-memory cache: warm each one before measuring.
        for _name, path in pages:
            for _ in range(arguments.workers * 4):
                fetch(port, path)

        results = {name: load(port, path, clients=arguments.clients, seconds=arguments.seconds) for name, path in pages}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    baseline = results["trivial view"]["rps"]
    print(f"\n{'page':<13} {'requests':>9} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs trivial':>10}")
    for name, result in results.items():
        print(
            f"{name:<13} {result['requests']:>9} {result['errors']:>6} {result['rps']:>8.1f} "
            f"{result['p50'] * 1000:>8.1f} {result['p95'] * 1000:>8.1f} {result['rps'] / baseline:>10.2f}"
        )


if __name__ == "__main__":
    main()
