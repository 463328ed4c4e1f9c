"""Forms of the early-warning screens. They parse input; the rules live in earlywarning.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from earlywarning.models import DelayCause, MeetingOutcome, MeetingStage
from earlywarning.schedule import SHAPE_LABELS, CurveShape
from projects.forms import PercentField

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class GenerateForm(forms.Form):
    shape = forms.ChoiceField(
        label=_("Shape of the curve"),
        choices=[(shape.value, SHAPE_LABELS[shape]) for shape in SHAPE_LABELS],
        initial=CurveShape.S_CURVE.value,
        widget=forms.RadioSelect,
    )


class MeetingForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("Meeting"), choices=MeetingStage.choices, coerce=int)
    date = forms.DateField(
        label=_("Meeting date"),
        error_messages={"required": _("Enter the date the meeting was held."), "invalid": _("Enter a valid date.")},
        **DATE_WIDGET,
    )
    target_percent = PercentField(
        label=_("Agreed target (%)"),
        help_text=_("Cumulative physical progress the contractor agreed to reach by the end of the test period."),
    )
    test_period_end = forms.DateField(
        label=_("End of the test period"),
        help_text=_("The date by which the agreed target must be reached."),
        error_messages={"required": _("Enter the end of the test period."), "invalid": _("Enter a valid date.")},
        **DATE_WIDGET,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who attended, what the contractor committed to, the number of the minutes."),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome at the end of the test period"),
        choices=[
            (MeetingOutcome.MET.value, MeetingOutcome.MET.label),
            (MeetingOutcome.NOT_MET.value, MeetingOutcome.NOT_MET.label),
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Note"), required=False, max_length=2000)


class DelayForm(forms.Form):
    cause = forms.ChoiceField(label=_("Cause of the delay"), choices=DelayCause.choices, widget=forms.RadioSelect)
    extension_days = forms.IntegerField(
        label=_("Extra time given (calendar days)"),
        min_value=0,
        initial=0,
        help_text=_("Pemberian kesempatan after the planned end, as the PPK decided. The penalty keeps running."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What happened, and the letter or minutes that establish it. Required for kahar and compensation events."
        ),
    )
