"""crispy-forms output of empty forms, rendered once per process.

A form nobody has filled in (unbound, not editing a saved row) renders to the same HTML for every
user: crispy's templates cost more than the rest of a section or review page, so that HTML is kept.
The key holds everything the output depends on: the form class, the field, the language, the day
(date limits), the values shown and the widgets' attributes; bound forms and forms about a saved
instance are never cached.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import template
from django.utils import timezone
from django.utils.translation import get_language

register = template.Library()

_RENDERED: dict = {}
_LIMIT = 2000  # forms are declared in code: a few hundred keys at most; the limit is a safety net


def _cacheable(form) -> bool:
    instance = getattr(form, "instance", None)
    return not form.is_bound and (instance is None or instance.pk is None)


def _shown(field) -> str:
    """What of a field can change between two requests: its value and its widget's attributes
    (limits from settings, set when the form is made)."""
    return repr((field.value(), sorted(field.field.widget.attrs.items())))


def _remember(key, render):
    found = _RENDERED.get(key)
    if found is None:
        if len(_RENDERED) >= _LIMIT:
            _RENDERED.clear()
        found = _RENDERED[key] = render()
    return found


@register.filter
def crispy_field_once(field):
    """As `field|as_crispy_field`."""
    form = field.form
    if not _cacheable(form):
        return as_crispy_field(field)
    key = (type(form), form.prefix, form.auto_id, field.name, _shown(field), get_language(), timezone.localdate())
    return _remember(key, lambda: as_crispy_field(field))


@register.filter
def crispy_once(form):
    """As `form|crispy`."""
    if not _cacheable(form):
        return as_crispy_form(form)
    values = tuple((name, _shown(form[name])) for name in form.fields)
    key = (type(form), form.prefix, form.auto_id, values, get_language(), timezone.localdate())
    return _remember(key, lambda: as_crispy_form(form))
