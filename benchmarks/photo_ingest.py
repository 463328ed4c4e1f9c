"""Ingest a batch of photos and print photos per second and peak memory.

Usage:
    .venv/bin/python benchmarks/photo_ingest.py [-n 200] [--store] [--index-size 100000] [--photos DIR]

Without --store, every photo goes through evidence.images.process_upload (content check, EXIF, orientation,
web copy, thumbnail, perceptual hashes). With --store, the same photos are also saved through
evidence.services.photos_store, with its evidence checks, on a throwaway SQLite database and media folder under
a temporary directory. --index-size first fills that database with this many hashed photo rows, to time the
reuse lookup (band index against a full scan) on a large archive.

The batch cycles through the real photos in DIR (default ../shared/data/photos beside the repository, skipped
when missing), drawn demo site photos (960 x 720) and 12-megapixel noise-textured JPEGs like a phone camera's.
Peak memory is reported twice: the process's peak resident set size from getrusage, and the peak of Python
allocations traced by tracemalloc. The second comes from a separate pass over one photo of each source, because
tracemalloc slows Python code. Pillow's pixel buffers are outside it.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".heic", ".webp"}


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="number of photos to ingest (default 200)")
    parser.add_argument("--store", action="store_true", help="also store them with the checks on a SQLite db")
    parser.add_argument("--index-size", type=int, default=0, help="hashed photo rows to put in the db first")
    parser.add_argument("--photos", type=Path, default=ROOT.parent / "shared" / "data" / "photos")
    return parser.parse_args()


def _setup_django(workdir: Path) -> None:
    os.environ["SIMPOR_ENV"] = "test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpor.settings")
    import django

    django.setup()


def _phone_jpeg(rng: random.Random) -> bytes:
    from PIL import Image, ImageFilter

    # Noise blurred into texture compresses like a real photo, not like a flat colour.
    small = Image.frombytes("RGB", (400, 300), rng.randbytes(400 * 300 * 3)).filter(ImageFilter.GaussianBlur(2))
    image = small.resize((4000, 3000), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def _demo_jpeg(rng: random.Random, index: int) -> bytes:
    from demo.photos import PhotoSpec, Scene, draw_photo

    scenes = list(Scene)
    spec = PhotoSpec(
        scene=scenes[index % len(scenes)],
        project_name=f"Paket uji {index}",
        taken_at=datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC),
        progress=Decimal(index % 100),
        workers=rng.randint(0, 4),
        signboard=bool(index % 2),
    )
    return draw_photo(spec, rng)


def _sources(photo_dir: Path, rng: random.Random) -> list[tuple[str, str, bytes]]:
    """Return (kind, name, bytes) for one cycle of the batch."""
    sources = []
    if photo_dir.is_dir():
        for path in sorted(photo_dir.iterdir()):
            if path.suffix.lower() in PHOTO_SUFFIXES:
                sources.append(("real", path.name, path.read_bytes()))
    for index in range(8):
        sources.append(("demo", f"demo_{index}.jpg", _demo_jpeg(rng, index)))
    for index in range(4):
        sources.append(("phone-12mp", f"phone_{index}.jpg", _phone_jpeg(rng)))
    return sources


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _random_bits(rng: random.Random, count: int) -> int:
    """Return a 64-bit mask with up to ``count`` random bits set."""
    mask = 0
    for _ in range(count):
        mask |= 1 << rng.randrange(64)
    return mask


def _fill_index(size: int, owner) -> None:
    from evidence import phash as perceptual
    from evidence.models import Photo, PhotoHashVariant

    rng = random.Random(11)  # noqa: S311 - fixed seed, same hashes on every run
    template = owner.photos.first()
    rows = []
    variant_hashes = []
    for _ in range(size):
        value = rng.getrandbits(64)
        row = Photo(
            project_id=template.project_id,
            progress_update_id=template.progress_update_id,
            original=template.original.name,
            content_type="image/jpeg",
            sha256="0" * 64,
            size_bytes=1,
            width=400,
            height=300,
            uploaded_by_id=template.uploaded_by_id,
            phash=perceptual.to_signed(value),
        )
        row.phash_band_0, row.phash_band_1, row.phash_band_2, row.phash_band_3 = perceptual.bands(value)
        rows.append(row)
        # A trimmed copy's hash lies some bits from the photo's own, so up to 12 random bits are flipped.
        variant_hashes.append([value ^ _random_bits(rng, 12) for _ in range(8)])
    Photo.objects.bulk_create(rows, batch_size=5000)
    variants = []
    for row, values in zip(rows, variant_hashes, strict=True):
        for label, value in zip(perceptual.CROP_VARIANTS, values, strict=True):
            variant = PhotoHashVariant(photo_id=row.pk, label=label, phash=perceptual.to_signed(value))
            variant.phash_band_0, variant.phash_band_1, variant.phash_band_2, variant.phash_band_3 = perceptual.bands(
                value
            )
            variants.append(variant)
    PhotoHashVariant.objects.bulk_create(variants, batch_size=5000)


def _time_lookup(hashes: list[int], trimmed: list[int]) -> None:
    """Time the three band lookups ``photos_store`` makes for one photo, against a scan of every main hash."""
    from django.db.models import Q

    from evidence import checks
    from evidence.models import Photo
    from evidence.services import reuse_candidates, reuse_variant_candidates

    exclude = Q(pk__in=[])
    limit = checks.setting("reuse_max_distance")
    trimmed_limit = checks.setting("reuse_trimmed_max_distance")
    started = time.perf_counter()
    main = reuse_candidates(hashes, exclude=exclude, max_distance=limit)
    cut_new = reuse_candidates(trimmed, exclude=exclude, max_distance=trimmed_limit)
    cut_old = reuse_variant_candidates(hashes, exclude=Q(photo__pk__in=[]), max_distance=trimmed_limit)
    matches = checks.merge_matches(
        checks.nearest_matches(hashes, main, limit),
        checks.nearest_matches(trimmed, cut_new, trimmed_limit),
        checks.nearest_matches(hashes, cut_old, trimmed_limit),
    )
    banded = time.perf_counter() - started

    started = time.perf_counter()
    everything = list(Photo.objects.filter(phash__isnull=False).values_list("id", "phash"))
    scanned = checks.nearest_matches(hashes, everything, limit)
    full = time.perf_counter() - started

    print(
        f"reuse lookup over {len(everything)} hashed photos: band index {banded * 1000:.1f} ms "
        f"({len(main)} + {len(cut_new)} + {len(cut_old)} trimmed-copy candidates, {len(matches)} matches); "
        f"full scan {full * 1000:.1f} ms "
        f"({len(scanned)} matches)"
    )


def main() -> None:
    args = _parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="simpor-bench-"))
    _setup_django(workdir)

    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.images import process_upload

    rng = random.Random(5)  # noqa: S311 - fixed seed, same batch on every run
    sources = _sources(args.photos, rng)
    batch = [sources[index % len(sources)] for index in range(args.n)]
    kinds = {kind: sum(1 for item in batch if item[0] == kind) for kind, _, _ in sources}
    print(f"{args.n} photos: " + ", ".join(f"{count} {kind}" for kind, count in kinds.items()))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, work folder {workdir}")

    started = time.perf_counter()
    prepared = []
    for _, name, data in batch:
        processed = process_upload(SimpleUploadedFile(name, data))
        if args.store:
            prepared.append(processed)
    elapsed = time.perf_counter() - started
    print(f"process_upload: {args.n / elapsed:.1f} photos/s ({elapsed:.1f} s), peak RSS {_peak_rss_mb():.0f} MiB")

    # A second pass under tracemalloc, which slows Python code, for the peak of Python allocations alone.
    tracemalloc.start()
    for _, name, data in sources:
        process_upload(SimpleUploadedFile(name, data))
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"tracemalloc peak over one photo of each source: {traced_peak / 1048576:.1f} MiB")
    if not args.store:
        return

    from django.core.management import call_command

    from accounts.models import Role, User
    from agencies.models import Agency
    from evidence.services import photos_store
    from projects.models import ProgressUpdate, Project, Sector
    from regions.models import Region

    call_command("migrate", verbosity=0)
    regency = Region.objects.create(code="19.06", name="Belitung Timur", level=2, kind="kabupaten")
    agency = Agency.objects.create(regency=regency, name="Dinas Uji", short_name="Dinas Uji")
    user = User.objects.create_user(username="bench", password=None, role=Role.AGENCY, agency=agency)
    project = Project.objects.create(
        fiscal_year=2026,
        name="Paket uji",
        agency=agency,
        sector=Sector.ROADS,
        funding_source="apbd",
        budget_ceiling=Decimal("1000000000"),
        start_date=datetime.date(2026, 3, 9),
        latitude=Decimal("-2.8705"),
        longitude=Decimal("108.281"),
    )

    def new_update() -> ProgressUpdate:
        return ProgressUpdate.objects.create(
            project=project,
            date=datetime.date(2026, 6, 1),
            physical_percent=Decimal("50"),
            financial_percent=Decimal("40"),
            created_by=user,
        )

    if args.index_size:
        seed = new_update()
        photos_store(prepared=prepared[:1], project=project, uploaded_by=user, progress_update=seed)
        started = time.perf_counter()
        _fill_index(args.index_size, seed)
        print(f"filled the index with {args.index_size} rows in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    # One progress update per ten photos, as an OPD sends them.
    for start in range(0, len(prepared), 10):
        photos_store(
            prepared=prepared[start : start + 10], project=project, uploaded_by=user, progress_update=new_update()
        )
    elapsed = time.perf_counter() - started
    print(
        f"photos_store with checks: {len(prepared) / elapsed:.1f} photos/s ({elapsed:.1f} s), "
        f"peak RSS {_peak_rss_mb():.0f} MiB"
    )
    _time_lookup([prepared[0].phash, *prepared[0].phash_rotations], list(prepared[0].phash_variants.values()))


if __name__ == "__main__":
    main()
