"""Forms of the monitoring screens. They only parse input; the rules live in monitoring.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import CHECKLIST_FIELDS, OPD_RESPONSE_ACTIONS, MonitoringReport, Severity
from monitoring.services import FindingInput

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _checklist_field(name: str) -> forms.TypedChoiceField:
    # Not required here: the service names the unanswered question in its own message.
    return forms.TypedChoiceField(
        label=MonitoringReport._meta.get_field(name).verbose_name,
        choices=YES_NO,
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ReportForm(forms.Form):
    """The visit report as typed; photos, findings and device positions are read from the request directly."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    visit_date = forms.DateField(
        label=_("Visit date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    observed_progress = forms.DecimalField(
        label=_("Observed physical progress (%)"),
        required=False,
        help_text=_("Your estimate of how much of the work is finished, from 0 to 100."),
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.01", "inputmode": "decimal"}),
    )
    signboard_present = _checklist_field("signboard_present")
    workers_present = _checklist_field("workers_present")
    materials_as_specified = _checklist_field("materials_as_specified")
    work_matches_plan = _checklist_field("work_matches_plan")
    site_safe = _checklist_field("site_safe")
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        help_text=_("What you saw on the site, in your own words."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def checklist_fields(self):
        return [self[name] for name in CHECKLIST_FIELDS]

    def checklist(self) -> dict[str, bool | None]:
        return {name: self.cleaned_data.get(name) for name in CHECKLIST_FIELDS}


def finding_rows(data) -> list[FindingInput]:
    """Read the finding rows of the form; a row with neither a description nor a severity is left out."""
    descriptions = data.getlist("finding_description")
    severities = data.getlist("finding_severity")
    rows = []
    for index, description in enumerate(descriptions):
        severity = severities[index] if index < len(severities) else ""
        if description.strip() or severity:
            rows.append(FindingInput(description, severity))
    return rows


SEVERITY_CHOICES = [("", _("— choose —")), *Severity.choices]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The report stays on record, marked as withdrawn with this reason."),
    )


class ResponseForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(action.value, action.label) for action in OPD_RESPONSE_ACTIONS],
        required=False,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Follow-up (tindak lanjut) or reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What was done or is planned; when rejecting or closing without a fix, why. "
            "Closing without a fix never counts as fixed."
        ),
    )


class CloseUnfixedForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing without a fix"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The finding counts as not fixed; the village can still contest it."),
    )


class ContestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for contesting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is still wrong on the site."),
    )
