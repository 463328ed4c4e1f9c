"""Checks run when photos are stored: results on the Photo row, reuse across owners, and bounded lookups."""

import datetime
import io
import random
import re
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from demo.photos import PhotoSpec, Scene, draw_photo
from evidence import phash as perceptual
from evidence.models import Photo
from evidence.services import DevicePosition, photos_prepare, photos_store
from evidence.tests.conftest import DATA as DATA_DIR
from evidence.tests.conftest import data_upload, jpeg_bytes, transformed_upload
from monitoring import services as monitoring
from monitoring.models import CHECKLIST_FIELDS
from projects import services as projects

CAMERA_PHOTO = "gps_nikon_coolpix_p6000_DSCN0010.jpg"
OTHER_PHOTO = "corrupt_exif_hopper_bad_exif.jpg"


@pytest.fixture
def shared_project(make_project, regions):
    return make_project(villages=[regions["lalang_jaya"], regions["kurnia_jaya"]])


def drawn_upload(scene, progress):
    """Return a drawn demo photo of a ``scene`` at ``progress`` percent, as the demo seeds them."""
    spec = PhotoSpec(
        scene=Scene(scene),
        project_name="Pembangunan Jalan Desa Contoh",
        taken_at=datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC),
        progress=Decimal(progress),
        workers=2,
        signboard=True,
    )
    return SimpleUploadedFile(f"{scene}_{progress}.jpg", draw_photo(spec, random.Random(progress)))


def submit(user, project, photos, positions=()):
    report, _ = monitoring.report_submit(
        user=user,
        project=project,
        client_id=uuid.uuid4(),
        visit_date=monitoring.jakarta_today(),
        observed_progress=Decimal("30"),
        checklist=dict.fromkeys(CHECKLIST_FIELDS, True),
        narrative="Pekerjaan berjalan.",
        photos=photos,
        photo_positions=positions,
    )
    return report


def test_camera_photo_far_and_old_flagged(users, shared_project):
    photo = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)]).photos.get()

    assert photo.location_check == "flagged"
    assert photo.location_source == "exif"
    assert photo.location_distance_m > 10_000_000
    assert photo.time_check == "flagged"
    assert "2008" in photo.time_reason
    assert photo.reuse_check == "ok"
    assert photo.phash is not None


def test_device_position_used_without_gps(users, shared_project):
    near = DevicePosition(
        latitude=Decimal("-2.871000"),
        longitude=Decimal("108.281000"),
        accuracy=Decimal("12.0"),
        captured_at=timezone.now(),
    )

    photo = submit(users["lalang_jaya"], shared_project, [data_upload(OTHER_PHOTO)], [near]).photos.get()

    assert photo.location_check == "ok"
    assert photo.location_source == "device"
    assert photo.location_distance_m == 56
    assert photo.time_check == "ok"


def test_received_at_is_server_time(users, shared_project):
    before = timezone.now()
    photo = submit(users["lalang_jaya"], shared_project, [data_upload(OTHER_PHOTO)]).photos.get()

    assert before <= photo.received_at <= timezone.now()


@pytest.mark.parametrize(
    "transform",
    [
        lambda image: image,
        lambda image: image.resize((image.width // 2, image.height // 2)),
        lambda image: image.crop((8, 6, image.width - 8, image.height - 6)),
        lambda image: image.transpose(Image.Transpose.ROTATE_90),
    ],
    ids=["recompressed", "resized", "cropped-centre", "rotated"],
)
def test_reused_photo_flagged_in_other_report(users, shared_project, transform):
    first = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)]).photos.get()

    second = submit(users["kurnia_jaya"], shared_project, [transformed_upload(CAMERA_PHOTO, transform)]).photos.get()

    assert second.reuse_check == "flagged"
    assert second.reuse_matches[0][0] == first.pk
    assert second.reuse_matches[0][1] <= 10
    first.refresh_from_db()
    assert first.reuse_check == "ok"


def _trim(side, share):
    """Return a function that cuts ``share`` of the picture off one ``side``."""

    def trim(image):
        across, down = round(image.width * share), round(image.height * share)
        box = {
            "left": (across, 0, image.width, image.height),
            "top": (0, down, image.width, image.height),
            "right": (0, 0, image.width - across, image.height),
            "bottom": (0, 0, image.width, image.height - down),
        }[side]
        return image.crop(box)

    return trim


@pytest.mark.parametrize("side", ["left", "top", "right", "bottom"])
def test_photo_cut_on_one_side_flagged(users, shared_project, side):
    first = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)]).photos.get()

    cut = transformed_upload(CAMERA_PHOTO, _trim(side, 0.10))
    second = submit(users["kurnia_jaya"], shared_project, [cut]).photos.get()

    assert second.reuse_check == "flagged"
    assert second.reuse_matches[0][0] == first.pk


@pytest.mark.parametrize("side", ["top", "right"])
def test_whole_photo_after_its_cut_copy_flagged(users, shared_project, side):
    cut = transformed_upload(CAMERA_PHOTO, _trim(side, 0.10))
    first = submit(users["lalang_jaya"], shared_project, [cut]).photos.get()

    second = submit(users["kurnia_jaya"], shared_project, [data_upload(CAMERA_PHOTO)]).photos.get()

    assert second.reuse_check == "flagged"
    assert second.reuse_matches[0][0] == first.pk


def test_stored_photo_keeps_hashes_of_its_cut_copies(users, shared_project):
    photo = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)]).photos.get()

    labels = sorted(photo.hash_variants.values_list("label", flat=True))

    assert labels == sorted(f"{side}{share}" for side in ("left", "top", "right", "bottom") for share in (5, 10))


def test_other_drawing_of_similar_scene_not_flagged(users, shared_project):
    first = submit(users["lalang_jaya"], shared_project, [drawn_upload("road", 20)]).photos.get()

    second = submit(users["kurnia_jaya"], shared_project, [drawn_upload("road", 80)]).photos.get()

    assert first.phash != second.phash
    assert second.reuse_check == "ok"


def test_same_file_flagged_with_distance_zero(users, shared_project):
    first = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)]).photos.get()

    second = submit(users["kurnia_jaya"], shared_project, [data_upload(CAMERA_PHOTO)]).photos.get()

    assert second.sha256 == first.sha256
    assert second.reuse_matches == [[first.pk, 0]]
    assert second.reuse_reason.startswith("Berkas yang sama")


def test_different_photo_not_flagged(users, shared_project):
    submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)])

    other = submit(users["kurnia_jaya"], shared_project, [data_upload(OTHER_PHOTO)]).photos.get()

    assert other.reuse_check == "ok"
    assert other.reuse_matches == []


def test_two_copies_in_one_report_not_reuse(users, shared_project):
    report = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO), data_upload(CAMERA_PHOTO)])

    assert [photo.reuse_check for photo in report.photos.all()] == ["ok", "ok"]


def test_withdrawn_report_photos_may_be_sent_again(users, shared_project):
    first = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)])
    monitoring.report_withdraw(user=users["lalang_jaya"], report=first, reason="Salah proyek.")

    again = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)]).photos.get()

    assert again.reuse_check == "ok"


def test_progress_photo_reused_in_report_flagged(users, shared_project):
    update = projects.progress_update_create(
        user=users["pupr"],
        project=shared_project,
        date=datetime.date(2026, 6, 1),
        physical_percent=Decimal("40"),
        financial_percent=Decimal("30"),
        photos=[data_upload(OTHER_PHOTO)],
    )
    earlier = update.photos.get()

    photo = submit(users["lalang_jaya"], shared_project, [data_upload(OTHER_PHOTO)]).photos.get()

    assert photo.reuse_check == "flagged"
    assert photo.reuse_matches[0][0] == earlier.pk


def test_progress_photo_time_against_update_date(users, shared_project):
    position = DevicePosition(captured_at=datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC))
    update = projects.progress_update_create(
        user=users["pupr"],
        project=shared_project,
        date=datetime.date(2026, 6, 20),
        physical_percent=Decimal("40"),
        financial_percent=Decimal("30"),
        photos=[data_upload(OTHER_PHOTO)],
        positions=[position],
    )

    assert update.photos.get().time_check == "flagged"


def test_tiny_photo_reuse_unknown(users, shared_project):
    photo = submit(
        users["lalang_jaya"], shared_project, [SimpleUploadedFile("kecil.jpg", jpeg_bytes(size=(40, 30)))]
    ).photos.get()

    assert photo.phash is None
    assert photo.reuse_check == "unknown"


@pytest.mark.parametrize("existing", [3, 30])
def test_reuse_lookup_query_count_bounded(users, shared_project, existing, django_assert_max_num_queries):
    report = submit(users["lalang_jaya"], shared_project, [data_upload(OTHER_PHOTO)])
    stored = report.photos.get()
    # Copies of one row with random hashes stand in for earlier photos of other reports.
    for number in range(existing):
        stored.pk = None
        stored.phash = (number * 0x9E37_79B9_7F4A_7C15) % (1 << 63)
        stored.save()
    prepared = photos_prepare([data_upload(CAMERA_PHOTO)])
    update = projects.progress_update_create(
        user=users["pupr"],
        project=shared_project,
        date=datetime.date(2026, 6, 1),
        physical_percent=Decimal("40"),
        financial_percent=Decimal("30"),
    )

    # One photo: the exact-file and three band lookups, the insert, its trimmed-copy hashes and the audit entry.
    with django_assert_max_num_queries(13):
        photos_store(prepared=prepared, project=shared_project, uploaded_by=users["pupr"], progress_update=update)

    assert Photo.objects.count() == existing + 2


def test_upload_name_never_reaches_storage(users, shared_project):
    hostile = SimpleUploadedFile("../../static/js/report-form.js.php", (DATA_DIR / OTHER_PHOTO).read_bytes())

    photo = submit(users["lalang_jaya"], shared_project, [hostile]).photos.get()

    for stored in (photo.original.name, photo.web.name, photo.thumbnail.name):
        assert re.fullmatch(r"photos/(original|web|thumb)/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", stored), stored


def test_command_hashes_trimmed_copies_of_older_photos(users, shared_project):
    photo = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)]).photos.get()
    expected = dict(photo.hash_variants.values_list("label", "phash"))
    photo.hash_variants.all().delete()  # as a photo stored before the trimmed copies were hashed
    output = io.StringIO()

    call_command("photo_hash_variants", stdout=output)
    call_command("photo_hash_variants", stdout=output)

    filled = dict(photo.hash_variants.values_list("label", "phash"))
    assert filled.keys() == expected.keys()
    # The command hashes the stored JPEG thumbnail, so a bit or two may differ from the hashes made at upload.
    assert max(perceptual.distance(filled[label], expected[label]) for label in expected) <= 4
    assert output.getvalue().splitlines() == [
        "Hashed the trimmed copies of 1 photos.",
        "Hashed the trimmed copies of 0 photos.",
    ]
