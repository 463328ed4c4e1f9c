"""Plans of the demo projects: each project's course through the year, its contract dates and the progress it
shows on any day."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from dataclasses import dataclass, field
from enum import StrEnum

from projects.models import Project

from .curves import Week, planned_on
from .photos import Scene

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
DAY = datetime.timedelta(days=1)
CONTRACT_DURATIONS = (60, 75, 90, 120, 150, 180, 210, 240)
# Masa pemeliharaan between PHO and FHO: at least 3 months for semi-permanent works.
MAINTENANCE_DAYS = 90


class Course(StrEnum):
    """The course a demo project's year takes."""

    PLANNED = "planned"  # tender still running, or SPMK not given yet
    ON_TRACK = "on_track"
    LATE = "late"  # behind the kurva S by 3 to 10 points
    CRITICAL = "critical"  # behind by more than 10 points: a kontrak kritis
    PAID_AHEAD = "paid_ahead"  # financial progress far above physical progress
    PHO = "pho"
    FHO = "fho"
    TERMINATED = "terminated"


RUNNING_COURSES = (Course.ON_TRACK, Course.LATE, Course.CRITICAL, Course.PAID_AHEAD)

# How many projects follow each course; the remaining ones are on track.
COURSE_COUNTS = {
    Course.TERMINATED: 1,
    Course.FHO: 2,
    Course.PHO: 5,
    Course.PAID_AHEAD: 1,
    Course.CRITICAL: 4,
    Course.LATE: 10,
    Course.PLANNED: 7,
}
COURSE_DURATIONS = {
    Course.FHO: (60, 75, 90, 120),
    Course.PHO: (60, 75, 90, 120, 150, 180),
    Course.TERMINATED: (150, 180, 210),
}
# The course a project follows instead when its own cannot have happened by today.
COURSE_FALLBACK = {
    Course.FHO: Course.PHO,
    Course.PHO: Course.ON_TRACK,
    Course.TERMINATED: Course.CRITICAL,
    Course.ON_TRACK: Course.PLANNED,
    Course.LATE: Course.PLANNED,
    Course.CRITICAL: Course.PLANNED,
    Course.PAID_AHEAD: Course.PLANNED,
}


@dataclass
class Plan:
    """A demo project and how its year goes: dates, kurva S and the deviation it ends with."""

    project: Project
    course: Course
    scene: Scene
    steepness: float = 2.0
    schedule: list[Week] = field(default_factory=list)
    last_work_day: datetime.date | None = None  # today, the PHO date or the termination date
    deviation: float = 0.0  # physical minus planned progress on last_work_day, in points
    overclaim: float = 0.0  # points the OPD's figures exceed what is on site, on last_work_day
    silent: bool = False  # the OPD stopped reporting progress some weeks before today

    @property
    def started(self) -> bool:
        return self.last_work_day is not None

    def share_of_work_time(self, day: datetime.date) -> float:
        start = self.project.start_date
        total = (self.last_work_day - start).days + 1
        return max(0.0, min(1.0, ((day - start).days + 1) / total))

    def reported_on(self, day: datetime.date) -> float:
        """Return the physical progress the OPD reports for ``day``: the kurva S plus the plan's growing deviation."""
        day = min(day, self.last_work_day)
        if self.course in (Course.PHO, Course.FHO) and day == self.last_work_day:
            return 100.0
        planned = planned_on(self.schedule, self.project.start_date, day)
        return max(0.0, min(100.0, planned + self.deviation * self.share_of_work_time(day) ** 1.3))

    def on_site(self, day: datetime.date) -> float:
        """Return the physical progress really on site, below the OPD's figure when the OPD overclaims."""
        return max(0.0, self.reported_on(day) - self.overclaim * self.share_of_work_time(day))


def _start_window(
    course: Course, duration: int, today: datetime.date, *, within_year: bool
) -> tuple[datetime.date, datetime.date]:
    """Return the earliest and latest SPMK date that let a contract of ``duration`` days follow ``course``."""
    first = datetime.date(today.year, 1, 21)  # tenders of the year rarely finish before late January
    if course == Course.FHO:
        return first, today - (duration + MAINTENANCE_DAYS + 10) * DAY
    if course == Course.PHO:
        return first, today - (duration + 10) * DAY
    if course == Course.TERMINATED:
        return first, today - int(duration * 0.6) * DAY
    # Running today with at least a week to go and, where possible, ending within the fiscal year. A critical
    # contract needs enough time gone for a gap of more than 10 points to open. A contract paid ahead of its
    # progress shows it best about halfway, before the payments reach 100%.
    least_gone, most_gone = {Course.CRITICAL: (0.45, 1.0), Course.PAID_AHEAD: (0.35, 0.55)}.get(course, (0.25, 1.0))
    earliest = max(datetime.date(today.year, 1, 2), today - min(duration - 8, int(duration * most_gone)) * DAY)
    latest = today - max(14, int(duration * least_gone)) * DAY
    if within_year:
        latest = min(latest, datetime.date(today.year, 12, 31) - (duration - 1) * DAY)
    return earliest, latest


def contract_dates(
    plan: Plan, today: datetime.date, rng: random.Random
) -> tuple[datetime.date, datetime.date, int] | None:
    """Return (contract date, SPMK date, duration) that fit the plan's course, or None for no contract yet.

    A course that cannot have happened by today (a hand-over in February) falls back to a lesser one, and
    plan.course is changed to it.
    """
    options = []
    while plan.course != Course.PLANNED:
        for within_year in (True, False):
            options = [
                (duration, *window)
                for duration in COURSE_DURATIONS.get(plan.course, CONTRACT_DURATIONS)
                for window in [_start_window(plan.course, duration, today, within_year=within_year)]
                if window[0] <= window[1]
            ]
            if options:
                break
        if options:
            break
        plan.course = COURSE_FALLBACK[plan.course]
    if plan.course == Course.PLANNED:
        return _upcoming_contract(today, rng)

    duration, earliest, latest = rng.choice(options)
    start = earliest + rng.randint(0, (latest - earliest).days) * DAY
    contract_date = max(datetime.date(today.year, 1, 2), start - rng.randint(3, 10) * DAY)
    return contract_date, start, duration


def _upcoming_contract(today: datetime.date, rng: random.Random) -> tuple[datetime.date, datetime.date, int] | None:
    """Some planned projects have a signed contract and an SPMK due soon; the others are still tendered."""
    start = today + rng.randint(7, 21) * DAY
    year_end = datetime.date(today.year, 12, 31)
    durations = [duration for duration in CONTRACT_DURATIONS if start + (duration - 1) * DAY <= year_end]
    if rng.random() >= 0.4 or not durations:
        return None
    contract_date = max(datetime.date(today.year, 1, 2), today - rng.randint(1, 5) * DAY)
    return contract_date, start, rng.choice(durations)
