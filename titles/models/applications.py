"""The application (申请书), its 基本信息, its files, its frozen submissions and its event log."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceDisplay
from reviews.states import DELETABLE, EDITABLE, STAGE_OF, Action, Status
from titles.models.catalog import Batch, Level, Title


class Application(ChoiceDisplay, models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="applications"
    )
    batch = models.ForeignKey(Batch, verbose_name=_("申报批次"), on_delete=models.PROTECT, related_name="applications")
    title = models.ForeignKey(Title, verbose_name=_("申报职称"), on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Copied from 基本信息 when it is saved, so lists and queues need no extra join.
    applicant_name = models.CharField(_("申请人"), max_length=50, blank=True, default="")
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    archive_centre = models.ForeignKey(
        "accounts.TalentCentre",
        verbose_name=_("档案所在地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pledged_at = models.DateTimeField(_("诚信承诺时间"))
    # Set by the review workflow.
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    return_sections = models.JSONField(_("需修改的栏目"), default=list, blank=True)
    correction_deadline = models.DateTimeField(_("修改截止时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申请书")
        verbose_name_plural = _("申请书")
        ordering = ["-created_at"]
        constraints = [
            # One application per person per batch.
            models.UniqueConstraint(fields=["applicant", "batch"], name="titles_application_one_per_batch"),
        ]
        indexes = [
            models.Index(fields=["applicant", "-created_at"]),
            models.Index(fields=["status", "batch"]),
            # The reviewer queues: one scope, a few states, newest submission first — answered from
            # the index alone (count and page ids), without visiting the table's rows.
            models.Index(fields=["unit", "status", "-submitted_at", "-id"], name="titles_app_unit_queue"),
            models.Index(fields=["archive_centre", "status", "-submitted_at", "-id"], name="titles_app_centre_queue"),
            models.Index(fields=["batch", "status", "-submitted_at", "-id"], name="titles_app_batch_queue"),
        ]

    def __str__(self):
        return f"{self.applicant_name or self.applicant} - {self.title.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def deletable(self) -> bool:
        """A draft that was never submitted (删除); one that was is withdrawn or returned, and kept."""
        return self.status in DELETABLE and self.submitted_at is None

    @property
    def stage(self) -> int:
        """Where the stage bar highlights it; a rejected one stays where it was stopped (list annotates it)."""
        stopped_at = getattr(self, "stopped_at", None)
        if self.status == Status.REJECTED and stopped_at:
            return STAGE_OF.get(stopped_at, 0)
        return STAGE_OF.get(self.status, 0)


class ApplicationType(models.TextChoices):
    NORMAL = "normal", _("正常申报")
    EXCEPTIONAL = "exceptional", _("破格申报")
    TRANSFER = "transfer", _("转评申报")


class PersonnelType(models.TextChoices):
    ESTABLISHED = "established", _("机关事业单位在编人员")
    STATE_OWNED = "state_owned", _("国有企业人员")
    PRIVATE = "private", _("私营企业及流动人员")
    NON_ESTABLISHED = "non_established", _("国有企业/事业单位/驻渝企业的非编人员/港澳台流动人员")


class Sex(models.TextChoices):
    MALE = "男", _("男")
    FEMALE = "女", _("女")


class BasicInfo(ChoiceDisplay, models.Model):
    """基本信息. Name, ID number, sex and date of birth come from the verified account."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, primary_key=True, related_name="basic")
    application_type = models.CharField(_("申请类型"), max_length=16, choices=ApplicationType.choices)
    qualification_direction = models.CharField(_("申请资格专业方向"), max_length=100)
    name = models.CharField(_("姓名"), max_length=50)
    former_name = models.CharField(_("曾用名"), max_length=50, blank=True, default="")
    id_number = models.CharField(_("身份证号"), max_length=32)
    photo = models.ForeignKey(
        "titles.Attachment",
        verbose_name=_("免冠照"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sex = models.CharField(_("性别"), max_length=2, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    work_started_on = models.DateField(_("参加工作时间"))
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("现工作单位"), on_delete=models.PROTECT, related_name="+")
    personnel_type = models.CharField(_("人员类型"), max_length=20, choices=PersonnelType.choices)
    archive_centre = models.ForeignKey(
        "accounts.TalentCentre",
        verbose_name=_("档案所在地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("档案由本单位保管的请选择“本单位”"),
    )
    phone = models.CharField(_("手机号"), max_length=11)
    email = models.EmailField(_("电子邮箱"), blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("基本信息")
        verbose_name_plural = _("基本信息")

    def __str__(self):
        return self.name


def attachment_upload_to(instance, filename):
    # Never the name the user gave: a random one with the extension the content proved.
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}[instance.content_type]
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A file proving something in a section row (or the 免冠照).

    Files are never removed while a frozen submission may point at them: deleting only
    sets deleted_at.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    section = models.CharField(_("栏目"), max_length=32)
    row_id = models.BigIntegerField(_("记录"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        indexes = [models.Index(fields=["application", "section", "row_id"])]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Submission(models.Model):
    """The frozen copy of an application as it was submitted: what reviewers read."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("第几次提交"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    data = models.JSONField(_("内容"))

    class Meta:
        verbose_name = _("提交记录")
        verbose_name_plural = _("提交记录")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="titles_submission_unique_number")
        ]

    def __str__(self):
        return f"{self.application} #{self.number}"


class ApplicationEvent(ChoiceDisplay, models.Model):
    """One change of state: who, in what role, from what to what, why, when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("角色"), max_length=32)
    action = models.CharField(_("操作"), max_length=32, choices=Action.choices)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("意见"), blank=True, default="")
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Education(models.TextChoices):
    DOCTOR = "doctor", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("中等专科")
    HIGH_SCHOOL = "high_school", _("高中及以下")


# Lower index = higher education; used by the eligibility rules.
EDUCATION_RANK = [
    Education.DOCTOR,
    Education.MASTER,
    Education.BACHELOR,
    Education.COLLEGE,
    Education.SECONDARY,
    Education.HIGH_SCHOOL,
]


class EligibilityRule(ChoiceDisplay, models.Model):
    """申报条件 for a level, checked as warnings in the preview (破格 applications exist).

    A rule for a series overrides the general rule (series empty) for the same level.
    """

    level = models.CharField(_("申报级别"), max_length=16, choices=Level.choices)
    series = models.ForeignKey(
        "titles.Series", verbose_name=_("系列"), null=True, blank=True, on_delete=models.CASCADE,
        help_text=_("留空表示适用于所有系列"),
    )  # fmt: skip
    years_in_previous_level = models.PositiveSmallIntegerField(
        _("任下一级职称年限"), default=0, help_text=_("取得下一级职称后须满的年数，0表示不检查")
    )
    min_education = models.CharField(
        _("最低学历"), max_length=16, choices=Education.choices, blank=True, default="", help_text=_("留空表示不检查")
    )
    ce_hours_per_year = models.PositiveSmallIntegerField(_("每年继续教育学时"), default=90, help_text=_("0表示不检查"))
    ce_years = models.PositiveSmallIntegerField(_("检查继续教育的年数"), default=3, help_text=_("最近几个年度"))

    class Meta:
        verbose_name = _("申报条件")
        verbose_name_plural = _("申报条件")
        constraints = [
            models.UniqueConstraint(fields=["level", "series"], name="titles_rule_unique_level_series"),
            models.UniqueConstraint(
                fields=["level"], condition=models.Q(series__isnull=True), name="titles_rule_unique_general_level"
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.series or _('所有系列')}"
