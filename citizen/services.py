"""State changes of citizen reports: submission by anyone, then moderation and answer by village and OPD."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Role, User
from agencies.models import Agency
from audit import services as audit
from citizen.geo import village_at
from citizen.models import Category, CitizenPhoto, CitizenReport, Status
from core.errors import DomainError
from evidence.images import ProcessedPhoto, process_upload
from regions.models import Region

logger = logging.getLogger(__name__)

MIN_DESCRIPTION = 10
PHONE_CHARACTERS = set("0123456789+-() ")


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.0f}"


def _check_text(*, category: str, description: str, location_description: str) -> None:
    if category not in Category.values:
        raise DomainError("category_invalid", _("Choose a category from the list."), field="category")
    limit = settings.SIMPOR_CITIZEN["max_description"]
    if len(description) < MIN_DESCRIPTION:
        raise DomainError(
            "description_too_short",
            _("Describe what you saw in at least %(count)s characters.") % {"count": MIN_DESCRIPTION},
            field="description",
        )
    if len(description) > limit:
        raise DomainError(
            "description_too_long",
            _("The description has %(count)s characters; the limit is %(limit)s. Shorten it.")
            % {"count": len(description), "limit": limit},
            field="description",
        )
    if len(location_description) > 300:
        raise DomainError(
            "location_description_too_long",
            _("The location description is limited to 300 characters. Shorten it."),
            field="location_description",
        )


def _check_contact(*, name: str, phone: str, email: str) -> None:
    if len(name) > 120:
        raise DomainError("contact_name_too_long", _("The name is limited to 120 characters."), field="contact_name")
    digits = sum(character.isdigit() for character in phone)
    if phone and (not set(phone) <= PHONE_CHARACTERS or not 8 <= digits <= 15 or len(phone) > 30):
        raise DomainError(
            "contact_phone_invalid",
            _("The phone number “%(phone)s” is invalid. Enter 8 to 15 digits, for example 0812 3456 7890.")
            % {"phone": phone[:30]},
            field="contact_phone",
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(
                "contact_email_invalid",
                _("The e-mail address “%(email)s” is invalid. Check it or leave it empty.") % {"email": email[:80]},
                field="contact_email",
            ) from None


def _check_point(latitude: Decimal | None, longitude: Decimal | None, *, required: bool) -> None:
    if (latitude is None) != (longitude is None):
        raise DomainError("location_incomplete", _("The location needs both latitude and longitude."), field="location")
    if latitude is None:
        if required:
            raise DomainError(
                "location_missing",
                _("Choose a project, or mark the place on the map (or use the phone's location)."),
                field="location",
            )
        return
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise DomainError(
            "location_invalid",
            _("The location %(latitude)s, %(longitude)s is not on Earth. Mark the place on the map again.")
            % {"latitude": latitude, "longitude": longitude},
            field="location",
        )


def _prepare_photos(files) -> list[ProcessedPhoto]:
    limit = settings.SIMPOR_CITIZEN["max_photos"]
    if len(files) > limit:
        raise DomainError(
            "too_many_photos",
            _("At most %(limit)s photos can be sent with one report; %(count)s were chosen.")
            % {"limit": limit, "count": len(files)},
            field="photos",
        )
    size_limit = settings.SIMPOR_CITIZEN["max_photo_bytes"]
    for upload in files:
        if upload.size is not None and upload.size > size_limit:
            raise DomainError(
                "photo_too_large",
                _("Photo “%(name)s” is larger than %(limit)s MB. Send a smaller photo.")
                % {"name": upload.name, "limit": _megabytes(size_limit)},
                field="photos",
            )
    return [process_upload(upload) for upload in files]


def _regency_villages():
    code = settings.SIMPOR_REGENCY_CODE
    return Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=code + ".", is_active=True)


def _place(project, latitude, longitude) -> Region | None:
    """Find the desa that moderates: the project's village containing the point, else its first village; without
    a project, the desa whose boundary contains the point."""
    if project is not None:
        villages = list(project.villages.order_by("code"))
        if latitude is not None:
            found = village_at(latitude, longitude, villages)
            if found is not None:
                return found
        return villages[0] if villages else None

    with_boundary = list(_regency_villages().filter(boundary__isnull=False).only("pk", "boundary", "code", "name"))
    found = village_at(latitude, longitude, with_boundary)
    if found is None and with_boundary:
        raise DomainError(
            "location_outside",
            _("The place you marked lies outside the kabupaten's villages. Mark a place inside the kabupaten."),
            field="location",
        )
    return found


def category_agency(category: str) -> Agency | None:
    """Return the OPD that settings.SIMPOR_CITIZEN["category_agencies"] names for ``category``, if it exists."""
    short_name = settings.SIMPOR_CITIZEN["category_agencies"].get(category)
    if not short_name:
        return None
    return Agency.objects.filter(
        regency__code=settings.SIMPOR_REGENCY_CODE, short_name__iexact=short_name, is_active=True
    ).first()


def _moderators(report: CitizenReport):
    """Return the active users who moderate ``report``: its desa's and its OPD's, or the administrators when no
    OPD is known yet."""
    condition = Q(role=Role.VILLAGE, village_id=report.village_id) if report.village_id else Q(pk__in=[])
    if report.agency_id:
        condition |= Q(role=Role.AGENCY, agency_id=report.agency_id)
    else:
        condition |= Q(role=Role.ADMIN) | Q(is_superuser=True)
    return User.objects.filter(condition, is_active=True)


def _notify_moderators(report: CitizenReport) -> None:
    try:
        from notifications.models import NotificationKind
        from notifications.services import notify
    except ImportError:
        logger.info("Citizen report %s received; no notifications app to tell its moderators", report.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("New citizen report: %(category)s") % {"category": report.get_category_display()}
        body = report.description[:300]
    notify(
        recipients=_moderators(report),
        kind=NotificationKind.CITIZEN_REPORT,
        title=title,
        body=body,
        url=reverse("citizen:moderation_detail", args=[report.pk]),
        dedupe_key=f"citizen-report-{report.pk}",
    )


def citizen_report_submit(
    *,
    category: str,
    description: str,
    project=None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    location_description: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    photos=(),
) -> CitizenReport:
    """Record a citizen report and its photos; it stays private until a moderator publishes it."""
    description = description.strip()
    _check_text(category=category, description=description, location_description=location_description)
    _check_contact(name=contact_name.strip(), phone=contact_phone.strip(), email=contact_email.strip())
    _check_point(latitude, longitude, required=project is None)
    prepared = _prepare_photos(list(photos))

    with transaction.atomic():
        village = _place(project, latitude, longitude)
        agency = project.agency if project is not None else category_agency(category)
        report = CitizenReport.objects.create(
            category=category,
            description=description,
            project=project,
            latitude=latitude,
            longitude=longitude,
            location_description=location_description.strip(),
            village=village,
            agency=agency,
            contact_name=contact_name.strip(),
            contact_phone=contact_phone.strip(),
            contact_email=contact_email.strip(),
        )
        for photo in prepared:
            record = CitizenPhoto(
                report=report,
                sha256=photo.sha256,
                size_bytes=len(photo.original),
                width=photo.width,
                height=photo.height,
            )
            # Only the re-encoded copies are stored: they carry no EXIF position or device name.
            record.web.save("photo.jpg", ContentFile(photo.web_jpeg), save=False)
            record.thumbnail.save("photo.jpg", ContentFile(photo.thumbnail_jpeg), save=False)
            record.save()
        audit.record(actor=None, action="create", instance=report, summary="citizen report received")
    _notify_moderators(report)
    return report


def _require(report: CitizenReport, allowed: list[str], message: str) -> None:
    if report.status not in allowed:
        raise DomainError("status_invalid", message % {"status": report.get_status_display()})


def _require_moderator(user, report: CitizenReport) -> None:
    moderates = (
        roles.is_admin(user)
        or (roles.is_village_user(user) and report.village_id == user.village_id)
        or (roles.is_agency_user(user) and report.agency_id is not None and report.agency_id == user.agency_id)
    )
    if not moderates:
        raise DomainError("not_moderator", _("Only the report's village, its OPD or an administrator may do this."))


def _change(user, report: CitizenReport, summary: str, **values) -> CitizenReport:
    with transaction.atomic():
        locked = CitizenReport.objects.select_for_update().get(pk=report.pk)
        before = audit.snapshot(locked)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.moderated_by = user
        locked.save()
        audit.record(actor=user, action="update", instance=locked, before=before, summary=summary)
    return locked


def citizen_report_take(*, user, report: CitizenReport) -> CitizenReport:
    """Mark a new report as being moderated, so other moderators see someone is on it."""
    _require_moderator(user, report)
    _require(report, [Status.RECEIVED], _("Only a newly received report can be taken; this one is %(status)s."))
    return _change(user, report, "citizen report in moderation", status=Status.IN_MODERATION)


def citizen_report_publish(*, user, report: CitizenReport) -> CitizenReport:
    """Show the report, its photos and its place on the portal."""
    _require_moderator(user, report)
    _require(
        report,
        [Status.RECEIVED, Status.IN_MODERATION],
        _("Only a report awaiting moderation can be published; this one is %(status)s."),
    )
    return _change(user, report, "citizen report published", status=Status.PUBLISHED, published_at=timezone.now())


def citizen_report_reject(*, user, report: CitizenReport, reason: str) -> CitizenReport:
    """Keep the report off the portal; the reporter sees the reason on the tracking page."""
    _require_moderator(user, report)
    _require(
        report,
        [Status.RECEIVED, Status.IN_MODERATION],
        _("Only a report awaiting moderation can be rejected; this one is %(status)s."),
    )
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "reason_missing",
            _("Give the reason for rejecting; the reporter sees it with the tracking code."),
            field="reason",
        )
    return _change(user, report, "citizen report rejected", status=Status.REJECTED, rejection_reason=reason)


def citizen_report_answer(*, user, report: CitizenReport, answer: str) -> CitizenReport:
    """Give or replace the public answer. Answering a report that awaits moderation publishes it too."""
    _require_moderator(user, report)
    _require(
        report,
        [Status.RECEIVED, Status.IN_MODERATION, Status.PUBLISHED, Status.ANSWERED],
        _("A report that is %(status)s cannot be answered."),
    )
    answer = answer.strip()
    if not answer:
        raise DomainError("answer_missing", _("Write the answer the public will read."), field="answer")
    if len(answer) > settings.SIMPOR_CITIZEN["max_description"]:
        raise DomainError(
            "answer_too_long",
            _("The answer is limited to %(limit)s characters.") % {"limit": settings.SIMPOR_CITIZEN["max_description"]},
            field="answer",
        )
    now = timezone.now()
    return _change(
        user,
        report,
        "citizen report answered",
        status=Status.ANSWERED,
        answer=answer,
        answered_at=now,
        published_at=report.published_at or now,
        answered_by_agency=user.agency if roles.is_agency_user(user) else None,
        answered_by_village=user.village if roles.is_village_user(user) else None,
    )


def citizen_report_close(*, user, report: CitizenReport) -> CitizenReport:
    """Mark a published report as dealt with; it stays on the portal with its answer."""
    _require_moderator(user, report)
    _require(
        report,
        [Status.PUBLISHED, Status.ANSWERED],
        _("Only a published or answered report can be closed; this one is %(status)s."),
    )
    return _change(user, report, "citizen report closed", status=Status.CLOSED, closed_at=timezone.now())


def citizen_report_assign(*, user, report: CitizenReport, agency: Agency) -> CitizenReport:
    """Let an administrator hand a report to the OPD that should answer it (triage)."""
    if not roles.is_admin(user):
        raise DomainError("not_admin", _("Only an administrator may assign a report to an OPD."))
    return _change(user, report, "citizen report assigned", agency=agency)
