"""Drawn site photos for the demo data: a construction scene, the project name, a date stamp and the progress.

The pictures are simple drawings, not photographs, so that no one takes them for real evidence. They are JPEG files
like the ones a phone sends, and some carry EXIF capture time and GPS position written with Pillow's Exif API.
"""

from __future__ import annotations

import datetime
import io
import random
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from PIL import ExifTags, Image, ImageDraw, ImageFont

# Scenes are drawn on a 960x720 canvas and stored at 640x480: small enough that the upload checks, copies and
# perceptual hashes of a few hundred photos stay quick, large enough to read the captions.
WIDTH, HEIGHT = 960, 720
HORIZON = 400
PHOTO_SIZE = (640, 480)


class Scene(StrEnum):
    """The kind of work a photo shows."""

    ROAD = "road"
    BUILDING = "building"
    BRIDGE = "bridge"
    CHANNEL = "channel"


@dataclass(frozen=True)
class Camera:
    """Values a phone writes into EXIF."""

    make: str
    model: str


CAMERAS = [Camera("samsung", "SM-A155F"), Camera("Xiaomi", "23124RN87G"), Camera("OPPO", "CPH2591")]


@dataclass(frozen=True)
class PhotoSpec:
    """Everything one drawn photo shows and carries."""

    scene: Scene
    project_name: str
    taken_at: datetime.datetime
    progress: Decimal
    workers: int
    signboard: bool
    safety_gear: bool = True
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    camera: Camera | None = None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _sky_and_ground(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    top, bottom = (96, 150, 210), (200, 225, 245)
    for y in range(HORIZON):
        share = y / HORIZON
        color = tuple(round(a + (b - a) * share) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=color)
    draw.rectangle([0, HORIZON, WIDTH, HEIGHT], fill=(150, 128, 92))
    # Belitung's sandy soil and scattered grass.
    for _ in range(60):
        x, y = rng.randrange(WIDTH), rng.randrange(HORIZON + 5, HEIGHT)
        draw.line([(x, y), (x + rng.randint(-4, 4), y - rng.randint(4, 10))], fill=(88, 122, 60), width=2)


def _trees(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    for _ in range(rng.randint(3, 6)):
        x = rng.randrange(0, WIDTH)
        height = rng.randint(60, 120)
        draw.rectangle([x - 4, HORIZON - height // 2, x + 4, HORIZON + 6], fill=(92, 64, 40))
        draw.ellipse([x - 40, HORIZON - height - 30, x + 40, HORIZON - height // 2 + 10], fill=(46, 110, 52))


def _worker(draw: ImageDraw.ImageDraw, x: int, y: int, safety_gear: bool) -> None:
    draw.ellipse([x - 9, y - 62, x + 9, y - 44], fill=(205, 160, 120))
    if safety_gear:
        draw.chord([x - 12, y - 70, x + 12, y - 50], 180, 360, fill=(250, 200, 0))  # helmet
        draw.rectangle([x - 11, y - 44, x + 11, y - 14], fill=(240, 120, 20))  # safety vest
    else:
        draw.rectangle([x - 11, y - 44, x + 11, y - 14], fill=(70, 110, 160))  # a plain shirt
    draw.line([(x - 6, y - 14), (x - 8, y)], fill=(40, 50, 80), width=6)
    draw.line([(x + 6, y - 14), (x + 8, y)], fill=(40, 50, 80), width=6)


def _signboard(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    draw.rectangle([x, y - 120, x + 6, y], fill=(90, 90, 90))
    draw.rectangle([x + 70, y - 120, x + 76, y], fill=(90, 90, 90))
    draw.rectangle([x - 20, y - 190, x + 96, y - 110], fill=(250, 250, 250), outline=(20, 60, 140), width=4)
    for line in range(5):
        draw.line([(x - 10, y - 175 + line * 13), (x + 86, y - 175 + line * 13)], fill=(20, 60, 140), width=3)


def _road(draw: ImageDraw.ImageDraw, share: float) -> None:
    # The base course is laid first. Asphalt covers it from the near end as progress grows.
    draw.polygon([(380, HORIZON), (580, HORIZON), (WIDTH, HEIGHT), (0, HEIGHT)], fill=(170, 160, 140))
    if share > 0.05:
        depth = HORIZON + (HEIGHT - HORIZON) * (1 - share)
        left = 380 - 380 * (depth - HORIZON) / (HEIGHT - HORIZON)
        right = 580 + 380 * (depth - HORIZON) / (HEIGHT - HORIZON)
        draw.polygon([(left, depth), (right, depth), (WIDTH, HEIGHT), (0, HEIGHT)], fill=(58, 58, 62))
        if share > 0.8:
            draw.line([(480, depth), (480, HEIGHT)], fill=(240, 240, 240), width=6)


def _building(draw: ImageDraw.ImageDraw, share: float) -> None:
    left, right, ground = 260, 700, HORIZON + 120
    draw.rectangle([left - 20, ground, right + 20, ground + 20], fill=(160, 160, 160))  # foundation
    wall_top = ground - 200 * min(1.0, share / 0.7)
    if share > 0.05:
        draw.rectangle([left, wall_top, right, ground], fill=(214, 200, 178) if share > 0.6 else (176, 96, 70))
        for column in range(left, right + 1, 110):
            draw.rectangle([column - 6, wall_top - 10, column + 6, ground], fill=(150, 150, 150))
    if share > 0.7:
        draw.polygon([(left - 40, ground - 200), (right + 40, ground - 200), (480, ground - 300)], fill=(150, 60, 40))
    if share > 0.9:
        for window in range(left + 40, right - 40, 110):
            draw.rectangle([window, ground - 140, window + 50, ground - 80], fill=(120, 170, 200))


def _bridge(draw: ImageDraw.ImageDraw, share: float) -> None:
    draw.rectangle([0, HORIZON + 90, WIDTH, HORIZON + 190], fill=(80, 120, 150))  # the river
    for x in (140, 480, 820):
        draw.rectangle([x - 25, HORIZON + 40, x + 25, HORIZON + 200], fill=(150, 150, 150))  # piers
    span = (WIDTH - 60) * share
    if share > 0.05:
        draw.rectangle([30, HORIZON + 20, 30 + span, HORIZON + 44], fill=(120, 120, 125))
    if share > 0.85:
        draw.line([(30, HORIZON), (30 + span, HORIZON)], fill=(220, 220, 220), width=5)


def _channel(draw: ImageDraw.ImageDraw, share: float) -> None:
    draw.polygon([(440, HORIZON), (520, HORIZON), (700, HEIGHT), (260, HEIGHT)], fill=(110, 90, 60))  # trench
    if share > 0.05:
        depth = HORIZON + (HEIGHT - HORIZON) * (1 - share)
        ratio = (depth - HORIZON) / (HEIGHT - HORIZON)
        left, right = 440 - 180 * ratio, 520 + 180 * ratio
        draw.polygon([(left - 14, depth), (left, depth), (260, HEIGHT), (230, HEIGHT)], fill=(190, 190, 185))
        draw.polygon([(right, depth), (right + 14, depth), (730, HEIGHT), (700, HEIGHT)], fill=(190, 190, 185))
    if share > 0.9:
        draw.polygon([(450, HORIZON), (510, HORIZON), (660, HEIGHT), (300, HEIGHT)], fill=(90, 130, 150))


SCENES = {Scene.ROAD: _road, Scene.BUILDING: _building, Scene.BRIDGE: _bridge, Scene.CHANNEL: _channel}


def _captions(draw: ImageDraw.ImageDraw, spec: PhotoSpec) -> None:
    title = textwrap.wrap(spec.project_name, width=48)[:2]
    box_height = 20 + 34 * len(title)
    draw.rectangle([0, 0, WIDTH, box_height], fill=(0, 0, 0, 150))
    for number, line in enumerate(title):
        draw.text((20, 12 + 34 * number), line, font=_font(28), fill=(255, 255, 255))
    progress = f"Progres fisik ±{spec.progress:.0f}%"
    draw.rectangle([0, HEIGHT - 56, 330, HEIGHT], fill=(0, 0, 0, 150))
    draw.text((20, HEIGHT - 46), progress, font=_font(30), fill=(255, 255, 255))
    # The orange date stamp that phone cameras print in the corner.
    stamp = spec.taken_at.strftime("%d/%m/%Y %H:%M")
    draw.text((WIDTH - 300, HEIGHT - 48), stamp, font=_font(32), fill=(255, 150, 20))


def _degrees_minutes_seconds(value: Decimal) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes_full = (value - degrees) * 60
    minutes = int(minutes_full)
    seconds = (minutes_full - minutes) * 60
    return float(degrees), float(minutes), round(float(seconds), 3)


def exif_for(spec: PhotoSpec) -> Image.Exif:
    """Return the EXIF block a phone would write: camera, capture time with its offset and, if known, GPS."""
    exif = Image.Exif()
    if spec.camera is not None:
        exif[ExifTags.Base.Make] = spec.camera.make
        exif[ExifTags.Base.Model] = spec.camera.model
    exif[ExifTags.Base.DateTime] = spec.taken_at.strftime("%Y:%m:%d %H:%M:%S")
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = spec.taken_at.strftime("%Y:%m:%d %H:%M:%S")
    offset = spec.taken_at.strftime("%z")  # "+0700"
    details[ExifTags.Base.OffsetTimeOriginal] = f"{offset[:3]}:{offset[3:]}"
    if spec.latitude is not None and spec.longitude is not None:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "S" if spec.latitude < 0 else "N"
        gps[ExifTags.GPS.GPSLatitude] = _degrees_minutes_seconds(spec.latitude)
        gps[ExifTags.GPS.GPSLongitudeRef] = "W" if spec.longitude < 0 else "E"
        gps[ExifTags.GPS.GPSLongitude] = _degrees_minutes_seconds(spec.longitude)
    return exif


def draw_photo(spec: PhotoSpec, rng: random.Random) -> bytes:
    """Draw the scene of ``spec`` and return it as JPEG bytes, with EXIF when the spec has a camera."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image, "RGBA")
    _sky_and_ground(draw, rng)
    _trees(draw, rng)
    SCENES[spec.scene](draw, float(spec.progress) / 100)
    if spec.signboard:
        _signboard(draw, 60, HORIZON + 150)
    for number in range(spec.workers):
        _worker(draw, 200 + number * 110 + rng.randint(-20, 20), HORIZON + 200 + rng.randint(0, 90), spec.safety_gear)
    _captions(draw, spec)
    image = image.resize(PHOTO_SIZE, Image.Resampling.BOX)

    buffer = io.BytesIO()
    if spec.camera is not None:
        image.save(buffer, format="JPEG", quality=80, exif=exif_for(spec))
    else:
        image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()
