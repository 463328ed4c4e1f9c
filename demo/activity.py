"""What happens on the demo projects during the year: kurva S, OPD progress updates, PHO and FHO, village
visits with photos and findings, and the OPDs' follow-up.

Every change goes through the service a screen would call (projects, monitoring and earlywarning services), so
the demo data passes the same rules. The services stamp rows with the current time. The demo then moves those
timestamps back to the day each event happened, so that ages and overdue findings come out right, while the
audit trail keeps the real time of writing.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from earlywarning import services as earlywarning
from earlywarning.models import DelayCause, MeetingOutcome
from evidence.models import Photo
from evidence.services import DevicePosition
from monitoring import services as monitoring
from monitoring.models import (
    Finding,
    FindingReview,
    FindingState,
    MonitoringReport,
    Response,
    ResponseAction,
    finding_due_days,
)
from projects import services as projects
from projects.models import ProgressUpdate, Project, ProjectStatus

from . import catalog
from .curves import HUNDRED, percent, planned_on, weekly_schedule
from .photos import CAMERAS, PhotoSpec, draw_photo
from .plans import DAY, JAKARTA, MAINTENANCE_DAYS, Course, Plan

OVERCLAIMED_PROJECTS = 3  # on-track or late projects whose OPD claims far more than the villages see
SILENT_PROJECTS = 2  # at most this many on-track projects whose OPD last reported three to five weeks ago
VISITS_PER_COURSE = {
    Course.ON_TRACK: (1, 2),
    Course.LATE: (2, 2),
    Course.CRITICAL: (2, 3),
    Course.PAID_AHEAD: (2, 2),
    Course.PHO: (2, 2),
    Course.FHO: (2, 2),
    Course.TERMINATED: (2, 2),
}
# Shares of the follow-up outcomes of findings older than SETTLING_DAYS. A "contested" finding is answered and
# then contested by the village, so it is open again.
FOLLOW_UP_SHARES = {"open": 0.18, "answered": 0.22, "resolved": 0.32, "rejected": 0.14, "contested": 0.14}
SETTLING_DAYS = 4  # findings younger than this stay open, because the OPD has not acted on them yet


@dataclass
class Cast:
    """The demo accounts that act on projects: the administrator, OPD heads and operators by agency id, and desa
    operators by desa id."""

    admin: User | None = None
    heads: dict[int, User] = field(default_factory=dict)
    operators: dict[int, User] = field(default_factory=dict)
    village_users: dict[int, User] = field(default_factory=dict)


@dataclass
class RaisedFinding:
    """A finding the demo raised, with the catalogue entry it came from and the day of the visit."""

    finding: Finding
    spec: catalog.FindingSpec
    visit_date: datetime.date


class Activity:
    """Runner of every plan's year through the services, in a fixed order so that one random generator makes
    every choice reproducibly."""

    def __init__(self, *, plans: list[Plan], cast: Cast, today: datetime.date, rng: random.Random):
        self.plans = plans
        self.plan_of = {plan.project.pk: plan for plan in plans}
        self.cast = cast
        self.today = today
        self.rng = rng
        self.raised: list[RaisedFinding] = []
        self.counts = {"schedule_weeks": 0, "progress_updates": 0, "reports": 0, "photos": 0, "findings": 0}

    def play(self) -> dict[str, int]:
        """Run the year and return counts of what was created."""
        self._choose_special_plans()
        for plan in self.plans:
            self._schedule(plan)
            self._progress(plan)
        for plan in self.plans:
            self._visits(plan)
        self._follow_up()
        # The stored early-warning assessments, as the daily job leaves them, for the dashboards.
        earlywarning.assessments_refresh_all(today=self.today)
        self.counts["findings"] = len(self.raised)
        return self.counts

    # Kurva S and progress updates -------------------------------------------------------------------------------

    def _choose_special_plans(self) -> None:
        """Pick the on-track or late contracts whose OPD overclaims, and the on-track ones whose OPD stopped
        reporting, among those running for at least two months."""
        long_enough = self.today - 60 * DAY
        candidates = [
            plan
            for plan in self.plans
            if plan.course in (Course.ON_TRACK, Course.LATE)
            and plan.project.start_date is not None
            and plan.project.start_date <= long_enough
        ]
        chosen = self.rng.sample(candidates, min(OVERCLAIMED_PROJECTS + SILENT_PROJECTS, len(candidates)))
        for plan in chosen[:OVERCLAIMED_PROJECTS]:
            plan.overclaim = self.rng.uniform(10, 18)
        for plan in chosen[OVERCLAIMED_PROJECTS:]:
            if plan.course == Course.ON_TRACK:
                plan.silent = True

    def _schedule(self, plan: Plan) -> None:
        project = plan.project
        if project.start_date is None:
            return
        plan.schedule = weekly_schedule(project.start_date, project.duration_days, plan.steepness)
        earlywarning.schedule_replace(
            user=self.cast.operators[project.agency_id],
            project=project,
            entries=[(week.number, week.planned) for week in plan.schedule],
        )
        self.counts["schedule_weeks"] += len(plan.schedule)

    def _deviation(self, plan: Plan) -> float:
        planned = planned_on(plan.schedule, plan.project.start_date, plan.last_work_day)
        uniform = self.rng.uniform
        if plan.course == Course.CRITICAL:
            deviation = -min(uniform(12, 22), planned - 3)
            if deviation < -10.5:
                return deviation
            plan.course = Course.LATE  # too little planned yet for a gap of more than 10 points
        if plan.course == Course.LATE:
            return -min(uniform(3.5, 9.5), planned / 2)
        if plan.course == Course.TERMINATED:
            return -uniform(22, 30)
        if plan.course == Course.PAID_AHEAD:
            return -uniform(1, 4)
        if plan.course in (Course.PHO, Course.FHO):
            return 0.0
        return uniform(-2.5, 2.5)

    def _progress(self, plan: Plan) -> None:
        project = plan.project
        if project.start_date is None or project.start_date > self.today:
            return
        end = project.planned_end_date
        if plan.course in (Course.PHO, Course.FHO):
            plan.last_work_day = max(project.start_date + 14 * DAY, end - self.rng.randint(0, 6) * DAY)
        elif plan.course == Course.TERMINATED:
            plan.last_work_day = project.start_date + int(project.duration_days * 0.55) * DAY
        elif plan.silent:
            plan.last_work_day = max(project.start_date + 14 * DAY, self.today - self.rng.randint(21, 35) * DAY)
        else:
            plan.last_work_day = max(project.start_date, self.today - self.rng.randint(0, 3) * DAY)
        plan.deviation = self._deviation(plan)

        days = []
        day = project.start_date + 13 * DAY
        while day <= plan.last_work_day:
            days.append(day)
            day += 14 * DAY
        # The last reading falls on the last work day itself: today, the PHO or the termination.
        if days and (plan.last_work_day - days[-1]).days <= 3:
            days[-1] = plan.last_work_day
        else:
            days.append(plan.last_work_day)

        physical = financial = 0.0
        paid_ahead_by = self.rng.uniform(28, 35)
        for day in days:
            physical = max(physical, plan.reported_on(day))
            # Stage payments (termin) per 25 points less 5% retention. No advance payment (uang muka), which the
            # early-warning rules would read as payment ahead of progress.
            paid = (physical // 25) * 25 * 0.95
            if plan.course == Course.PAID_AHEAD:
                paid = physical + paid_ahead_by
            financial = max(financial, min(paid, 100.0))
            photos = []
            if physical >= 100:
                # The standard documentation at 100%, taken on the day of the PHO.
                photos.append(
                    self._photo_upload(
                        plan, self._moment(day), progress=HUNDRED, workers=0, signboard=True, safety_gear=True
                    )
                )
            self._progress_update(plan, day, physical, financial, self._progress_note(plan, day, physical), photos)

        if plan.course in (Course.PHO, Course.FHO):
            self._hand_over(plan)
        elif plan.course == Course.CRITICAL:
            self._show_cause(plan, meetings=1)
        elif plan.course == Course.TERMINATED:
            self._show_cause(plan, meetings=3)
            self._set_status(plan, ProjectStatus.TERMINATED)
        elif plan.course == Course.LATE and self.rng.random() < 0.3:
            earlywarning.delay_record(
                user=self.cast.operators[plan.project.agency_id],
                project=plan.project,
                cause=DelayCause.FORCE_MAJEURE,
                note=catalog.FORCE_MAJEURE_NOTE.format(year=self.today.year),
            )

    def _progress_note(self, plan: Plan, day: datetime.date, physical: float) -> str:
        if day == plan.last_work_day and plan.course in (Course.PHO, Course.FHO):
            return catalog.PHO_NOTE
        if day == plan.last_work_day and plan.course == Course.TERMINATED:
            return catalog.TERMINATION_NOTE
        deviation = physical - planned_on(plan.schedule, plan.project.start_date, day)
        if deviation < -10:
            return self.rng.choice(catalog.PROGRESS_NOTES["critical"])
        if deviation < -3:
            return self.rng.choice(catalog.PROGRESS_NOTES["late"])
        return self.rng.choice(catalog.PROGRESS_NOTES["on_track"])

    def _progress_update(
        self, plan: Plan, day: datetime.date, physical: float, financial: float, note: str, photos=()
    ) -> None:
        project = plan.project
        update = projects.progress_update_create(
            user=self.cast.operators[project.agency_id],
            project=project,
            date=day,
            physical_percent=percent(physical),
            financial_percent=percent(financial),
            note=note,
            photos=photos,
        )
        stamp = datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=JAKARTA)
        ProgressUpdate.objects.filter(pk=update.pk).update(created_at=stamp)
        Photo.objects.filter(progress_update=update).update(received_at=stamp)
        self.counts["progress_updates"] += 1
        self.counts["photos"] += len(photos)

    def _hand_over(self, plan: Plan) -> None:
        """Hand the finished work over (PHO), and for an FHO plan also finish the maintenance period (FHO)."""
        self._set_status(plan, ProjectStatus.PHO)
        if plan.course != Course.FHO:
            return
        day = plan.last_work_day + MAINTENANCE_DAYS * DAY
        photo = self._photo_upload(
            plan, self._moment(day), progress=HUNDRED, workers=0, signboard=True, safety_gear=True
        )
        self._progress_update(plan, day, 100.0, 100.0, catalog.FHO_NOTE, photos=[photo])
        self._set_status(plan, ProjectStatus.FHO)

    def _show_cause(self, plan: Plan, *, meetings: int) -> None:
        """Record the contractor's fault as the delay and hold show-cause meetings (SCM) two weeks apart.

        Every meeting but the last failed its target. The last one's test period ends two weeks after it, so on
        a running contract its outcome is still pending.
        """
        project = plan.project
        operator = self.cast.operators[project.agency_id]
        earlywarning.delay_record(user=operator, project=project, cause=DelayCause.CONTRACTOR, note=catalog.DELAY_NOTE)
        # A show-cause meeting needs a contract the rules judged critical. Configured thresholds may judge
        # this one otherwise, and then it has no meetings.
        earlywarning.assessment_refresh(project=project, today=plan.last_work_day)
        if not earlywarning.may_hold_show_cause(project):
            return
        first = plan.last_work_day - (14 * meetings - self.rng.randint(0, 4)) * DAY
        for stage in range(1, meetings + 1):
            day = first + 14 * (stage - 1) * DAY
            target = min(100.0, planned_on(plan.schedule, project.start_date, day + 14 * DAY) - 5)
            meeting = earlywarning.meeting_record(
                user=operator,
                project=project,
                stage=stage,
                date=day,
                target_percent=percent(target),
                test_period_end=day + 14 * DAY,
                notes=catalog.SCM_NOTE.format(stage=stage),
            )
            if stage < meetings:
                earlywarning.meeting_set_outcome(user=operator, meeting=meeting, outcome=MeetingOutcome.NOT_MET)

    def _set_status(self, plan: Plan, status: str) -> None:
        head = self.cast.heads[plan.project.agency_id]
        projects.project_update_status(user=head, project=plan.project, status=status)

    # Photos ---------------------------------------------------------------------------------------------------

    def _near(self, value: Decimal | None) -> Decimal | None:
        """Return a coordinate up to about 30 metres from ``value``, as a phone's position around a site is."""
        if value is None:
            return None
        return (value + Decimal(str(self.rng.uniform(-0.0003, 0.0003)))).quantize(Decimal("0.000001"))

    def _moment(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        """Return a random minute of ``day`` in working hours (of ``hour`` when given), in Asia/Jakarta."""
        hour = hour if hour is not None else self.rng.randint(8, 15)
        return datetime.datetime.combine(day, datetime.time(hour, self.rng.randint(0, 59)), tzinfo=JAKARTA)

    def _photo_upload(
        self,
        plan: Plan,
        taken_at: datetime.datetime,
        *,
        progress: Decimal,
        workers: int,
        signboard: bool,
        safety_gear: bool,
    ) -> SimpleUploadedFile:
        """Draw a photo of the plan's site taken at ``taken_at``, wrapped as an upload.

        Phones and browsers often strip EXIF, so about a fifth of the photos have none and another fifth have
        EXIF without a GPS position.
        """
        project = plan.project
        metadata = self.rng.random()
        with_camera = metadata < 0.8
        with_position = metadata < 0.6
        spec = PhotoSpec(
            scene=plan.scene,
            project_name=project.name,
            taken_at=taken_at,
            progress=progress,
            workers=workers,
            signboard=signboard,
            safety_gear=safety_gear,
            latitude=self._near(project.latitude) if with_position else None,
            longitude=self._near(project.longitude) if with_position else None,
            camera=self.rng.choice(CAMERAS) if with_camera else None,
        )
        data = draw_photo(spec, self.rng)
        return SimpleUploadedFile(f"IMG_{taken_at:%Y%m%d_%H%M%S}.jpg", data, content_type="image/jpeg")

    def _device_position(self, project: Project, taken_at: datetime.datetime) -> DevicePosition:
        """Return the position the browser reported for a photo: near the site for about seven photos in ten,
        empty for the others, as when the user denied location access."""
        if project.latitude is None or self.rng.random() >= 0.7:
            return DevicePosition()
        return DevicePosition(
            latitude=self._near(project.latitude),
            longitude=self._near(project.longitude),
            accuracy=Decimal(str(round(self.rng.uniform(4, 25), 1))),
            captured_at=taken_at,
        )

    # Village visits -------------------------------------------------------------------------------------------

    def _visit_days(self, plan: Plan) -> list[datetime.date]:
        """Spread the plan's visits over the time from a week after the SPMK to today, at most one per stretch."""
        start = plan.project.start_date
        if start is None or start + 7 * DAY > self.today:
            return []
        low, high = VISITS_PER_COURSE.get(plan.course, (1, 2))
        count = self.rng.randint(low, high)
        first, last = start + 7 * DAY, self.today
        stretch = ((last - first).days + 1) / count
        days = []
        for number in range(count):
            offset = int(number * stretch) + self.rng.randint(0, max(0, int(stretch) - 1))
            days.append(min(last, first + offset * DAY))
        return sorted(set(days))

    def _visits(self, plan: Plan) -> None:
        project = plan.project
        villages = list(project.villages.order_by("code"))
        raised_here: set[str] = set()
        for number, day in enumerate(self._visit_days(plan)):
            reporter = self.cast.village_users[villages[number % len(villages)].pk]
            self._visit(plan, day, reporter, raised_here)

    def _visit(self, plan: Plan, day: datetime.date, reporter: User, raised_here: set[str]) -> None:
        project = plan.project
        rng = self.rng
        finished = plan.course in (Course.PHO, Course.FHO) and day >= plan.last_work_day
        stopped = plan.course == Course.TERMINATED and day > plan.last_work_day
        claimed = plan.reported_on(day)
        on_site = plan.on_site(day)
        observed = 100.0 if finished and rng.random() < 0.7 else on_site + rng.uniform(-3, 1.5)
        observed = max(0.0, min(100.0 if finished else 99.0, observed))
        gap = claimed - observed

        signboard = rng.random() > (0.3 if plan.course in (Course.LATE, Course.CRITICAL) else 0.12)
        absence = {Course.CRITICAL: 0.6, Course.LATE: 0.3, Course.TERMINATED: 0.5}.get(plan.course, 0.07)
        workers = not (finished or stopped) and rng.random() > absence
        checklist = {
            "signboard_present": signboard,
            "workers_present": workers,
            "materials_as_specified": rng.random() > 0.12,
            "work_matches_plan": gap < 8 and rng.random() > 0.08,
            "site_safe": finished or stopped or rng.random() > 0.18,
        }

        specs = []
        if not signboard:
            specs.append(catalog.FINDING_SIGNBOARD)
        if not workers and not (finished or stopped):
            specs.append(catalog.FINDING_NO_WORKERS)
        if not checklist["site_safe"]:
            specs.append(catalog.FINDING_SAFETY)
        if gap >= 8:
            specs.append(catalog.FINDING_PROGRESS_GAP)
        if not checklist["materials_as_specified"] or not checklist["work_matches_plan"] or rng.random() < 0.15:
            specs.append(rng.choice(catalog.FINDINGS_BY_SCENE[plan.scene]))
        specs = [spec for spec in dict.fromkeys(specs) if spec.description not in raised_here][:3]
        raised_here.update(spec.description for spec in specs)

        worker_count = rng.randint(3, 12) if workers else 0
        hour = rng.randint(8, 14)
        photos, positions = [], []
        for _photo in range(rng.choice((1, 1, 2, 2, 3))):
            taken_at = self._moment(day, hour)
            photos.append(
                self._photo_upload(
                    plan,
                    taken_at,
                    progress=percent(observed),
                    workers=min(worker_count, 5),
                    signboard=signboard,
                    safety_gear=checklist["site_safe"],
                )
            )
            positions.append(self._device_position(project, taken_at))
        located = next((position for position in positions if position.latitude is not None), DevicePosition())

        report, _created = monitoring.report_submit(
            user=reporter,
            project=project,
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            visit_date=day,
            observed_progress=percent(observed),
            checklist=checklist,
            narrative=self._narrative(plan, observed, claimed, worker_count, finished, stopped, signboard),
            photos=photos,
            photo_positions=positions,
            latitude=located.latitude,
            longitude=located.longitude,
            location_accuracy=located.accuracy,
            findings=[(spec.description, spec.severity) for spec in specs],
        )

        submitted = datetime.datetime.combine(day, datetime.time(hour + 2, rng.randint(0, 59)), tzinfo=JAKARTA)
        MonitoringReport.objects.filter(pk=report.pk).update(submitted_at=submitted)
        Photo.objects.filter(report=report).update(received_at=submitted)
        Finding.objects.filter(report=report).update(created_at=submitted, updated_at=submitted)
        findings = list(report.findings.order_by("id"))
        for finding in findings:
            # The follow-up period counts from the visit, as it would have for a report sent that day.
            finding.due_date = day + finding_due_days(finding.severity) * DAY
            Finding.objects.filter(pk=finding.pk).update(due_date=finding.due_date)
        for finding, spec in zip(findings, specs, strict=True):
            self.raised.append(RaisedFinding(finding, spec, day))
        self.counts["reports"] += 1
        self.counts["photos"] += len(photos)

    def _narrative(self, plan, observed, claimed, worker_count, finished, stopped, signboard) -> str:
        if observed >= 100:
            stage = 3
        elif observed >= 70:
            stage = 2
        elif observed >= 30:
            stage = 1
        else:
            stage = 0
        if finished:
            workers = catalog.WORK_FINISHED
        elif stopped:
            workers = catalog.WORK_STOPPED
        elif worker_count:
            workers = catalog.WORKERS_PRESENT.format(count=worker_count)
        else:
            workers = catalog.WORKERS_ABSENT
        sentences = [
            self.rng.choice(catalog.VISIT_OPENINGS).format(dusun=self.rng.choice(catalog.DUSUN)),
            catalog.STAGE_TEXTS[plan.scene][stage],
            workers,
            catalog.SIGNBOARD_PRESENT if signboard else catalog.SIGNBOARD_MISSING,
            catalog.OBSERVED.format(observed=f"{observed:.0f}"),
        ]
        if claimed - observed >= 8:
            sentences.append(catalog.OBSERVED_BELOW_CLAIM.format(claimed=f"{claimed:.0f}"))
        sentences.append(self.rng.choice(catalog.VISIT_CLOSINGS))
        return " ".join(sentences)

    # Follow-up of findings ------------------------------------------------------------------------------------

    def _outcomes(self, settled: list[RaisedFinding]) -> list[str]:
        """Return one outcome per finding in the shares of FOLLOW_UP_SHARES, plus one "disputed" finding.

        Only findings whose OPD has a reason to reject them can be rejected, so those are drawn first.
        """
        count = len(settled)
        rejectable = [index for index, raised in enumerate(settled) if raised.spec.rejection]
        rejected = set(self.rng.sample(rejectable, min(len(rejectable), round(FOLLOW_UP_SHARES["rejected"] * count))))
        others = [
            outcome
            for outcome, share in FOLLOW_UP_SHARES.items()
            if outcome != "rejected"
            for _ in range(round(share * count))
        ]
        others += ["resolved"] * max(0, count - len(rejected) - len(others))
        self.rng.shuffle(others)
        if count >= 10:
            others[0] = "disputed"
        remaining = iter(others)
        return ["rejected" if index in rejected else next(remaining) for index in range(count)]

    def _follow_up(self) -> None:
        """Play the follow-up of the findings older than SETTLING_DAYS: the OPD's answer or rejection, then the
        village's confirmation or contest."""
        settled = [raised for raised in self.raised if (self.today - raised.visit_date).days >= SETTLING_DAYS]
        for raised, outcome in zip(settled, self._outcomes(settled), strict=True):
            if outcome == "open":
                continue
            if outcome == "rejected":
                self._respond(raised, ResponseAction.REJECT, raised.spec.rejection)
                continue
            answered_on = self._respond(raised, ResponseAction.ANSWER, raised.spec.answer)
            if outcome == "answered":
                continue  # waiting for the village to confirm or contest
            if outcome == "disputed":
                self._dispute(raised, answered_on)
                continue
            reviewer = raised.finding.report.reporter
            reviewed_on = min(self.today, answered_on + self.rng.randint(1, 6) * DAY)
            if outcome == "resolved":
                review = monitoring.finding_confirm(user=reviewer, finding=raised.finding)
            else:
                reason = self.rng.choice(catalog.CONTEST_REASONS)
                review = monitoring.finding_contest(user=reviewer, finding=raised.finding, reason=reason)
            stamp = datetime.datetime.combine(reviewed_on, datetime.time(11, 0), tzinfo=JAKARTA)
            FindingReview.objects.filter(pk=review.pk).update(created_at=stamp)
            closed = stamp if outcome == "resolved" else None
            Finding.objects.filter(pk=raised.finding.pk).update(updated_at=stamp, closed_at=closed)

    def _dispute(self, raised: RaisedFinding, answered_on: datetime.date) -> None:
        """Let the village contest the OPD's answer twice, then let the administrator close the finding without
        a fix: "closed" is not "fixed", and the finding stays visible as such."""
        reviewer = raised.finding.report.reporter
        for reason in catalog.CONTEST_REASONS:
            if raised.finding.state == FindingState.OPEN:
                monitoring.finding_respond(
                    user=self.cast.operators[raised.finding.agency_id],
                    finding=raised.finding,
                    action=ResponseAction.ANSWER,
                    message=raised.spec.answer,
                )
            monitoring.finding_contest(user=reviewer, finding=raised.finding, reason=reason)
        monitoring.finding_close_unfixed(
            user=self.cast.admin, finding=raised.finding, reason=catalog.ADMIN_CLOSE_REASON
        )
        stamp = datetime.datetime.combine(min(self.today, answered_on + 10 * DAY), datetime.time(9), tzinfo=JAKARTA)
        Finding.objects.filter(pk=raised.finding.pk).update(updated_at=stamp, closed_at=stamp)

    def _respond(self, raised: RaisedFinding, action: str, message: str) -> datetime.date:
        """Record the OPD's response some days after the visit and return its date."""
        finding = raised.finding
        project = finding.project
        plan = self.plan_of[project.pk]
        day = min(self.today, raised.visit_date + self.rng.randint(2, 9) * DAY)
        photos = []
        if action == ResponseAction.ANSWER and (raised.spec is catalog.FINDING_SIGNBOARD or self.rng.random() < 0.3):
            progress = percent(plan.on_site(day)) if plan.started else Decimal(0)
            photos.append(
                self._photo_upload(
                    plan, self._moment(day), progress=progress, workers=2, signboard=True, safety_gear=True
                )
            )
        response = monitoring.finding_respond(
            user=self.cast.operators[project.agency_id], finding=finding, action=action, message=message, photos=photos
        )
        stamp = datetime.datetime.combine(day, datetime.time(14, 0), tzinfo=JAKARTA)
        Response.objects.filter(pk=response.pk).update(created_at=stamp)
        Photo.objects.filter(response=response).update(received_at=stamp)
        closed = stamp if action == ResponseAction.REJECT else None
        Finding.objects.filter(pk=finding.pk).update(updated_at=stamp, closed_at=closed)
        self.counts["photos"] += len(photos)
        return day
