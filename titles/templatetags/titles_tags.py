from django import template

from titles.rendering import display

register = template.Library()


@register.simple_tag
def cell(row, name):
    """One cell of a section row as the preview shows it (choices, dates, 是/否, periods)."""
    if name == "period":
        from titles.rendering import _period

        return _period(row)
    return display(row, name)
