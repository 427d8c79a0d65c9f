import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import identity
from accounts.models import TalentCentre, Unit
from core.forms import DateInput, chinese_required_messages
from core.uploads import clean_document, clean_picture, file_input_attrs
from titles.models import Application, BasicInfo, Batch, Committee, Series, Specialty, Title
from titles.sections import Files, Section

MAX_FILES_PER_ROW = 10
EARLIEST_DATE = datetime.date(1950, 1, 1)


class NewApplicationForm(forms.Form):
    """新增申请书: 系列 → 专业 → 申报职称 → 评审委员会, re-checked as a whole on the server."""

    series = forms.ModelChoiceField(Series.objects.all(), label=gettext_lazy("系列"))
    specialty = forms.ModelChoiceField(Specialty.objects.all(), label=gettext_lazy("专业"))
    title = forms.ModelChoiceField(Title.objects.all(), label=gettext_lazy("申报职称"))
    committee = forms.ModelChoiceField(Committee.objects.all(), label=gettext_lazy("评审委员会"))
    pledge = forms.BooleanField(error_messages={"required": gettext_lazy("请阅读并勾选诚信承诺书")})
    copy_from = forms.ModelChoiceField(
        Application.objects.none(),
        label=gettext_lazy("复制以往申请书"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("只能复制本人的申请书")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        chinese_required_messages(self)
        self.fields["pledge"].error_messages["required"] = _("请阅读并勾选“我已阅读并遵守 重庆市职称申报诚信承诺书”")
        self.fields["copy_from"].queryset = Application.objects.filter(applicant=user)
        for name in ("series", "specialty", "title", "committee"):
            self.fields[name].error_messages["invalid_choice"] = _("所选%(label)s不存在，请重新选择") % {
                "label": self.fields[name].label
            }

    def clean(self):
        data = super().clean()
        series, specialty, title, committee = (data.get(k) for k in ("series", "specialty", "title", "committee"))
        if not all((series, specialty, title, committee)):
            return data
        if specialty.series_id != series.pk or title.specialty_id != specialty.pk:
            raise ValidationError(_("所选系列、专业和申报职称不匹配，请重新选择"))
        if not committee.titles.filter(pk=title.pk).exists():
            raise ValidationError(_("所选评审委员会不评审该职称，请重新选择"))
        batch = Batch.objects.open().filter(committee=committee).order_by("closes_at").first()
        if batch is None:
            raise ValidationError(_("该评审委员会当前没有开放的申报批次"))
        data["batch"] = batch
        return data


class BasicInfoForm(forms.ModelForm):
    photo_file = forms.FileField(
        label=gettext_lazy("免冠照"),
        required=False,
        help_text=gettext_lazy("近期免冠证件照，JPG或PNG格式，不超过5MB"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    class Meta:
        model = BasicInfo
        fields = [
            "application_type", "qualification_direction", "former_name", "sex", "birth_date", "work_started_on",
            "unit", "personnel_type", "archive_centre", "phone", "email",
        ]  # fmt: skip
        widgets = {
            "birth_date": DateInput(),
            "work_started_on": DateInput(),
            "personnel_type": forms.RadioSelect,
            "application_type": forms.RadioSelect,
        }

    def __init__(self, *args, account, has_photo: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.has_photo = has_photo
        self.fields["unit"].queryset = Unit.objects.filter(status=Unit.Status.APPROVED)
        self.fields["unit"].empty_label = _("请选择现工作单位")
        self.fields["archive_centre"].queryset = TalentCentre.objects.all()
        self.fields["archive_centre"].empty_label = _("本单位")
        self.fields["photo_file"].widget.attrs.update(file_input_attrs(pictures_only=True))
        # A resident ID number already says sex and date of birth: they are not asked again.
        self.from_id = account.id_type == identity.IdType.RESIDENT and bool(account.id_number)
        if self.from_id:
            del self.fields["sex"], self.fields["birth_date"]
        for name in ("application_type", "personnel_type"):
            self.fields[name].choices = [choice for choice in self.fields[name].choices if choice[0]]
        chinese_required_messages(self)

    def clean_photo_file(self):
        upload = self.cleaned_data.get("photo_file")
        if upload:
            return clean_picture(upload)
        if not self.has_photo:
            raise ValidationError(_("请上传免冠照"))
        return None

    def clean_phone(self):
        return identity.validate_phone(self.cleaned_data["phone"])

    def clean_work_started_on(self):
        started = self.cleaned_data["work_started_on"]
        if started > timezone.localdate():
            raise ValidationError(_("参加工作时间不能晚于今天"))
        born = identity.birth_date_from_id(self.account.id_number) if self.from_id else None
        if started < EARLIEST_DATE or (born and started < born):
            raise ValidationError(_("参加工作时间不正确"))
        return started

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        if born > timezone.localdate() or born < datetime.date(1900, 1, 1):
            raise ValidationError(_("出生日期不正确"))
        return born


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class RowForm(forms.ModelForm):
    """The base of every row section's form; titles.forms.row_form builds one per section."""

    section: Section

    def __init__(self, *args, existing_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_files = list(existing_files)
        chinese_required_messages(self)
        if "files" in self.fields:
            self.fields["files"].label = self.section.files_label
            self.fields["files"].required = False
            self.fields["files"].widget.attrs.update(file_input_attrs(pictures_only=False))
            if self.existing_files:
                self.fields["remove_files"].choices = [(str(f.pk), f.original_name) for f in self.existing_files]
            else:
                del self.fields["remove_files"]

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        if len(uploads) + len(self.existing_files) > MAX_FILES_PER_ROW:
            raise ValidationError(_("每条记录最多上传%(count)d个文件") % {"count": MAX_FILES_PER_ROW})
        errors, cleaned = [], []
        for upload in uploads:
            try:
                cleaned.append(clean_document(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        # add_error() drops the field from cleaned_data: iterate over a copy.
        for name, value in list(data.items()):
            if not isinstance(value, datetime.date):
                continue
            label = self.fields[name].label
            if value > today:
                message = _("%(label)s不能晚于今天") % {"label": label}
                if name == "ended_on":
                    message = _("%(label)s不能晚于今天，尚未结束的请留空（至今）") % {"label": label}
                self.add_error(name, message)
            elif value < EARLIEST_DATE:
                self.add_error(name, _("%(label)s不能早于1950年") % {"label": label})
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("结束时间不能早于开始时间"))
        if "files" in self.fields and self.section.files == Files.REQUIRED:
            removed = set(data.get("remove_files") or [])
            kept = [f for f in self.existing_files if str(f.pk) not in removed]
            if not kept and not data.get("files") and "files" not in self.errors:
                self.add_error("files", _("请上传%(label)s") % {"label": self.section.files_label})
        return data


_row_forms: dict[str, type[RowForm]] = {}


def row_form(section: Section) -> type[RowForm]:
    """The ModelForm of a row section, with its file fields when the section has files."""
    if section.key not in _row_forms:
        attrs = {"section": section}
        if section.files != Files.NONE:
            attrs["files"] = MultipleFileField(required=False)
            attrs["remove_files"] = forms.MultipleChoiceField(
                label=gettext_lazy("删除已上传的文件"), required=False, widget=forms.CheckboxSelectMultiple
            )
        widgets = {}
        for name in section.fields:
            model_field = section.model._meta.get_field(name)
            if model_field.get_internal_type() == "DateField":
                widgets[name] = DateInput()
            elif model_field.get_internal_type() == "TextField":
                widgets[name] = forms.Textarea(attrs={"rows": 4})
        meta = type("Meta", (), {"model": section.model, "fields": section.fields, "widgets": widgets})
        _row_forms[section.key] = type(f"{section.model.__name__}Form", (RowForm,), {**attrs, "Meta": meta})
    return _row_forms[section.key]
