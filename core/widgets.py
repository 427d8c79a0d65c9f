"""A drop-down built in Python: the same HTML as Django's Select, without a template per option.

A province's catalog gives a reviewer's filter a hundred options on every page; Django renders each
through its own template include, which cost more than the page's queries.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        return format_html(
            "<select{}>\n{}\n</select>",
            flatatt(final),
            mark_safe("\n".join(self._options(self.choices, chosen))),  # noqa: S308 - format_html parts
        )

    def _options(self, choices, chosen):
        for option_value, label in choices:
            if isinstance(label, (list, tuple)):
                inner = "\n".join(self._options(label, chosen))
                yield format_html('<optgroup label="{}">\n{}\n</optgroup>', option_value, mark_safe(inner))  # noqa: S308 - format_html parts
                continue
            value = "" if option_value is None else str(option_value)
            selected = value in chosen
            if selected and not self.allow_multiple_selected:
                chosen = set()  # as Select: only the first match is selected
            yield format_html('<option value="{}"{}>{}</option>', value, " selected" if selected else "", label)
