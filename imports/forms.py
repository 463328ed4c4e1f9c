from django import forms
from django.utils.translation import gettext_lazy as _


class ProjectImportForm(forms.Form):
    # Empty files reach the import service, which explains what to do with them.
    file = forms.FileField(
        label=_("Filled-in template (.xlsx or .csv)"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
