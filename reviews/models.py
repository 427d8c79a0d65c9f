from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceDisplay
from reviews.states import Role

SCOPE_FIELD = {Role.UNIT: "unit", Role.DEPARTMENT: "department", Role.CENTRE: "centre", Role.COMMITTEE: "committee"}


class ReviewerRole(ChoiceDisplay, models.Model):
    """A person's reviewing duty and its scope: one unit, department, talent centre or committee."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="reviewer_roles"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("工作单位"), null=True, blank=True, on_delete=models.CASCADE
    )
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("主管部门"), null=True, blank=True, on_delete=models.CASCADE
    )
    centre = models.ForeignKey(
        "accounts.TalentCentre", verbose_name=_("人才交流服务中心"), null=True, blank=True, on_delete=models.CASCADE
    )
    committee = models.ForeignKey(
        "titles.Committee", verbose_name=_("评审委员会"), null=True, blank=True, on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("审核人")
        verbose_name_plural = _("审核人")
        constraints = [
            # Exactly the scope that matches the role is set.
            models.CheckConstraint(
                condition=(
                    Q(
                        role="unit",
                        unit__isnull=False,
                        department__isnull=True,
                        centre__isnull=True,
                        committee__isnull=True,
                    )
                    | Q(
                        role="department",
                        unit__isnull=True,
                        department__isnull=False,
                        centre__isnull=True,
                        committee__isnull=True,
                    )
                    | Q(
                        role="centre",
                        unit__isnull=True,
                        department__isnull=True,
                        centre__isnull=False,
                        committee__isnull=True,
                    )
                    | Q(
                        role="committee",
                        unit__isnull=True,
                        department__isnull=True,
                        centre__isnull=True,
                        committee__isnull=False,
                    )
                ),
                name="reviews_role_scope_matches",
            ),  # fmt: skip
            models.UniqueConstraint(
                fields=["user", "role", "unit", "department", "centre", "committee"], name="reviews_role_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.get_role_display()} {self.scope}"

    @property
    def scope(self):
        return getattr(self, SCOPE_FIELD[Role(self.role)])


class Publicity(ChoiceDisplay, models.Model):
    """单位公示: an application shown on the public notice board for a period."""

    application = models.ForeignKey("titles.Application", on_delete=models.CASCADE, related_name="publicities")
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("公示单位"), on_delete=models.PROTECT)
    starts_on = models.DateField(_("公示开始日期"))
    ends_on = models.DateField(_("公示结束日期"))
    # Set when the application is returned or rejected during its publicity: the notice comes down.
    ended_early = models.BooleanField(_("提前结束"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("单位公示")
        verbose_name_plural = _("单位公示")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["starts_on", "ends_on"]), models.Index(fields=["unit", "ends_on"])]

    def __str__(self):
        return f"{self.application} {self.starts_on}—{self.ends_on}"


class Objection(ChoiceDisplay, models.Model):
    """异议: filed by anyone against an application on publicity; the unit must settle it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        SETTLED = "settled", _("已处理")

    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="objections")
    name = models.CharField(_("异议人姓名"), max_length=50, blank=True, default="")
    phone = models.CharField(_("联系电话"), max_length=20)
    content = models.TextField(_("异议内容"), max_length=2000)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    settlement = models.TextField(_("处理结果"), blank=True, default="")
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["publicity", "status"])]

    def __str__(self):
        return f"{self.publicity.application} {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CommitteeVote(models.Model):
    """评审委员会 vote: passes with at least two thirds of the experts present voting for."""

    application = models.OneToOneField("titles.Application", on_delete=models.CASCADE, related_name="vote")
    experts_present = models.PositiveSmallIntegerField(_("出席专家人数"))
    votes_for = models.PositiveSmallIntegerField(_("同意票数"))
    passed = models.BooleanField(_("是否通过"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("评审表决")
        verbose_name_plural = _("评审表决")
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__lte=models.F("experts_present")), name="reviews_vote_le_present"
            )
        ]

    def __str__(self):
        return f"{self.votes_for}/{self.experts_present}"


class CalendarDay(models.Model):
    """A day whose working status differs from the weekday rule: a holiday, or an adjusted work day (调休)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=50, blank=True, default="")

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'上班' if self.is_working_day else '休息'} {self.note}"


class CalendarYear(models.Model):
    """A year whose holidays have been entered in CalendarDay, so working days can be counted in it."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)

    class Meta:
        verbose_name = _("已录入节假日的年份")
        verbose_name_plural = _("已录入节假日的年份")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)
