from functools import partial

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import identity
from accounts.forms import captcha_field
from accounts.models import Department, Unit
from core.forms import DateInput, chinese_required_messages
from core.uploads import clean_picture, file_input_attrs
from core.widgets import FastSelect
from reviews.states import Status
from titles import options
from titles.models import Application
from titles.sections import SECTIONS


class QueueFilter(django_filters.FilterSet):
    """A queue's filters. The catalog's options come from titles.options (cached, the same for
    everyone in a role); the unit is typed, as a province has thousands of them."""

    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=[c for c in Status.choices if c[0] != Status.DRAFT], empty_label=_("全部"),
        widget=FastSelect,
    )  # fmt: skip
    batch = django_filters.ChoiceFilter(label=_("申报批次"), empty_label=_("全部"), widget=FastSelect)
    committee = django_filters.ChoiceFilter(
        label=_("评审委员会"), field_name="batch__committee", empty_label=_("全部"), widget=FastSelect
    )
    title = django_filters.ChoiceFilter(label=_("申报职称"), empty_label=_("全部"), widget=FastSelect)
    unit = django_filters.CharFilter(label=_("工作单位"), field_name="unit__name", lookup_expr="icontains")
    name = django_filters.CharFilter(label=_("姓名"), field_name="applicant_name", lookup_expr="icontains")

    class Meta:
        model = Application
        fields = ["status", "batch", "committee", "title", "unit", "name"]

    def __init__(self, *args, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        from reviews.states import Role

        committee = role.committee_id if role is not None and role.role == Role.COMMITTEE else None
        # Callables: read when the form is shown or checked, and cheap to copy (forms deep-copy fields).
        self.filters["batch"].extra["choices"] = partial(options.batch_options, committee)
        self.filters["committee"].extra["choices"] = partial(options.committee_options, committee)
        self.filters["title"].extra["choices"] = partial(options.title_options, committee)
        if role is not None and role.role == Role.UNIT:
            del self.filters["unit"]  # a unit reviewer sees one unit


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("审核意见"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_on = forms.DateField(label=_("公示开始日期"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("公示结束日期"), required=False, widget=DateInput())


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("退回修改必须填写退回原因")},
    )  # fmt: skip
    sections = forms.MultipleChoiceField(
        label=_("需修改的栏目"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(s.key, s.label) for s in SECTIONS],
    )  # fmt: skip
    deadline = forms.DateTimeField(
        label=_("修改截止时间（可选）"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )  # fmt: skip


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不予通过原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("不予通过必须填写原因")},
    )  # fmt: skip


class VoteForm(forms.Form):
    experts_present = forms.IntegerField(label=_("出席专家人数"), min_value=1, max_value=99)
    votes_for = forms.IntegerField(label=_("同意票数"), min_value=0, max_value=99)

    def clean(self):
        data = super().clean()
        present, votes = data.get("experts_present"), data.get("votes_for")
        if present is not None and votes is not None and votes > present:
            self.add_error("votes_for", _("同意票数不能多于出席专家人数"))
        return data


class SettleForm(forms.Form):
    settlement = forms.CharField(
        label=_("处理结果"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写处理结果")},
    )  # fmt: skip


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("姓名（可不填）"), required=False, max_length=50)
    phone = forms.CharField(label=_("联系电话"), max_length=20, error_messages={"required": _("请填写联系电话")})
    content = forms.CharField(
        label=_("异议内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写异议内容")},
    )  # fmt: skip
    captcha = captcha_field()  # the site's one captcha: its messages and its answer box's name

    def clean_phone(self):
        return identity.validate_phone(self.cleaned_data["phone"])


class UnitRegistrationForm(forms.ModelForm):
    licence_file = forms.FileField(
        label=_("营业执照（法人证书）照片"), help_text=_("JPG或PNG格式，不超过5MB"),
        error_messages={"required": _("请上传营业执照（法人证书）照片")},
        widget=forms.ClearableFileInput(attrs=file_input_attrs(pictures_only=True)),
    )  # fmt: skip

    class Meta:
        model = Unit
        fields = ["name", "credit_code", "department"]
        labels = {"name": _("单位名称"), "credit_code": _("统一社会信用代码"), "department": _("主管部门")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.all()
        self.fields["department"].empty_label = _("请选择主管部门")
        self.fields["credit_code"].required = True
        chinese_required_messages(self)
        self.fields["licence_file"].error_messages["required"] = _("请上传营业执照（法人证书）照片")
        self.fields["name"].error_messages["unique"] = _("该单位已注册，请联系本单位管理员")
        # A look-alike of a registered name (other brackets, spaces, zero-width characters) is refused
        # by Unit.clean(), which this form runs, with the existing unit's name next to this field.

    def clean_credit_code(self):
        code = identity.validate_credit_code(self.cleaned_data["credit_code"])
        if Unit.objects.filter(credit_code=code).exists():
            raise forms.ValidationError(_("该统一社会信用代码已注册"))
        return code

    def clean_licence_file(self):
        return clean_picture(self.cleaned_data["licence_file"])


class UnitDecisionForm(forms.Form):
    """主管部门's decision on a registered unit."""

    decision = forms.ChoiceField(
        choices=[("approve", _("通过")), ("reject", _("不予通过"))],
        error_messages={"required": _("请选择审核结果"), "invalid_choice": _("请选择审核结果")},
    )
    note = forms.CharField(
        label=_("审核意见"), required=False, max_length=200,
        error_messages={
            "max_length": _("审核意见不能超过200字"), "null_characters_not_allowed": _("审核意见含有无效字符"),
        },
    )  # fmt: skip
