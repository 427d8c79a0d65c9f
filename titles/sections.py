"""The registry of application sections: one declaration drives the views, forms and preview.

基本信息 comes first and is special (one record, saved before anything else); the 17 row
sections after it are declared here in the manual's order.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from titles import models as m


class Files:
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    model: type[models.Model] | None = None
    fields: tuple[str, ...] = ()
    required: bool = False  # at least one row before the application can be submitted
    files: str = Files.NONE
    files_label: str = _("证明材料")
    # A started_on/ended_on pair shown as one column ("2020-11-01至2020-11-10").
    period_label: str = ""

    @property
    def is_basic(self) -> bool:
        return self.model is None

    @property
    def related_name(self) -> str:
        return f"{self.model._meta.model_name}_rows"

    def columns(self) -> list[tuple[str, str]]:
        """(name, label) of each column the preview shows, with the period folded into one."""
        result = []
        for name in self.fields:
            if name == "ended_on" and self.period_label:
                continue
            if name == "started_on" and self.period_label:
                result.append(("period", str(self.period_label)))
                continue
            result.append((name, str(self.model._meta.get_field(name).verbose_name)))
        return result


BASIC = Section(key="basic", label=_("基本信息"), required=True)

PERIOD = ("started_on", "ended_on")

ROW_SECTIONS = [
    Section(
        "education", _("学历学位情况"), m.EducationRow,
        ("education", "degree", "certificate_no", "is_highest", "major", "study_mode", "school", "graduated_on"),
        required=True, files=Files.REQUIRED, files_label=_("证书图片"),
    ),
    Section(
        "current-title", _("现有职称"), m.CurrentTitleRow,
        ("title_name", "level", "specialty", "obtained_on", "issuer", "certificate_no"),
        files=Files.REQUIRED, files_label=_("证书图片"),
    ),
    Section(
        "admin-post", _("现(兼)任行政职务"), m.AdminPostRow,
        ("post_name", "unit_name", "post_type", *PERIOD), period_label=_("任职时间"),
    ),
    Section(
        "academic-post", _("学术团体职务"), m.AcademicPostRow, ("society", "post"),
        files=Files.REQUIRED, files_label=_("职务证明照片"),
    ),
    Section(
        "social-post", _("社会团体职务"), m.SocialPostRow, ("society", "post", *PERIOD),
        period_label=_("任职时间"), files=Files.OPTIONAL, files_label=_("职务证明照片"),
    ),
    Section(
        "training", _("进修或培训经历"), m.TrainingRow, (*PERIOD, "content", "institution", "hours"),
        period_label=_("起止时间"), files=Files.OPTIONAL, files_label=_("结业证书"),
    ),
    Section(
        "work-history", _("工作经历"), m.WorkHistoryRow, (*PERIOD, "unit_name", "work", "post"),
        required=True, period_label=_("起止时间"),
    ),
    Section(
        "achievement", _("工作业绩"), m.AchievementRow, ("name", *PERIOD, "role", "content"),
        required=True, period_label=_("起止时间"), files=Files.OPTIONAL,
    ),
    Section(
        "research", _("科研情况"), m.ResearchRow, ("name", "source", "level", "role", *PERIOD, "outcome"),
        period_label=_("起止时间"), files=Files.OPTIONAL,
    ),
    Section(
        "book", _("著(译)作情况"), m.BookRow, ("name", "publisher", "published_on", "isbn", "role", "words"),
        files=Files.REQUIRED, files_label=_("封面及版权页"),
    ),
    Section(
        "paper", _("发表论文情况"), m.PaperRow, ("title", "journal", "issn", "published_on", "rank"),
        files=Files.REQUIRED, files_label=_("刊物封面、目录及正文"),
    ),
    Section(
        "report", _("学术技术报告情况"), m.ReportRow, ("title", "occasion", "reported_on", "role"),
        files=Files.OPTIONAL,
    ),
    Section(
        "exam", _("专业考试成绩"), m.ExamRow, ("name", "subject", "score", "exam_on", "certificate_no"),
        files=Files.OPTIONAL, files_label=_("成绩证明"),
    ),
    Section(
        "patent", _("专利情况"), m.PatentRow, ("name", "kind", "number", "granted_on", "rank"),
        files=Files.REQUIRED, files_label=_("专利证书"),
    ),
    Section(
        "award", _("成果、获奖情况"), m.AwardRow, ("name", "grade", "issuer", "awarded_on", "rank"),
        files=Files.REQUIRED, files_label=_("获奖证书"),
    ),
    Section(
        "continuing-education", _("继续教育"), m.ContinuingEducationRow, ("year", "content", "hours", "way"),
        required=True, files=Files.OPTIONAL, files_label=_("学时证明"),
    ),
    Section(
        "other", _("其他附件"), m.OtherAttachmentRow, ("name", "note"), files=Files.REQUIRED, files_label=_("附件"),
    ),
]  # fmt: skip

SECTIONS = [BASIC, *ROW_SECTIONS]
BY_KEY = {section.key: section for section in SECTIONS}
