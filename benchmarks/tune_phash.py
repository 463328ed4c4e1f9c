"""Measure how well perceptual hashes tell a reused photo from a different one, per distance threshold.

Usage: .venv/bin/python benchmarks/tune_phash.py [PHOTO_DIR]   (default ../shared/data/photos beside the repository)

Positives are each base photo against a transformed copy of itself: resize to 50%, JPEG quality 40, a crop of
5% centred (2.5% off each edge), crops of 5% and 10% off the right and bottom edges, brightness +10%, and a 90°
turn. Negatives are every pair of different base photos. The base photos are the real photos in PHOTO_DIR
(files that show the same picture count once, and pictures below the hashing minimum are left out) plus drawn
demo scenes of the same kinds of site at different progress, which are different photos of similar scenes.
Every image goes through evidence.images.process_upload, so the hashes are the ones the application stores.
Prints false-negative and false-positive rates per threshold for phash and dhash, with and without matching
the turned copies.
"""

from __future__ import annotations

import datetime
import io
import itertools
import random
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.conf import settings  # noqa: E402

# process_upload needs only its upload limits, so the script runs without a database or the project's settings.
settings.configure(SIMPOR_MAX_PHOTO_BYTES=100 * 1024 * 1024, SIMPOR_MAX_PHOTO_PIXELS=100_000_000, USE_I18N=False)

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image, ImageEnhance, ImageOps  # noqa: E402

from demo.photos import PhotoSpec, Scene, draw_photo  # noqa: E402
from evidence import phash as perceptual  # noqa: E402
from evidence.images import THUMBNAIL_MAX_SIDE, process_upload  # noqa: E402

# Files that show the same picture as another one (same scene, only the orientation flag differs).
SAME_PICTURE = {
    "orientation_3_landscape.jpg",
    "orientation_6_landscape.jpg",
    "orientation_8_landscape.jpg",
    "corrupt_exif_hopper_bad_exif.jpg",  # the same portrait as no_exif_hopper.jpg, in grayscale
}
THRESHOLDS = range(0, 17)
MAIN_THRESHOLD = 10


def _jpeg(image: Image.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def _crop(image: Image.Image, share: float) -> Image.Image:
    width, height = image.size
    return image.crop((0, 0, round(width * (1 - share)), round(height * (1 - share))))


def _crop_side(image: Image.Image, side: str, share: float) -> Image.Image:
    width, height = image.size
    across, down = round(width * share), round(height * share)
    box = {
        "left": (across, 0, width, height),
        "top": (0, down, width, height),
        "right": (0, 0, width - across, height),
        "bottom": (0, 0, width, height - down),
    }[side]
    return image.crop(box)


def _crop_centred(image: Image.Image, share: float) -> Image.Image:
    width, height = image.size
    left, top = round(width * share / 2), round(height * share / 2)
    return image.crop((left, top, width - left, height - top))


SIDES = ("left", "top", "right", "bottom")

# Each transform gives one or more copies of a base photo; the one-sided crops give one copy per side.
TRANSFORMS = {
    "resize 50%": lambda image: [_jpeg(image.resize((max(1, image.width // 2), max(1, image.height // 2))))],
    "JPEG q40": lambda image: [_jpeg(image, quality=40)],
    "crop 5% centred": lambda image: [_jpeg(_crop_centred(image, 0.05))],
    "crop 5% one side": lambda image: [_jpeg(_crop_side(image, side, 0.05)) for side in SIDES],
    "crop 10% one side": lambda image: [_jpeg(_crop_side(image, side, 0.10)) for side in SIDES],
    "crop 5% right and bottom": lambda image: [_jpeg(_crop(image, 0.05))],
    "crop 10% right and bottom": lambda image: [_jpeg(_crop(image, 0.10))],
    "brightness +10%": lambda image: [_jpeg(ImageEnhance.Brightness(image).enhance(1.1))],
    "rotate 90°": lambda image: [_jpeg(image.transpose(Image.Transpose.ROTATE_90))],
}


def _hashes(data: bytes, name: str) -> dict[str, list[int]]:
    """Return, per hash kind, the hash of the upright photo followed by the hashes of its three turns.

    "variants" holds the pHash of the eight trimmed copies (evidence.phash.crop_variants).
    """
    processed = process_upload(SimpleUploadedFile(name, data))
    thumbnail = Image.open(io.BytesIO(processed.thumbnail_jpeg))
    return {
        "phash": [processed.phash, *processed.phash_rotations],
        "dhash": [perceptual.dhash(image) for image in [thumbnail, *perceptual.rotations(thumbnail)]],
        "variants": list(processed.phash_variants.values()),
    }


def _distance(stored: dict[str, list[int]], new: dict[str, list[int]], kind: str, mode: str) -> int:
    """Return the distance the reuse check sees between a stored photo and a new one.

    mode "upright": upright hashes only; "turns": the new photo's turns too; "variants": the new photo's hash and
    turns against the stored hash and its trimmed copies, and the new photo's trimmed copies against the stored
    hash; "trimmed": only those comparisons with a trimmed copy.
    """
    candidates = new[kind] if mode != "upright" else new[kind][:1]
    best = min(perceptual.distance(stored[kind][0], value) for value in candidates)
    if mode == "trimmed":
        best = perceptual.HASH_BITS
    if mode in ("variants", "trimmed"):
        best = min(
            best,
            *(perceptual.distance(variant, value) for variant in stored["variants"] for value in candidates),
            *(perceptual.distance(stored[kind][0], variant) for variant in new["variants"]),
        )
    return best


def _base_photos(photo_dir: Path) -> dict[str, Image.Image]:
    photos = {}
    for path in sorted(photo_dir.iterdir()):
        if path.suffix.lower() not in {".jpg", ".jpeg", ".png", ".heic"} or path.name in SAME_PICTURE:
            continue
        image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
        if min(image.size) < perceptual.MIN_SIDE:
            print(f"left out {path.name}: {image.width} x {image.height} px is below the hashing minimum")
            continue
        photos[path.name] = image
    rng = random.Random(7)  # noqa: S311 - a fixed seed draws the same demo scenes on every run
    for scene in Scene:
        for progress in (10, 30, 50, 70, 90):
            spec = PhotoSpec(
                scene=scene,
                project_name=f"Pembangunan {scene} Desa Contoh",
                taken_at=datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC),
                progress=Decimal(progress),
                workers=rng.randint(1, 4),
                signboard=True,
            )
            photos[f"demo_{scene}_{progress}"] = Image.open(io.BytesIO(draw_photo(spec, rng))).convert("RGB")
    return photos


def _rate(count: int, total: int) -> str:
    return f"{100 * count / total:5.1f}%" if total else "  -  "


def main() -> None:
    photo_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "photos"
    bases = _base_photos(photo_dir)
    # Tiny images carry too little picture for any hash; they are counted but reported apart.
    print(f"{len(bases)} base photos from {photo_dir} and the demo scenes; thumbnails up to {THUMBNAIL_MAX_SIDE} px")

    base_hashes = {name: _hashes(_jpeg(image, 95), name) for name, image in bases.items()}
    positives: dict[str, list[dict[str, list[int]]]] = {}
    for label, transform in TRANSFORMS.items():
        positives[label] = [
            (base_hashes[name], _hashes(copy, name)) for name, image in bases.items() for copy in transform(image)
        ]
    negatives = list(itertools.combinations(base_hashes.values(), 2))
    similar = [
        (base_hashes[first], base_hashes[second])
        for first, second in itertools.combinations([name for name in bases if name.startswith("demo_")], 2)
        if first.split("_")[1] == second.split("_")[1]
    ]
    print(f"{len(negatives)} pairs of different photos, {len(similar)} of them the same demo scene at another progress")

    titles = {
        "upright": "upright only",
        "turns": "also matching the 90/180/270° turns",
        "variants": "matching the turns and the copies trimmed 5% and 10% from each side",
    }
    for kind, mode in [
        (kind, mode) for kind in ("phash", "dhash") for mode in titles if (kind, mode) != ("dhash", "variants")
    ]:

        def pair_distance(stored, new, kind=kind, mode=mode):
            return _distance(stored, new, kind, mode)

        title = f"{kind}, {titles[mode]}"
        print(f"\n## {title}\n")
        header = ["threshold", *[f"FN {label}" for label in TRANSFORMS], "FP all pairs", "FP similar scenes"]
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        distances = {label: [pair_distance(a, b) for a, b in pairs] for label, pairs in positives.items()}
        negative_distances = [pair_distance(a, b) for a, b in negatives]
        similar_distances = [pair_distance(a, b) for a, b in similar]
        for threshold in THRESHOLDS:
            cells = [str(threshold)]
            for label in TRANSFORMS:
                misses = sum(value > threshold for value in distances[label])
                cells.append(_rate(misses, len(distances[label])))
            cells.append(_rate(sum(value <= threshold for value in negative_distances), len(negative_distances)))
            cells.append(_rate(sum(value <= threshold for value in similar_distances), len(similar_distances)))
            print("| " + " | ".join(cells) + " |")
        print(f"\nsmallest distance between different photos: {min(negative_distances)}")
        for label in TRANSFORMS:
            print(f"largest distance for {label}: {max(distances[label])}")

    # What the application does: the hash and its turns at the reuse distance (10), the trimmed copies at their own.
    print(f"\n## phash: hash and turns at {MAIN_THRESHOLD}, trimmed copies at the threshold in the first column\n")
    header = ["trimmed threshold", *[f"FN {label}" for label in TRANSFORMS], "FP all pairs", "FP similar scenes"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))

    def matched(stored, new, threshold):
        return (
            _distance(stored, new, "phash", "turns") <= MAIN_THRESHOLD
            or _distance(stored, new, "phash", "trimmed") <= threshold
        )

    for threshold in THRESHOLDS:
        cells = [str(threshold)]
        for pairs in positives.values():
            cells.append(_rate(sum(not matched(a, b, threshold) for a, b in pairs), len(pairs)))
        cells.append(_rate(sum(matched(a, b, threshold) for a, b in negatives), len(negatives)))
        cells.append(_rate(sum(matched(a, b, threshold) for a, b in similar), len(similar)))
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
