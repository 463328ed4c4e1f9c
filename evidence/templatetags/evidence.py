"""Template tags for the evidence checks: badges per photo and the project's photo milestones."""

from __future__ import annotations

from django import template

from evidence import milestones
from evidence.access import can_see_checks

register = template.Library()


@register.inclusion_tag("evidence/_photo_checks.html", takes_context=True)
def photo_checks(context, photo):
    """Show the location, time and reuse badges of ``photo`` to OPD, leaders, DPRD and administrators only."""
    user = context["request"].user
    return {"photo": photo, "show": can_see_checks(user)}


@register.inclusion_tag("evidence/_project_evidence.html", takes_context=True)
def project_evidence(context, project):
    """Show which milestone photo sets (0%, 50%, 100%) exist, and the project's flagged photos to checkers."""
    show_checks = can_see_checks(context["request"].user)
    evidence = milestones.project_evidence(project)
    return {
        "request": context["request"],
        "project": project,
        "milestones": evidence.milestones,
        "show_checks": show_checks,
        "flagged": evidence.flagged if show_checks else [],
    }
