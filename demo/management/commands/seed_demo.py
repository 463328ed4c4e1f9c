"""Fill a demo database with a fictional fiscal year of the kabupaten and print one login per role."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.errors import DomainError
from demo import generator
from demo.catalog import AGENCIES, DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Create demo data for the current fiscal year: OPDs, projects with kurva S and progress, village reports "
        "with photos and findings, and one account per role sharing a printed password. Runs only with "
        "SIMPOR_ENV=demo, after import_regions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete all data except the regions (including photo files), then create the demo data again.",
        )

    def handle(self, *args, reset: bool = False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            # The services log every report they store, and hundreds of such lines would bury the logins.
            logging.disable(logging.INFO)
            try:
                generator.check_demo_allowed()
                generator.demo_regency()
                if not reset and generator.is_seeded():
                    self.stdout.write(_("Demo data is already in the database; run seed_demo --reset to rebuild it."))
                    self._print_logins()
                    return
                # One transaction, so a reset whose seeding fails leaves the old demo data in place.
                with transaction.atomic():
                    if reset:
                        generator.reset_demo_data()
                    summary = generator.seed_demo_data()
            except DomainError as error:
                raise CommandError(error.message) from error
            finally:
                logging.disable(logging.NOTSET)

            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo data created: %(agencies)s OPDs, %(projects)s projects, %(updates)s progress updates, "
                        "%(reports)s village reports, %(findings)s findings, %(photos)s photos, %(users)s accounts."
                    )
                    % {
                        "agencies": summary.agencies,
                        "projects": summary.projects,
                        "updates": summary.progress_updates,
                        "reports": summary.reports,
                        "findings": summary.findings,
                        "photos": summary.photos,
                        "users": summary.users,
                    }
                )
            )
            self._print_logins()

    def _print_logins(self) -> None:
        # A context keeps Django's own, shorter "Sandi" for "Password" out of this table.
        header = (
            pgettext("demo login table", "Username"),
            pgettext("demo login table", "Password"),
            pgettext("demo login table", "Role"),
            _("What they see"),
        )
        rows = [(login.username, DEMO_PASSWORD, login.role, login.sees) for login in generator.demo_logins()]
        widths = [max(len(str(row[column])) for row in [header, *rows]) for column in range(3)]

        def line(row) -> str:
            return "  ".join(str(value).ljust(width) for value, width in zip(row[:3], widths, strict=True)) + (
                "  " + row[3]
            )

        self.stdout.write("")
        self.stdout.write(_("Demo logins (sign in at %(path)s):") % {"path": reverse("accounts:login")})
        self.stdout.write(line(header))
        self.stdout.write("  ".join("-" * width for width in widths) + "  " + "-" * len(header[3]))
        for row in rows:
            self.stdout.write(line(row))
        self.stdout.write(
            _(
                "Each OPD has a head and an operator account named after its code (%(codes)s), for example "
                "pupr.kepala and pupr.operator. Each desa has an operator account such as %(village)s, and "
                "wakil.bupati exists too. All accounts use the password above."
            )
            % {"codes": ", ".join(spec.key for spec in AGENCIES), "village": rows[-1][0] if rows else "desa.lalangjaya"}
        )
        self.stdout.write("")
