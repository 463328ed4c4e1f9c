"""Forms of the OPD screens. They parse input, and the rules live in projects.services."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from projects import fiscal, services
from projects.models import AmendmentKind


class PercentField(forms.DecimalField):
    """A percentage typed with a comma or a dot as the decimal separator ("45,5" or "45.5")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget", forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100", "inputmode": "decimal"})
        )
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Enter a number from 0 to 100, for example 45,5."),
                "max_decimal_places": _("Use at most two decimal places."),
                "max_digits": _("Enter a number from 0 to 100, for example 45,5."),
            },
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and "," in value and "." not in value:
            value = value.replace(",", ".")
        return super().to_python(value)


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several uploaded files under one name, cleaned to a list that is empty when none was chosen."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            MultiplePhotoInput(
                attrs={"accept": "image/*", "capture": "environment", "multiple": True, "data-photo-input": True}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, (list, tuple)):
            return [single_clean(item, initial) for item in data if item]
        return [single_clean(data, initial)] if data else []


class ProgressUpdateForm(forms.Form):
    date = forms.DateField(
        label=_("Date measured"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the progress was measured on site; not in the future."),
        error_messages={
            "required": _("Enter the date the progress was measured."),
            "invalid": _("Enter a valid date."),
        },
    )
    physical_percent = PercentField(
        label=_("Physical progress (%)"),
        help_text=_("Cumulative share of the work done, from 0 to 100."),
    )
    financial_percent = PercentField(
        label=_("Financial progress (%)"),
        help_text=_("Cumulative share of the contract value paid, from 0 to 100."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done since the last update, and any obstacle."),
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Optional. Take photos with the camera or choose them from the gallery."),
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        if not self.is_bound:
            self.initial.setdefault("date", fiscal.local_today())
            if project is not None:
                self.initial.setdefault("physical_percent", project.physical_progress or Decimal("0"))
                self.initial.setdefault("financial_percent", project.financial_progress or Decimal("0"))

    # The service checks these again. Checking here too shows every field's error at once. Photos are
    # checked only by the service, because reading them is the costly step.
    def clean_date(self):
        date = self.cleaned_data["date"]
        if self.project is not None:
            try:
                services.validate_progress_date(self.project, date)
            except DomainError as error:
                raise forms.ValidationError(error.message, code=error.code) from None
        return date

    def _clean_percent(self, name: str, label: str):
        try:
            return services.validate_percent(self.cleaned_data[name], field=name, label=label)
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from None

    def clean_physical_percent(self):
        return self._clean_percent("physical_percent", _("Physical progress"))

    def clean_financial_percent(self):
        return self._clean_percent("financial_percent", _("Financial progress"))


class ProjectStatusForm(forms.Form):
    """Hand-over or termination, with a tick box that guards against a change made by a stray tap."""

    status = forms.ChoiceField(
        label=_("New status"),
        error_messages={
            "required": _("Choose the new status."),
            "invalid_choice": _("Choose one of the statuses offered for this project."),
        },
    )
    confirm = forms.BooleanField(
        label=_("I confirm that the signed documents (hand-over record or termination letter) support this change."),
        error_messages={"required": _("Tick the confirmation to change the status.")},
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Choose a status")), *choices]


class RupiahField(forms.DecimalField):
    """An amount in rupiah typed as on paper: "Rp 1.250.000.000" or "1250000000,50"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        kwargs.setdefault("error_messages", {"invalid": _("Enter an amount in rupiah, for example 1.250.000.000.")})
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("Rp", "").replace(" ", "").replace(".", "").replace(",", ".")
        return super().to_python(value)


class AmendmentForm(forms.Form):
    number = forms.CharField(label=_("Addendum number"), max_length=100, help_text=_("For example Adendum I."))
    date = forms.DateField(
        label=_("Addendum date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the addendum was signed."),
        error_messages={"required": _("Enter the date the addendum was signed."), "invalid": _("Enter a valid date.")},
    )
    kind = forms.ChoiceField(label=_("Kind of change"), choices=AmendmentKind.choices, widget=forms.RadioSelect)
    value_after = RupiahField(
        label=_("New contract value (Rp)"), required=False, help_text=_("Only for a change of contract value.")
    )
    end_after = forms.DateField(
        label=_("New end date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only for a change of contract time."),
        error_messages={"invalid": _("Enter a valid date.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the addendum changes and why."),
    )
