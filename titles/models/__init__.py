from titles.models.applications import (
    EDUCATION_RANK,
    Application,
    ApplicationEvent,
    ApplicationType,
    Attachment,
    BasicInfo,
    Education,
    EligibilityRule,
    PersonnelType,
    Sex,
    Submission,
)
from titles.models.catalog import LEVEL_ORDER, Batch, Committee, Level, Series, Specialty, Title
from titles.models.sections import (
    AcademicPostRow,
    AchievementRow,
    AdminPostRow,
    AwardRow,
    BookRow,
    ContinuingEducationRow,
    CurrentTitleRow,
    EducationRow,
    ExamRow,
    OtherAttachmentRow,
    PaperRow,
    PatentRow,
    ReportRow,
    ResearchRow,
    SocialPostRow,
    TrainingRow,
    WorkHistoryRow,
)

__all__ = [
    "EDUCATION_RANK", "LEVEL_ORDER", "AcademicPostRow", "AchievementRow", "AdminPostRow", "Application",
    "ApplicationEvent", "ApplicationType", "Attachment", "AwardRow", "BasicInfo", "Batch", "BookRow", "Committee",
    "ContinuingEducationRow", "CurrentTitleRow", "Education", "EducationRow", "EligibilityRule", "ExamRow", "Level",
    "OtherAttachmentRow", "PaperRow", "PatentRow", "PersonnelType", "ReportRow", "ResearchRow", "Series", "Sex",
    "SocialPostRow", "Specialty", "Submission", "Title", "TrainingRow", "WorkHistoryRow",
]  # fmt: skip
