"""The recent history of a record, shown on its page to administrators, leaders and DPRD."""

from django import template

from audit.access import can_read_history
from audit.selectors import history_for

register = template.Library()


@register.inclusion_tag("audit/_history.html", takes_context=True)
def audit_history(context, instance, kind: str, limit: int = 5):
    """Show the last ``limit`` entries of ``instance`` with a link to the whole history (``kind`` as in the URL)."""
    if not can_read_history(context["request"].user):
        return {"show": False}
    entries = list(history_for(instance)[: limit + 1])
    return {"show": True, "instance": instance, "kind": kind, "entries": entries[:limit], "more": len(entries) > limit}


@register.filter
def object_label(object_type: str) -> str:
    """Return the translated name of a model from its "app_label.model" label, or the label itself."""
    from django.apps import apps

    try:
        return apps.get_model(object_type)._meta.verbose_name
    except (LookupError, ValueError):
        return object_type
