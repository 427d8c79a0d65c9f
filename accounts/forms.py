import re

from captcha.fields import CaptchaField, CaptchaTextInput
from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Layout, Submit
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import identity
from accounts.identity import ID_NUMBER_LABELS, IdType
from accounts.models import PasswordResetRequest, SmsPurpose, User
from accounts.passwords import PASSWORD_RULES
from accounts.smscodes import SmsCodeError, sms_code_check, sms_code_use, sms_code_verify
from accounts.verification import NAME_RE
from core.forms import chinese_required_messages
from core.uploads import clean_picture, file_input_attrs


def validate_real_name(value: str) -> str:
    name = value.strip()
    if not NAME_RE.fullmatch(name):
        raise ValidationError(_("请输入证件上的真实姓名"))
    return name


def captcha_field():
    return CaptchaField(
        label=gettext_lazy("验证码"),
        # The answer box's own name (the field's caption is a legend, which names no input).
        widget=CaptchaTextInput(attrs={"aria-label": gettext_lazy("图片验证码：请输入图中的字符")}),
        error_messages={
            "required": gettext_lazy("图片验证码不能为空"),
            "invalid": gettext_lazy("图片验证码不正确，请重新输入"),
            "incomplete": gettext_lazy("图片验证码不能为空"),
        },
    )


def sms_code_field():
    return forms.CharField(
        label=gettext_lazy("短信验证码"),
        max_length=6,
        error_messages={"required": gettext_lazy("短信验证码不能为空")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def sms_button():
    return StrictButton(
        gettext_lazy("获取短信验证码"),
        type="submit",
        name="send_sms",
        value="1",
        formnovalidate="formnovalidate",
        css_class="btn-outline-primary sms-send",
    )


def show_only(form: forms.Form, errors: dict[str, str]) -> forms.Form:
    """Render a bound form with the input kept and only the given errors, without validating it."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)
    return form


class SmsCodeFormMixin:
    """A form with an image captcha that gates the SMS code, and the code itself.

    Once an SMS was sent after a correct image captcha in this session, the captcha is not
    asked again for the same phone (`captcha_done`).
    """

    sms_purpose: SmsPurpose

    def drop_captcha(self):
        self.fields.pop("captcha", None)

    def check_sms_code(self, phone: str) -> None:
        if self.errors or not phone:
            return  # keep the code usable until everything else is right
        try:
            sms_code_check(phone=phone, purpose=self.sms_purpose, code=self.cleaned_data.get("sms_code", ""))
        except SmsCodeError as error:
            self.add_error("sms_code", error.message)


class SmsRequestForm(forms.Form):
    """The fields that must be right before an SMS code is sent: image captcha and phone."""

    phone = forms.CharField(required=False)
    captcha = captcha_field()

    def __init__(self, *args, phone: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_phone = phone

    def clean_phone(self):
        if self.fixed_phone:
            return self.fixed_phone
        value = self.cleaned_data.get("phone", "")
        if not value:
            raise ValidationError(_("请输入手机号"))
        return identity.validate_phone(value)


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=gettext_lazy("账号"),
        max_length=64,
        widget=forms.TextInput(attrs={"autofocus": True, "placeholder": gettext_lazy("用户名/手机号/身份证号")}),
    )
    password = forms.CharField(
        label=gettext_lazy("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    captcha = captcha_field()

    error_messages = {
        "invalid_login": gettext_lazy("账号或密码不正确，请重新输入"),
        "inactive": gettext_lazy("该账号已停用，请联系管理员"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = _("请输入用户名、手机号或身份证号")
        self.fields["password"].error_messages["required"] = _("请输入密码")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        if "captcha" in self.errors:
            return self.cleaned_data  # no password check without a right captcha
        return super().clean()

    def get_invalid_login_error(self):
        """The refusal, with how many tries are left before the lockout (counted for this account name
        from this address, whether or not the account exists: it tells nothing about accounts)."""
        from axes.handlers.proxy import AxesProxyHandler

        failures = AxesProxyHandler.get_failures(self.request, {"username": self.cleaned_data.get("username", "")})
        left = settings.AXES_FAILURE_LIMIT - failures
        if left <= 0:
            return super().get_invalid_login_error()
        return ValidationError(
            _("账号或密码不正确，还可尝试%(left)d次；连续失败%(limit)d次，账号将被锁定%(minutes)d分钟")
            % {"left": left, "limit": settings.AXES_FAILURE_LIMIT, "minutes": round(settings.AXES_COOLOFF_TIME * 60)},
            code="invalid_login",
        )


class AdminLoginForm(LoginForm):
    """The admin's login: the site's own (captcha, lockout, audit), for staff accounts only.

    A right password of an account that is not staff is refused exactly like a wrong one and
    counted as a failure, so the admin login tells nothing about which accounts exist.
    """

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            user_login_failed.send(
                sender=__name__, credentials={"username": self.cleaned_data.get("username", "")}, request=self.request
            )
            raise self.get_invalid_login_error()


class RegisterForm(SmsCodeFormMixin, forms.Form):
    sms_purpose = SmsPurpose.REGISTER

    username = forms.CharField(
        label=gettext_lazy("用户账号"),
        max_length=20,
        help_text=gettext_lazy("以字母开头，4至20位字母、数字或下划线"),
    )
    password1 = forms.CharField(
        label=gettext_lazy("登录密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_RULES,
    )
    password2 = forms.CharField(
        label=gettext_lazy("确认密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    real_name = forms.CharField(label=gettext_lazy("用户姓名"), max_length=30)
    id_type = forms.ChoiceField(label=gettext_lazy("证件类型"), choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(label=gettext_lazy("身份证号码"), max_length=32)
    phone = forms.CharField(
        label=gettext_lazy("手机号"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    captcha = captcha_field()
    sms_code = sms_code_field()
    agree = forms.BooleanField(
        error_messages={"required": gettext_lazy("请阅读并同意注册协议")},
    )

    def __init__(self, *args, captcha_done=False, **kwargs):
        super().__init__(*args, **kwargs)
        chinese_required_messages(self)
        id_type = self.data.get("id_type") or self.initial.get("id_type") or IdType.RESIDENT
        self.fields["id_number"].label = ID_NUMBER_LABELS.get(id_type, ID_NUMBER_LABELS[IdType.RESIDENT])
        self.fields["agree"].label = format_html(
            '{} <a href="{}" target="_blank">《{}》</a>',
            _("我已阅读并同意"),
            reverse("accounts:agreement"),
            settings.REGISTRATION_AGREEMENT_TITLE,
        )
        if captcha_done:
            self.drop_captcha()
        self.helper = FormHelper()
        self.helper.form_tag = False
        captcha_row = (
            Field("captcha")
            if "captcha" in self.fields
            else HTML(
                '<div class="mb-3"><label class="form-label">{}</label>'
                '<div class="form-control-plaintext text-success">{}</div></div>'.format(
                    _("验证码"), _("图片验证码已通过验证")
                )
            )
        )
        self.helper.layout = Layout(
            "username",
            "password1",
            "password2",
            "real_name",
            Field("id_type", css_class="id-type-select"),
            "id_number",
            "phone",
            captcha_row,
            FieldWithButtons("sms_code", sms_button()),
            "agree",
            Submit("register", _("注册"), css_class="w-100"),
        )

    def clean_username(self):
        return identity.validate_username(self.cleaned_data["username"])

    def clean_real_name(self):
        return validate_real_name(self.cleaned_data["real_name"])

    def clean_phone(self):
        return identity.validate_phone(self.cleaned_data["phone"])

    def check_taken(self, data) -> None:
        """Whether account, phone or ID number are registered, told only to someone who proved the phone."""
        username, phone, number = data.get("username"), data.get("phone"), data.get("id_number")
        if (
            username
            and User.objects.with_username_lower()
            .filter(Q(username_lower=username.lower()) | Q(id_number=identity.normalize_number(username)))
            .exists()
        ):
            self.add_error("username", _("该用户账号已被注册，请换一个"))
        if phone and User.objects.filter(phone=phone).exists():
            self.add_error("phone", _("该手机号已被注册，如忘记密码请使用“忘记密码”找回"))
        if (
            number
            and User.objects.with_username_lower()
            .filter(Q(id_number=number) | Q(username_lower=number.lower()))
            .exists()
        ):
            self.add_error("id_number", _("该证件号码已被注册，如忘记密码请使用“忘记密码”找回"))

    def clean(self):
        data = super().clean()
        id_type, number = data.get("id_type"), data.get("id_number")
        if id_type and number:
            try:
                data["id_number"] = identity.validate_id_number(id_type, number)
            except ValidationError as error:
                self.add_error("id_number", error)
                data.pop("id_number", None)
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("两次输入的密码不一致"))
        elif password1:
            probe = User(username=data.get("username", ""), real_name=data.get("real_name", ""))
            probe.phone, probe.id_number = data.get("phone", ""), data.get("id_number", "")
            try:
                password_validation.validate_password(password1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        # Which accounts exist is told only with a right SMS code: each answer costs one of the
        # code's tries, so nobody can probe names and numbers in bulk. The code is used up only
        # once the whole registration is accepted.
        if self.errors or not data.get("phone"):
            return data
        try:
            record = sms_code_verify(phone=data["phone"], purpose=self.sms_purpose, code=data.get("sms_code", ""))
        except SmsCodeError as error:
            self.add_error("sms_code", error.message)
            return data
        self.check_taken(data)
        if not self.errors:
            try:
                sms_code_use(record)
            except SmsCodeError as error:
                self.add_error("sms_code", error.message)
        return data


class ResetAccountForm(forms.Form):
    account = forms.CharField(
        label=gettext_lazy("用户账号"),
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("用户名/手机号/身份证号"), "autofocus": True}),
        error_messages={"required": gettext_lazy("请输入用户名、手机号或身份证号")},
    )
    captcha = captcha_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("account", "captcha", Submit("next", _("下一步"), css_class="w-100"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        user = User.objects.find_by_identifier(data["account"])
        if user is None or not user.is_active:
            self.add_error("account", _("该账号不存在，请核对后重新输入"))
        data["user"] = user
        return data


class ResetPhoneForm(SmsCodeFormMixin, forms.Form):
    sms_purpose = SmsPurpose.RESET

    captcha = captcha_field()
    sms_code = sms_code_field()

    def __init__(self, *args, phone: str, captcha_done=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.phone = phone
        if captcha_done:
            self.drop_captcha()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            HTML(
                '<div class="mb-3"><label class="form-label">{}<span class="asteriskField">*</span></label>'
                '<div class="form-control-plaintext">{}</div></div>'.format(_("手机号"), identity.mask_phone(phone))
            ),
            "captcha"
            if "captcha" in self.fields
            else HTML('<p class="text-success">{}</p>'.format(_("图片验证码已通过验证"))),
            FieldWithButtons("sms_code", sms_button()),
            Submit("next", _("下一步"), css_class="w-100"),
        )

    def clean(self):
        data = super().clean()
        self.check_sms_code(self.phone)
        return data


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password1"].help_text = PASSWORD_RULES
        self.fields["new_password2"].label = _("确认新密码")
        self.error_messages = {**self.error_messages, "password_mismatch": _("两次输入的密码不一致")}
        for field in self.fields.values():
            field.error_messages["required"] = _("请填写%(label)s") % {"label": field.label}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("new_password1", "new_password2", Submit("save", _("确定"), css_class="w-100"))


class ManualResetForm(forms.ModelForm):
    """通过人工找回. Nothing typed is compared with the account here: whether the name and number
    match is recorded for the staff who check the photo, and the answer is the same either way."""

    captcha = captcha_field()

    class Meta:
        model = PasswordResetRequest
        fields = ["real_name", "id_number", "contact_phone", "id_card_photo", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"id_card_photo": gettext_lazy("请上传本人手持证件的照片，JPG或PNG格式，不超过5MB")}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["id_card_photo"].widget = forms.ClearableFileInput(attrs=file_input_attrs(pictures_only=True))
        for name, field in self.fields.items():
            if name != "captcha":
                field.error_messages["required"] = _("请填写%(label)s") % {"label": field.label}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.Meta.fields, "captcha", Submit("submit", _("提交申请"), css_class="w-100"))

    def clean_contact_phone(self):
        return identity.validate_phone(self.cleaned_data["contact_phone"])

    def clean_note(self):
        note = self.cleaned_data.get("note", "")
        if len(note) > 500:
            raise ValidationError(_("情况说明不能超过500字"))
        return note

    def clean_id_card_photo(self):
        return clean_picture(self.cleaned_data["id_card_photo"])

    def clean_real_name(self):
        return validate_real_name(self.cleaned_data["real_name"])

    def clean_id_number(self):
        number = identity.normalize_number(self.cleaned_data["id_number"])
        if not re.fullmatch(r"[0-9A-Z]{5,32}", number):
            raise ValidationError(_("证件号码格式不正确"))
        return number

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if PasswordResetRequest.objects.filter(user=self.user, status=PasswordResetRequest.Status.PENDING).exists():
            raise ValidationError(_("您已提交过人工找回申请，正在处理中，请耐心等待"))
        return data

    def matches_account(self) -> bool:
        """Whether the typed name and number are the account's (for the staff, never shown here)."""
        data = self.cleaned_data
        return data["id_number"] == self.user.id_number and data["real_name"] == self.user.real_name
