"""Labels of choice fields without Django's per-call cost.

Model.get_FOO_display() builds a dictionary of every choice, hashing each lazy label (which
translates it), on every call; a reviewer's queue calls it for each row and each filter option.
These labels are built once per field and language.
"""

from django.utils.translation import get_language

_LABELS: dict = {}


def choice_labels(field) -> dict:
    """value → label (str) of a field's choices in the active language."""
    key = (field, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {value: str(label) for value, label in field.flatchoices}
    return labels


class ChoiceDisplay:
    """Model mixin: get_FOO_display() through choice_labels() (same answer, a dictionary lookup)."""

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name, overridden
        value = getattr(self, field.attname)
        try:
            return choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value: as Django, shown as it is
            return value
