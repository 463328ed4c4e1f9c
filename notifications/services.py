"""Sending notifications: stored for the in-app list and e-mailed through Django's mail framework."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import Notification

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """Return ``path`` as an address a mail reader can open, under settings.SIMPOR_BASE_URL."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SIMPOR_BASE_URL.rstrip("/") + path


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str,
    url: str,
    dedupe_key: str,
    email: bool = True,
) -> list[Notification]:
    """Store one notification per recipient and e-mail the new ones after the transaction commits.

    A recipient who already has a notification with ``dedupe_key`` gets nothing new, so callers (the daily job
    above all) may send the same event again safely. Inactive users and duplicates in ``recipients`` are
    skipped; users without an e-mail address get the in-app notification only. Return the new notifications.
    """
    created = []
    seen = set()
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        try:
            # A savepoint per row, so a key taken by a concurrent run fails alone.
            with transaction.atomic():
                notification, is_new = Notification.objects.get_or_create(
                    recipient=user,
                    dedupe_key=dedupe_key,
                    defaults={"kind": kind, "title": title, "body": body, "url": url},
                )
        except IntegrityError:
            continue
        if is_new:
            created.append(notification)

    mailable = [notification for notification in created if email and notification.recipient.email]
    if mailable:
        transaction.on_commit(lambda: _send_emails(mailable))
    return created


def _send_emails(notifications: list[Notification]) -> None:
    for notification in notifications:
        user = notification.recipient
        with translation.override(settings.LANGUAGE_CODE):
            context = {"notification": notification, "user": user, "link": absolute_url(notification.url)}
            subject = render_to_string("notifications/email/subject.txt", context).strip()
            body = render_to_string("notifications/email/body.txt", context)
        message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])
        try:
            message.send()
        except Exception:
            # A mail server outage must not undo the change that caused the notice; the in-app copy remains.
            logger.exception("E-mail of notification %s to user %s failed", notification.pk, user.pk)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of ``user``'s notifications, or all of them when no id is given, as read; return how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
