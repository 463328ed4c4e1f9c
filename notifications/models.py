from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    NEW_FINDINGS = "new_findings", _("New findings")
    RESPONSE = "response", _("Follow-up from the OPD")
    REVIEW = "review", _("Village verdict on a follow-up")
    CLOSED_UNFIXED = "closed_unfixed", _("Finding closed without a fix")
    OVERDUE = "overdue", _("Overdue finding")
    CONTRACT_CRITICAL = "contract_critical", _("Contract turned critical")
    PROJECT_STALE = "project_stale", _("Project without recent reports")
    CITIZEN_REPORT = "citizen_report", _("Citizen report to moderate")


class Notification(models.Model):
    """One message to one user, shown in the app and, when the user has an address, sent by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(
        _("link"), max_length=300, blank=True, help_text=_("Path inside SIMPOR, e.g. /pantau/temuan/7/.")
    )
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=120,
        help_text=_("Names the event; a user gets one notification per key, however often it is sent."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_recipient_key")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class ProjectAlert(models.Model):
    """The early-warning status the notifier last saw for a project, so each turn to kritis or stale is told once.

    The daily job compares it with the stored assessment, which also catches changes made by a report or a
    progress update during the day.
    """

    project = models.OneToOneField(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    status = models.CharField(_("status last seen"), max_length=12)
    changed_on = models.DateField(_("seen on"))

    class Meta:
        verbose_name = _("project alert state")
        verbose_name_plural = _("project alert states")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.status}"
