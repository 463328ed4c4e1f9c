"""Forms of the citizen report screens. They only parse input; the rules live in citizen.services."""

from __future__ import annotations

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from citizen.models import Category

FORM_TIMESTAMP_SALT = "citizen.report-form.started"


def form_started_token() -> str:
    """Return a signed stamp of the moment the form was shown, to tell people from instant spam bots."""
    return signing.dumps(int(time.time()), salt=FORM_TIMESTAMP_SALT)


def seconds_since(token: str) -> float | None:
    """Return how long ago the form behind ``token`` was shown, or None when the stamp is missing or forged."""
    try:
        started = signing.loads(token, salt=FORM_TIMESTAMP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int):
        return None
    return time.time() - started


class CitizenReportForm(forms.Form):
    """A citizen report as typed. Photos are read from request.FILES; the services check every rule."""

    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("What did you see?"),
        help_text=_("Describe the problem and where exactly it is, in at least 10 characters."),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        max_length=2000,
    )
    project = forms.IntegerField(required=False, widget=forms.HiddenInput)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    location_description = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=300,
        help_text=_("Street, hamlet (dusun) or landmark, for example: in front of SD Negeri 3."),
    )
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=120)
    contact_phone = forms.CharField(
        label=_("Phone or WhatsApp"), required=False, max_length=30, widget=forms.TextInput(attrs={"type": "tel"})
    )
    contact_email = forms.CharField(label=_("E-mail"), required=False, max_length=254, widget=forms.EmailInput())
    # Spam traps: people never see "website" and take more than a few seconds to fill the form.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class TrackForm(forms.Form):
    kode = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Public answer"),
        help_text=_("Shown on the portal under the report. Write what was or will be done, and when."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AssignForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Responsible OPD"), queryset=Agency.objects.filter(is_active=True))
