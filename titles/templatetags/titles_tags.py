from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from titles.rendering import display, period_text

register = template.Library()


@register.simple_tag
def cell(row, name):
    """One cell of a section row as the preview shows it (choices, dates, 是/否, periods)."""
    return period_text(row) if name == "period" else display(row, name)


# Stands for a file's id in a reversed URL, replaced by each file's own (one reverse() per section).
_FILE_ID = "987654321"


def _text(value) -> str:
    """As `value|default:'—'|linebreaksbr` would show it."""
    if not value:
        return "—"
    return escape(value).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


@register.simple_tag(takes_context=True)
def section_rows(context, section):
    """The <tr>s of one section of a rendered application (titles.rendering), built here rather than
    through template loops: a 200-row application has thousands of cells, and the template engine
    spent most of the preview's time on them."""
    url = reverse(context.get("file_url") or "titles:attachment", args=[_FILE_ID])
    see = escape(_("查看"))
    lines = []
    for number, row in enumerate(section["rows"], start=1):
        cells = "".join(f"<td>{_text(value)}</td>" for value in row["cells"])
        files = ""
        if section["has_files"]:
            links = " · ".join(
                f'<a href="{escape(url.replace(_FILE_ID, str(int(file["id"]))))}" target="_blank">{see}</a>'
                for file in row["files"]
            )
            files = f"<td>{links or '—'}</td>"
        lines.append(f"<tr><td>{number}</td>{cells}{files}</tr>")
    if not lines:
        span = len(section["columns"]) + 1
        lines.append(f'<tr><td colspan="{span}" class="text-muted text-center">{escape(_("无"))}</td></tr>')
    return mark_safe("\n".join(lines))  # noqa: S308 - every value above is escaped
