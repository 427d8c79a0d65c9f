from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.identity import (
    IdType,
    mask_id_number_long,
    mask_phone,
    normalize_number,
    normalize_phone,
    unit_name_key,
)


class AccountManager(UserManager):
    def find_by_identifier(self, identifier: str):
        """The one account whose 用户名, 手机号 or 身份证号 is `identifier`, or None."""
        value = (identifier or "").strip()
        if not value or "\x00" in value or len(value) > 150:
            return None
        number = normalize_number(value)
        query = Q(username_lower=value.lower()) | Q(id_number=number)
        phone = normalize_phone(value)
        if phone.isdigit():
            query |= Q(phone=phone)
        matches = list(self.with_username_lower().filter(query)[:2])
        return matches[0] if len(matches) == 1 else None

    def with_username_lower(self):
        """Accounts with `username_lower` to filter on: LOWER(username) is what the unique index holds,
        so a look-up by any spelling of the name is an index scan, not a scan of every account."""
        return self.alias(username_lower=Lower("username"))


class User(AbstractUser):
    """An account on the platform: a person, verified by real name before first use."""

    username = models.CharField(
        _("用户账号"),
        max_length=150,
        unique=True,
        error_messages={"unique": _("该用户账号已被注册")},
    )
    phone = models.CharField(_("手机号"), max_length=11, blank=True, default="")
    id_type = models.CharField(_("证件类型"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT)
    id_number = models.CharField(_("证件号码"), max_length=32, blank=True, default="")
    real_name = models.CharField(_("用户姓名"), max_length=50, blank=True, default="")
    verified_at = models.DateTimeField(_("实名认证时间"), null=True, blank=True)

    objects = AccountManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="accounts_user_phone_unique"),
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="accounts_user_id_number_unique"
            ),
        ]

    def save(self, *args, **kwargs):
        self.phone = normalize_phone(self.phone)
        self.id_number = normalize_number(self.id_number)
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.real_name}（{self.username}）" if self.real_name else self.username

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""

    @property
    def masked_id_number(self) -> str:
        return mask_id_number_long(self.id_number) if self.id_number else ""


class SmsPurpose(models.TextChoices):
    REGISTER = "register", _("用户注册")
    RESET = "reset", _("重置密码")


class SmsCode(models.Model):
    """One code sent by SMS. Only its keyed hash is kept; throttles count these rows."""

    phone = models.CharField(_("手机号"), max_length=11)
    purpose = models.CharField(_("用途"), max_length=16, choices=SmsPurpose.choices)
    code_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("错误次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [
            models.Index(fields=["phone", "purpose", "-created_at"]),
            models.Index(fields=["ip", "created_at"]),
        ]

    def __str__(self):
        return f"{mask_phone(self.phone)} {self.get_purpose_display()}"


class ThrottleKey(models.Model):
    """A row to lock while counting: serialises SMS sends to one phone or from one address."""

    key = models.CharField(max_length=80, unique=True)

    def __str__(self):
        return self.key


class AuditEvent(models.Model):
    """Who did what, when and from where: logins, resets, registrations (等保 audit trail)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录成功")
        UNIT_DECIDED = "unit_decided", _("单位注册审核")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGIN_LOCKED = "login_locked", _("登录锁定")
        LOGOUT = "logout", _("退出登录")
        REGISTERED = "registered", _("用户注册")
        PASSWORD_RESET = "password_reset", _("重置密码")
        PASSWORD_RESET_REQUEST = "reset_request", _("人工找回申请")
        SMS_SENT = "sms_sent", _("发送短信验证码")
        ADMIN_CHANGE = "admin_change", _("后台管理操作")
        PERSONAL_DATA_VIEWED = "personal_data_viewed", _("查看完整个人信息")

    kind = models.CharField(_("事件"), max_length=24, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True, on_delete=models.SET_NULL
    )
    identifier = models.CharField(_("登录账号"), max_length=150, blank=True, default="")
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True, default="")
    detail = models.CharField(_("说明"), max_length=255, blank=True, default="")
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.identifier}"


def reset_request_upload_to(instance, filename):
    # The name a user gave is never used on disk; see accounts.uploads.
    return f"reset-requests/{timezone.now():%Y/%m}/{filename}"


class PasswordResetRequest(models.Model):
    """通过人工找回: a person without access to their phone asks staff to reset the password."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        APPROVED = "approved", _("已重置")
        REJECTED = "rejected", _("已驳回")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.CASCADE)
    real_name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("证件号码"), max_length=32)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    id_card_photo = models.FileField(_("证件照片"), upload_to=reset_request_upload_to)
    note = models.TextField(_("情况说明"), max_length=500, blank=True, default="")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    # Checked only after the whole request is in, and shown only to staff.
    matches_account = models.BooleanField(_("姓名证件号与账号一致"), default=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handling_note = models.CharField(_("处理意见"), max_length=255, blank=True, default="")

    class Meta:
        verbose_name = _("人工找回申请")
        verbose_name_plural = _("人工找回申请")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.real_name} {self.get_status_display()}"


# Organisations: the unit a person works for, its competent department, and the talent
# centres that keep personnel archives (档案).


class Department(models.Model):
    """主管部门: the competent department that units report to."""

    name = models.CharField(_("主管部门名称"), max_length=100, unique=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, default="")

    class Meta:
        verbose_name = _("主管部门")
        verbose_name_plural = _("主管部门")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """工作单位: an employer unit; only approved units can be chosen as 现工作单位."""

    class Status(models.TextChoices):
        """单位注册: a unit a person registers waits for its competent department (主管部门)."""

        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REFUSED = "refused", _("未通过")

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    # The name as unit_name_key() compares it, so a look-alike of a registered name cannot be registered.
    name_key = models.CharField(_("单位名称（比对用）"), max_length=255, editable=False, default="")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, default="")
    department = models.ForeignKey(
        Department, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="units"
    )
    # Units an administrator enters are approved; those a person registers start as pending.
    status = models.CharField(
        _("审核状态"), max_length=16, choices=Status.choices, default=Status.APPROVED, db_default=Status.APPROVED
    )
    # 单位注册: the person who registered the unit becomes its first reviewer once approved.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("注册人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_units",
    )
    registered_at = models.DateTimeField(_("注册时间"), null=True, blank=True)
    licence = models.FileField(_("营业执照（法人证书）"), upload_to="unit-licences/%Y/%m/", blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作单位")
        verbose_name_plural = _("工作单位")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name_key"], name="accounts_unit_name_key_unique")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = unit_name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def clean(self):
        """Refuse a name whose key is empty, too long, or that of another unit (the form and the admin)."""
        super().clean()
        if not self.name:  # the field's own check has already spoken
            return
        self.name_key = unit_name_key(self.name)
        if not self.name_key:
            raise ValidationError({"name": _("请填写单位名称")})
        if len(self.name_key) > self._meta.get_field("name_key").max_length:
            raise ValidationError({"name": _("单位名称含有无法识别的字符")})
        existing = Unit.objects.filter(name_key=self.name_key).exclude(pk=self.pk).first()
        if existing is not None:
            raise ValidationError({"name": duplicate_unit_message(existing)})

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_refused(self) -> bool:
        return self.status == self.Status.REFUSED


def duplicate_unit_message(existing: Unit) -> str:
    return _("该单位已存在：%(name)s，请勿重复注册") % {"name": existing.name}


class TalentCentre(models.Model):
    """人才交流服务中心: keeps the personnel archives of people whose unit does not."""

    name = models.CharField(_("名称"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("人才交流服务中心")
        verbose_name_plural = _("人才交流服务中心")
        ordering = ["name"]

    def __str__(self):
        return self.name


class HeldPost(models.Model):
    """A form that arrived after its sender's session had ended, kept until they log in again.

    Only text fields are kept (a browser never re-sends chosen files), for HELD_POST_SECONDS,
    and only the account that was last signed in on that browser gets it back.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.CharField(max_length=500)  # where the form was shown, and where it comes back
    action = models.CharField(max_length=500)  # where it was posted
    data = models.JSONField(default=list)  # [[name, value], …]
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("超时暂存的表单")
        verbose_name_plural = _("超时暂存的表单")
        indexes = [models.Index(fields=["user", "page", "-created_at"])]

    def __str__(self):
        return f"{self.user_id} {self.page}"
