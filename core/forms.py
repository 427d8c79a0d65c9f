"""Form helpers every app uses: Chinese required-field messages and the date input."""

from django import forms
from django.utils.translation import gettext as _


def chinese_required_messages(form: forms.BaseForm) -> None:
    """“请填写…” / “请选择…” for every field still carrying Django's generic required message."""
    generic = str(forms.Field.default_error_messages["required"])
    for field in form.fields.values():
        if str(field.error_messages.get("required", "")) != generic:
            continue
        label = field.label or ""
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            field.error_messages["required"] = _("请选择%(label)s") % {"label": label}
        else:
            field.error_messages["required"] = _("请填写%(label)s") % {"label": label}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
