"""The 17 row sections of an application (学历学位情况 … 其他附件), one model each.

They differ only in their fields; everything else about them is declared once in
titles.sections.SECTIONS.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceDisplay
from titles.models.applications import Application, Education
from titles.models.catalog import Level


class SectionRow(ChoiceDisplay, models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="%(class)s_rows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"


END_LABEL = _("结束时间")


def period(start_label, end_label=END_LABEL):
    """A started/ended pair of dates; an empty end means 至今."""
    return (
        models.DateField(start_label),
        models.DateField(end_label, null=True, blank=True, help_text=_("仍在继续的请留空（至今）")),
    )


class Degree(models.TextChoices):
    DOCTOR = "doctor", _("博士")
    MASTER = "master", _("硕士")
    BACHELOR = "bachelor", _("学士")
    NONE = "none", _("无")


class StudyMode(models.TextChoices):
    FULL_TIME = "full_time", _("全日制")
    PART_TIME = "part_time", _("非全日制")


class EducationRow(SectionRow):
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices)
    degree = models.CharField(_("学位"), max_length=16, choices=Degree.choices)
    certificate_no = models.CharField(_("证书号"), max_length=50)
    is_highest = models.BooleanField(_("是否最高"), default=False)
    major = models.CharField(_("专业"), max_length=100)
    study_mode = models.CharField(_("学制"), max_length=16, choices=StudyMode.choices)
    school = models.CharField(_("学校"), max_length=100)
    graduated_on = models.DateField(_("毕业时间"))

    class Meta(SectionRow.Meta):
        verbose_name = _("学历学位情况")


class CurrentTitleRow(SectionRow):
    title_name = models.CharField(_("职称名称"), max_length=50)
    level = models.CharField(_("职称级别"), max_length=16, choices=Level.choices)
    specialty = models.CharField(_("专业"), max_length=50)
    obtained_on = models.DateField(_("取得时间"))
    issuer = models.CharField(_("评审（认定）机构"), max_length=100)
    certificate_no = models.CharField(_("证书编号"), max_length=50)

    class Meta(SectionRow.Meta):
        verbose_name = _("现有职称")


class PostType(models.TextChoices):
    CURRENT = "current", _("现任")
    CONCURRENT = "concurrent", _("兼任")


class AdminPostRow(SectionRow):
    post_name = models.CharField(_("行政职务名称"), max_length=50)
    unit_name = models.CharField(_("单位名称"), max_length=100)
    post_type = models.CharField(_("任职类型"), max_length=16, choices=PostType.choices)
    started_on, ended_on = period(_("任职开始时间"), _("任职结束时间"))

    class Meta(SectionRow.Meta):
        verbose_name = _("现(兼)任行政职务")


class AcademicPostRow(SectionRow):
    society = models.CharField(_("学术团体名称"), max_length=100)
    post = models.CharField(_("职务名称"), max_length=50)

    class Meta(SectionRow.Meta):
        verbose_name = _("学术团体职务")


class SocialPostRow(SectionRow):
    society = models.CharField(_("社会团体名称"), max_length=100)
    post = models.CharField(_("职务名称"), max_length=50)
    started_on, ended_on = period(_("任职开始时间"), _("任职结束时间"))

    class Meta(SectionRow.Meta):
        verbose_name = _("社会团体职务")


class TrainingRow(SectionRow):
    started_on, ended_on = period(_("开始时间"))
    content = models.CharField(_("进修或培训内容"), max_length=200)
    institution = models.CharField(_("进修或培训机构"), max_length=100)
    hours = models.PositiveIntegerField(_("学时"), validators=[MaxValueValidator(5000)])

    class Meta(SectionRow.Meta):
        verbose_name = _("进修或培训经历")


class WorkHistoryRow(SectionRow):
    started_on, ended_on = period(_("开始时间"))
    unit_name = models.CharField(_("工作单位"), max_length=100)
    work = models.CharField(_("从事专业技术工作"), max_length=200)
    post = models.CharField(_("职务"), max_length=50, blank=True, default="")

    class Meta(SectionRow.Meta):
        verbose_name = _("工作经历")


class AchievementRow(SectionRow):
    name = models.CharField(_("项目（工作）名称"), max_length=200)
    started_on, ended_on = period(_("开始时间"))
    role = models.CharField(_("本人角色"), max_length=50)
    content = models.TextField(_("业绩内容"), max_length=2000)

    class Meta(SectionRow.Meta):
        verbose_name = _("工作业绩")


class ProjectLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省部级")
    MUNICIPAL = "municipal", _("市厅级")
    OTHER = "other", _("其他")


class ResearchRow(SectionRow):
    name = models.CharField(_("课题名称"), max_length=200)
    source = models.CharField(_("课题来源"), max_length=100)
    level = models.CharField(_("课题级别"), max_length=16, choices=ProjectLevel.choices)
    role = models.CharField(_("本人角色"), max_length=50)
    started_on, ended_on = period(_("开始时间"))
    outcome = models.CharField(_("完成情况"), max_length=200)

    class Meta(SectionRow.Meta):
        verbose_name = _("科研情况")


class BookRole(models.TextChoices):
    SOLE = "sole", _("独著")
    CHIEF = "chief", _("主编")
    DEPUTY = "deputy", _("副主编")
    CONTRIBUTOR = "contributor", _("参编")
    TRANSLATOR = "translator", _("译著")


class BookRow(SectionRow):
    name = models.CharField(_("著作名称"), max_length=200)
    publisher = models.CharField(_("出版社"), max_length=100)
    published_on = models.DateField(_("出版时间"))
    isbn = models.CharField(_("ISBN"), max_length=20)
    role = models.CharField(_("本人角色"), max_length=16, choices=BookRole.choices)
    words = models.DecimalField(
        _("本人撰写字数（万字）"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )

    class Meta(SectionRow.Meta):
        verbose_name = _("著(译)作情况")


class AuthorRank(models.TextChoices):
    SOLE = "sole", _("独立作者")
    FIRST = "first", _("第一作者")
    CORRESPONDING = "corresponding", _("通讯作者")
    OTHER = "other", _("其他作者")


class PaperRow(SectionRow):
    title = models.CharField(_("论文题目"), max_length=200)
    journal = models.CharField(_("刊物名称"), max_length=100)
    issn = models.CharField(_("刊号（ISSN/CN）"), max_length=50)
    published_on = models.DateField(_("发表时间"))
    rank = models.CharField(_("本人排名"), max_length=16, choices=AuthorRank.choices)

    class Meta(SectionRow.Meta):
        verbose_name = _("发表论文情况")


class ReportRow(SectionRow):
    title = models.CharField(_("报告题目"), max_length=200)
    occasion = models.CharField(_("报告会议（场合）"), max_length=200)
    reported_on = models.DateField(_("报告时间"))
    role = models.CharField(_("本人角色"), max_length=50)

    class Meta(SectionRow.Meta):
        verbose_name = _("学术技术报告情况")


class ExamRow(SectionRow):
    name = models.CharField(_("考试名称"), max_length=100)
    subject = models.CharField(_("考试科目"), max_length=100)
    score = models.CharField(_("成绩"), max_length=20)
    exam_on = models.DateField(_("考试时间"))
    certificate_no = models.CharField(_("合格证号"), max_length=50, blank=True, default="")

    class Meta(SectionRow.Meta):
        verbose_name = _("专业考试成绩")


class PatentKind(models.TextChoices):
    INVENTION = "invention", _("发明专利")
    UTILITY = "utility", _("实用新型专利")
    DESIGN = "design", _("外观设计专利")


class PatentRow(SectionRow):
    name = models.CharField(_("专利名称"), max_length=200)
    kind = models.CharField(_("专利类型"), max_length=16, choices=PatentKind.choices)
    number = models.CharField(_("专利号"), max_length=50)
    granted_on = models.DateField(_("授权时间"))
    rank = models.PositiveSmallIntegerField(_("本人排名"), validators=[MinValueValidator(1), MaxValueValidator(99)])

    class Meta(SectionRow.Meta):
        verbose_name = _("专利情况")


class AwardRow(SectionRow):
    name = models.CharField(_("成果（奖项）名称"), max_length=200)
    grade = models.CharField(_("奖励等级"), max_length=50)
    issuer = models.CharField(_("授奖部门"), max_length=100)
    awarded_on = models.DateField(_("获奖时间"))
    rank = models.PositiveSmallIntegerField(_("本人排名"), validators=[MinValueValidator(1), MaxValueValidator(99)])

    class Meta(SectionRow.Meta):
        verbose_name = _("成果、获奖情况")


class StudyWay(models.TextChoices):
    CLASSROOM = "classroom", _("面授")
    ONLINE = "online", _("网络学习")
    OTHER = "other", _("其他")


class ContinuingEducationRow(SectionRow):
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(1980), MaxValueValidator(2100)])
    content = models.CharField(_("学习内容"), max_length=200)
    hours = models.PositiveIntegerField(_("学时"), validators=[MaxValueValidator(2000)])
    way = models.CharField(_("学习方式"), max_length=16, choices=StudyWay.choices)

    class Meta(SectionRow.Meta):
        verbose_name = _("继续教育")


class OtherAttachmentRow(SectionRow):
    name = models.CharField(_("附件名称"), max_length=100)
    note = models.CharField(_("说明"), max_length=200, blank=True, default="")

    class Meta(SectionRow.Meta):
        verbose_name = _("其他附件")
