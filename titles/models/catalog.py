"""The catalog: 系列 → 专业 → 申报职称, the 评审委员会 that review titles, and their 申报批次."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceDisplay


class Level(models.TextChoices):
    CLERK = "clerk", _("员级")
    ASSISTANT = "assistant", _("助理级")
    INTERMEDIATE = "intermediate", _("中级")
    VICE_SENIOR = "vice_senior", _("副高级")
    SENIOR = "senior", _("正高级")


LEVEL_ORDER = [Level.CLERK, Level.ASSISTANT, Level.INTERMEDIATE, Level.VICE_SENIOR, Level.SENIOR]


class Series(models.Model):
    name = models.CharField(_("系列名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("系列")
        verbose_name_plural = _("系列")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Specialty(models.Model):
    series = models.ForeignKey(Series, verbose_name=_("系列"), on_delete=models.PROTECT, related_name="specialties")
    name = models.CharField(_("专业名称"), max_length=50)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("专业")
        verbose_name_plural = _("专业")
        ordering = ["series__order", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["series", "name"], name="titles_specialty_unique_name")]

    def __str__(self):
        return f"{self.series.name} / {self.name}"


class Title(ChoiceDisplay, models.Model):
    """申报职称, e.g. 高级经济师 (副高级) in 经济 / 经济专业."""

    specialty = models.ForeignKey(Specialty, verbose_name=_("专业"), on_delete=models.PROTECT, related_name="titles")
    name = models.CharField(_("职称名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)

    class Meta:
        verbose_name = _("申报职称")
        verbose_name_plural = _("申报职称")
        ordering = ["specialty", "level", "name"]
        constraints = [models.UniqueConstraint(fields=["specialty", "name"], name="titles_title_unique_name")]

    def __str__(self):
        return f"{self.name}（{self.get_level_display()}）"


class Committee(models.Model):
    """评审委员会, and which titles it reviews."""

    name = models.CharField(_("评审委员会名称"), max_length=100, unique=True)
    titles = models.ManyToManyField(Title, verbose_name=_("评审职称"), related_name="committees")

    class Meta:
        verbose_name = _("评审委员会")
        verbose_name_plural = _("评审委员会")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BatchQuerySet(models.QuerySet):
    def open(self, at=None):
        at = at or timezone.now()
        return self.filter(opens_at__lte=at, closes_at__gt=at)


class Batch(models.Model):
    """申报批次: a committee's window for applications; closes_at is 申请书提交截止时间."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("评审委员会"), on_delete=models.PROTECT, related_name="batches"
    )
    name = models.CharField(_("批次名称"), max_length=100)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("申请书提交截止时间"))

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报批次")
        verbose_name_plural = _("申报批次")
        ordering = ["-opens_at"]
        indexes = [models.Index(fields=["committee", "opens_at", "closes_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="titles_batch_closes_after_opening"
            )
        ]

    def __str__(self):
        return f"{self.committee.name} {self.name}"

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at
