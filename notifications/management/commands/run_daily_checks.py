"""The daily job: refresh early-warning statuses, tell OPDs and leaders of new alerts, escalate overdue findings."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from earlywarning.services import assessments_refresh_all
from monitoring.services import findings_escalate, jakarta_today
from notifications.project_alerts import project_alerts_send


class Command(BaseCommand):
    help = (
        "Recompute every project's early-warning status, notify projects that turned critical or stale, and "
        "escalate overdue findings. Safe to run more than once a day: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD, Asia/Jakarta); default: today.")

    def handle(self, *args, **options):
        today = jakarta_today()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"Invalid --date {options['date']!r}: use YYYY-MM-DD.") from None

        changes = assessments_refresh_all(today=today)
        alerts = project_alerts_send(today=today)
        escalations = findings_escalate(today=today)

        to_head = sum(1 for escalation in escalations if escalation.level == 1)
        to_leaders = sum(1 for escalation in escalations if escalation.level == 2)
        self.stdout.write(
            f"{today.isoformat()}: {len(changes)} status changes; "
            f"notified {alerts['critical']} critical and {alerts['stale']} stale projects; "
            f"escalated {to_head} findings to OPD heads and {to_leaders} to leaders."
        )
