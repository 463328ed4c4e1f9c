"""Template tags that let other apps' pages show early-warning parts with a single include."""

from django import template
from django.utils.formats import number_format

from earlywarning.selectors import critical_projects, project_panel
from projects.access import can_edit_project, projects_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def early_warning_panel(context, project):
    """Return the early-warning panel of ``project``, reusing the page's ``updates`` and ``reports`` when the
    view already loaded them."""
    updates = context.get("updates")
    if updates is None:
        updates = list(project.progress_updates.order_by("-date", "-pk"))
    panel = project_panel(project, updates=updates, reports=context.get("reports"))
    request = context.get("request")
    panel.may_edit = request is not None and can_edit_project(request.user, project)
    return panel


@register.filter
def signed(value):
    """A deviation in points with its sign and two decimals: "+5,00" or "−15,00" ("–" when unknown)."""
    if value is None or value == "":
        return "–"
    text = number_format(abs(value), decimal_pos=2)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"\u2212{text}"
    return text


CRITICAL_LIST_SIZE = 20


@register.simple_tag(takes_context=True)
def critical_contracts(context, year):
    """Return (the critical projects of fiscal year ``year`` the user may read, furthest behind first, at most
    CRITICAL_LIST_SIZE of them, and their total count). Three queries, whatever the number of projects."""
    request = context.get("request")
    if request is None:
        return [], 0
    scoped = critical_projects(projects_for_user(request.user).filter(fiscal_year=year))
    listed = list(scoped.prefetch_related("show_cause_meetings")[:CRITICAL_LIST_SIZE])
    total = len(listed) if len(listed) < CRITICAL_LIST_SIZE else scoped.count()
    return listed, total
