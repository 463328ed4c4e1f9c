from django import template

from projects.selectors import amendment_red_flags

register = template.Library()


@register.filter
def amendment_flags(amendments, project) -> list[str]:
    """The red flags of a project's addenda, for the page of signed-in users."""
    return amendment_red_flags(amendments, fiscal_year=project.fiscal_year)
