"""Form helpers every app uses: Chinese required-field messages and the date input."""

from django import forms
from django.utils.translation import gettext as _


def chinese_required_messages(form: forms.BaseForm) -> None:
    """“请填写…” / “请选择…” for every field still carrying Django's generic required message, and
    “请选择…” as the empty choice of drop-downs."""
    generic = str(forms.Field.default_error_messages["required"])
    for field in form.fields.values():
        if str(field.error_messages.get("required", "")) != generic:
            continue
        label = field.label or ""
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            field.error_messages["required"] = _("请选择%(label)s") % {"label": label}
        else:
            field.error_messages["required"] = _("请填写%(label)s") % {"label": label}
    _choice_prompts(form)


def _choice_prompts(form: forms.BaseForm) -> None:
    """“请选择…” instead of Django's "---------" as the empty choice of every drop-down."""
    for field in form.fields.values():
        label = _("请选择%(label)s") % {"label": field.label or ""}
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] == "" and str(choices[0][1]).strip("-") == "":
                field.choices = [("", label), *choices[1:]]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
