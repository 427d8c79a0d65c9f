from django import template

from titles.rendering import display, period_text

register = template.Library()


@register.simple_tag
def cell(row, name):
    """One cell of a section row as the preview shows it (choices, dates, 是/否, periods)."""
    return period_text(row) if name == "period" else display(row, name)
