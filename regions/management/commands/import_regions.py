from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import DomainError
from regions import services


class Command(BaseCommand):
    help = (
        "Import the province, the kabupaten SIMPOR serves and all its kecamatan and desa/kelurahan from the "
        "Kemendagri code list, with centroids and boundaries. Safe to run again after a new list is published."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--regency",
            default=None,
            help="Kemendagri code of the kabupaten/kota, for example 19.06. Default: SIMPOR_REGENCY_CODE.",
        )
        parser.add_argument(
            "--codes",
            type=Path,
            default=services.DEFAULT_CODES_PATH,
            help="CSV file (plain or gzip) with the columns kode,nama. Default: the list shipped in regions/data.",
        )
        parser.add_argument(
            "--centroids",
            type=Path,
            default=services.DEFAULT_CENTROIDS_PATH,
            help="CSV file with the columns kode,lat,lng (WGS84 degrees). Default: province 19 from regions/data.",
        )
        parser.add_argument(
            "--boundaries",
            type=Path,
            default=services.DEFAULT_BOUNDARIES_PATH,
            help=(
                "GeoJSON FeatureCollection of Polygon or MultiPolygon features with a kode property. "
                "Default: Belitung Timur from regions/data."
            ),
        )

    def handle(self, *args, **options):
        regency_code = (options["regency"] or settings.SIMPOR_REGENCY_CODE).strip()
        try:
            result = services.regions_import(
                regency_code=regency_code,
                codes_path=options["codes"],
                centroids_path=options["centroids"],
                boundaries_path=options["boundaries"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error

        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Regions of %(code)s imported: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(deactivated)s deactivated."
                )
                % {
                    "code": regency_code,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "deactivated": result.deactivated,
                }
            )
        )
