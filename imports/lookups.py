"""Resolve the names written in an import file to SIMPOR's records: OPD, desa, sector, funding source,
status and contractor. Each lookup table is loaded once per import, so checking a row costs no query."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import TextChoices
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from agencies.models import Agency
from imports.parsing import ParseError, clean_text, normalize_name
from projects.models import Contractor, FundingSource, ProjectStatus, Sector
from regions.models import Region

VILLAGE_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
VILLAGE_SEPARATORS = re.compile(r"[;,\n]")
# "Gantung (Gantung)": a desa name followed by its kecamatan in brackets.
NAME_WITH_DISTRICT = re.compile(r"^(.*?)\s*\(([^()]*)\)$")
VILLAGE_PREFIXES = ("desa ", "kelurahan ")

# Words people write for the choices, besides the codes and the labels in every language of SIMPOR.
SECTOR_ALIASES = {
    "jalan": Sector.ROADS,
    "jembatan": Sector.BRIDGES,
    "gedung": Sector.BUILDINGS,
    "bangunan gedung": Sector.BUILDINGS,
    "gedung pemerintah": Sector.BUILDINGS,
    "sekolah": Sector.SCHOOLS,
    "pendidikan": Sector.SCHOOLS,
    "kesehatan": Sector.HEALTH,
    "fasilitas kesehatan": Sector.HEALTH,
    "drainase": Sector.DRAINAGE,
    "air bersih": Sector.WATER,
    "air minum": Sector.WATER,
    "irigasi": Sector.IRRIGATION,
    "sanitasi": Sector.SANITATION,
    "perumahan": Sector.HOUSING,
    "permukiman": Sector.HOUSING,
    "perumahan dan permukiman": Sector.HOUSING,
    "pertanian": Sector.AGRICULTURE,
    "perhubungan": Sector.TRANSPORT,
    "transportasi": Sector.TRANSPORT,
    "lainnya": Sector.OTHER,
    "lain-lain": Sector.OTHER,
}
FUNDING_ALIASES = {
    "bantuan provinsi": FundingSource.PROVINCE_AID,
    "bantuan keuangan provinsi": FundingSource.PROVINCE_AID,
    "bankeu provinsi": FundingSource.PROVINCE_AID,
    "bankeu prov": FundingSource.PROVINCE_AID,
    "dd": FundingSource.DANA_DESA,
    "lainnya": FundingSource.OTHER,
    "lain-lain": FundingSource.OTHER,
}
STATUS_ALIASES = {
    "rencana": ProjectStatus.PLANNED,
    "direncanakan": ProjectStatus.PLANNED,
    "perencanaan": ProjectStatus.PLANNED,
    "berjalan": ProjectStatus.IN_PROGRESS,
    "sedang berjalan": ProjectStatus.IN_PROGRESS,
    "pelaksanaan": ProjectStatus.IN_PROGRESS,
    "dalam pelaksanaan": ProjectStatus.IN_PROGRESS,
    "pho": ProjectStatus.PHO,
    "fho": ProjectStatus.FHO,
    "putus kontrak": ProjectStatus.TERMINATED,
    "diputus": ProjectStatus.TERMINATED,
}


@dataclass(frozen=True)
class ChoiceLookup:
    names: dict[str, str]
    labels: list[str]
    # A format string with the placeholders value and choices.
    unknown_message: str | Promise

    def resolve(self, value) -> str:
        key = normalize_name(value)
        if key in self.names:
            return self.names[key]
        raise ParseError(str(self.unknown_message) % {"value": clean_text(value), "choices": ", ".join(self.labels)})


def choice_lookup(choices: type[TextChoices], aliases: dict[str, str], unknown_message) -> ChoiceLookup:
    """Build a lookup that accepts a choice's code, its label in each language of SIMPOR, or an alias."""
    names = {normalize_name(alias): value for alias, value in aliases.items()}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.update({normalize_name(str(label)): value for value, label in choices.choices})
    names.update({normalize_name(value): value for value in choices.values})
    return ChoiceLookup(names=names, labels=[str(label) for label in choices.labels], unknown_message=unknown_message)


class Lookups:
    """Everything a row is checked against, loaded for one import by ``user``."""

    def __init__(self, *, user, contractor_names: set[str]):
        self.user = user
        self.regency = Region.objects.filter(code=settings.SIMPOR_REGENCY_CODE).first()
        self.regency_name = self.regency.name if self.regency else settings.SIMPOR_REGENCY_CODE

        self.agencies = list(Agency.objects.filter(regency__code=settings.SIMPOR_REGENCY_CODE))
        self.agency_names: dict[str, Agency] = {}
        for agency in self.agencies:
            self.agency_names.setdefault(normalize_name(agency.name), agency)
        for agency in self.agencies:
            # A short name wins over another agency's full name.
            self.agency_names[normalize_name(agency.short_name)] = agency

        prefix = f"{settings.SIMPOR_REGENCY_CODE}."
        villages = Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=prefix).select_related("parent")
        self.villages_by_code = {village.code: village for village in villages}
        self.villages_by_name: dict[str, list[Region]] = {}
        for village in self.villages_by_code.values():
            if village.is_active:
                self.villages_by_name.setdefault(normalize_name(village.name), []).append(village)

        self.sectors = choice_lookup(
            Sector, SECTOR_ALIASES, gettext_lazy("'%(value)s' is not a known sector. Write one of: %(choices)s.")
        )
        self.funding_sources = choice_lookup(
            FundingSource,
            FUNDING_ALIASES,
            gettext_lazy("'%(value)s' is not a known funding source. Write one of: %(choices)s."),
        )
        self.statuses = choice_lookup(
            ProjectStatus,
            STATUS_ALIASES,
            gettext_lazy("'%(value)s' is not a known project status. Write one of: %(choices)s."),
        )

        keys = {name.casefold() for name in contractor_names}
        self.contractors = {
            contractor.name.casefold(): contractor
            for contractor in Contractor.objects.annotate(key=Lower("name")).filter(key__in=keys)
        }

    # --- agency ---

    def agency(self, value) -> Agency:
        agency = self.agency_names.get(normalize_name(value))
        if agency is None:
            raise ParseError(
                _(
                    "No OPD named '%(value)s' is registered in %(regency)s. Write its short name or full name "
                    "as in the list in the sheet Pilihan, for example %(example)s."
                )
                % {
                    "value": clean_text(value),
                    "regency": self.regency_name,
                    "example": self.agencies[0].short_name if self.agencies else "Dinas PUPR",
                }
            )
        if not agency.is_active:
            raise ParseError(
                _("The OPD %(agency)s is no longer active. Choose the agency that took over its tasks.")
                % {"agency": agency.short_name}
            )
        if not roles.is_admin(self.user) and agency.pk != self.user.agency_id:
            raise ParseError(
                _("You may only import packages of your own OPD, %(own)s. Ask an administrator to import this row.")
                % {"own": self.user.agency.short_name if self.user.agency else "-"}
            )
        return agency

    # --- villages ---

    def villages(self, value) -> list[Region]:
        """Resolve a cell naming one or more desa. Raise ParseError naming the first unknown one."""
        found: list[Region] = []
        for part in VILLAGE_SEPARATORS.split(clean_text(value)):
            part = part.strip()
            if not part:
                continue
            village = self.village(part)
            if village not in found:
                found.append(village)
        if not found:
            raise ParseError(_("No desa is given. Write at least one desa code or name."))
        return found

    def village(self, text: str) -> Region:
        if VILLAGE_CODE.match(text):
            return self._village_by_code(text)

        name, district = text, ""
        if match := NAME_WITH_DISTRICT.match(text):
            name, district = match.group(1), match.group(2)
        key = normalize_name(name)
        for prefix in VILLAGE_PREFIXES:
            key = key.removeprefix(prefix)
        candidates = self.villages_by_name.get(key, [])
        if district:
            district_key = normalize_name(district).removeprefix("kecamatan ")
            candidates = [village for village in candidates if normalize_name(village.parent.name) == district_key]

        if not candidates:
            raise ParseError(
                _(
                    "No desa named '%(value)s' lies in %(regency)s. Check the spelling, or write the "
                    "Kemendagri code such as 19.06.01.2001 (see the sheet Pilihan)."
                )
                % {"value": text, "regency": self.regency_name}
            )
        if len(candidates) > 1:
            listed = "; ".join(
                _("%(name)s, code %(code)s, Kecamatan %(district)s")
                % {"name": village.name, "code": village.code, "district": village.parent.name}
                for village in sorted(candidates, key=lambda village: village.code)
            )
            example = candidates[0]
            raise ParseError(
                _(
                    "'%(value)s' matches more than one desa: %(candidates)s. Write the code, or the name with "
                    "the kecamatan in brackets, for example %(example)s."
                )
                % {"value": text, "candidates": listed, "example": f"{example.name} ({example.parent.name})"}
            )
        return candidates[0]

    def _village_by_code(self, code: str) -> Region:
        village = self.villages_by_code.get(code)
        if village is None:
            raise ParseError(
                _("No desa with the code %(code)s lies in %(regency)s. Check the code against the sheet Pilihan.")
                % {"code": code, "regency": self.regency_name}
            )
        if not village.is_active:
            raise ParseError(
                _(
                    "The desa code %(code)s (%(name)s) is no longer in the official list. Write the code that "
                    "replaced it."
                )
                % {"code": code, "name": village.name}
            )
        return village

    # --- contractor ---

    def contractor(self, name: str) -> Contractor | None:
        """Return the existing contractor of that name (ignoring case), or None for a new one."""
        return self.contractors.get(name.casefold())
