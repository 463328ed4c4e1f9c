from django import forms
from django.utils.translation import gettext_lazy as _


class ManualScoreForm(forms.Form):
    value = forms.CharField(
        label=_("Value (0-100)"),
        max_length=10,
        help_text=_("For example 75 or 82,5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    evidence_text = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the value rests on: documents seen, meetings attended, dates."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"), required=False, help_text=_("PDF, JPEG or PNG, at most 5 MB.")
    )
