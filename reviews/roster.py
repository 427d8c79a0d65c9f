"""花名册: the filtered queue as an Excel workbook with the columns a committee reads."""

import json
import tempfile

from django.db.models import OuterRef, Subquery
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts.identity import mask_id_number_long, mask_phone
from reviews.models import ReviewerRole
from reviews.states import Role
from titles.models import Submission
from titles.sections import BY_KEY, ROW_SECTIONS

COLUMNS = [
    ("序号", 6), ("姓名", 10), ("性别", 6), ("出生日期", 12), ("身份证号", 22), ("工作单位", 30), ("主管部门", 24),
    ("系列", 12), ("专业", 14), ("申报职称", 14), ("级别", 8), ("申请类型", 10), ("最高学历", 12), ("现有职称", 16),
    ("参加工作时间", 14), ("评审委员会", 30), ("申报批次", 12), ("提交时间", 18), ("状态", 14), ("联系电话", 14),
]  # fmt: skip


# The two sections the roster reads, and where they sit in a frozen submission (titles.rendering
# writes them in the registry's order; each carries its key, checked before use).
EDUCATION, CURRENT_TITLE = "education", "current-title"
POSITION = {section.key: index for index, section in enumerate(ROW_SECTIONS)}


def _column(key: str, name: str) -> int:
    """Where the cell of field `name` sits in a frozen row of section `key`."""
    return [column for column, _label in BY_KEY[key].columns()].index(name)


EDUCATION_NAME, EDUCATION_HIGHEST = _column(EDUCATION, "education"), _column(EDUCATION, "is_highest")
TITLE_NAME = _column(CURRENT_TITLE, "title_name")


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _rows(application, annotated, key: str) -> list:
    """The frozen rows of section `key`: from the annotation when the section sits where the registry
    puts it, else (a submission frozen in an older order) looked up by key in the whole copy."""
    section = _json(annotated)
    if not section or section.get("key") != key:
        data = application.submissions.order_by("-number").values_list("data", flat=True).first() or {}
        section = next((s for s in data.get("sections", []) if s.get("key") == key), None)
    return section["rows"] if section else []


def _with_frozen_parts(applications):
    """Only the parts of the latest frozen submission the roster shows, not its every row."""
    latest = Submission.objects.filter(application=OuterRef("pk")).order_by("-number")
    return applications.select_related(
        "title__specialty__series", "unit__department", "batch__committee"
    ).annotate(
        roster_basic=Subquery(latest.values("data__basic__items")[:1]),
        roster_education=Subquery(latest.values(f"data__sections__{POSITION[EDUCATION]}")[:1]),
        roster_current=Subquery(latest.values(f"data__sections__{POSITION[CURRENT_TITLE]}")[:1]),
    )  # fmt: skip


def _values(number: int, application, full_numbers: bool) -> list:
    """One line of the roster, in COLUMNS' order."""
    basic = {item["name"]: item["value"] for item in _json(application.roster_basic) or []}
    yes = str(_("是"))
    education = next(
        (
            row["cells"][EDUCATION_NAME]
            for row in _rows(application, application.roster_education, EDUCATION)
            if row["cells"][EDUCATION_HIGHEST] == yes
        ),
        "",
    )
    current = ", ".join(
        row["cells"][TITLE_NAME] for row in _rows(application, application.roster_current, CURRENT_TITLE)
    )
    id_number, phone = basic.get("id_number", ""), basic.get("phone", "")
    title, unit, submitted = application.title, application.unit, application.submitted_at
    return [
        number, application.applicant_name, basic.get("sex", ""), basic.get("birth_date", ""),
        id_number if full_numbers else mask_id_number_long(id_number),
        unit.name if unit else "", unit.department.name if unit else "",
        title.specialty.series.name, title.specialty.name, title.name, title.get_level_display(),
        basic.get("application_type", ""), education, current, basic.get("work_started_on", ""),
        application.batch.committee.name, application.batch.name,
        timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M") if submitted else "",
        application.get_status_display(), phone if full_numbers else mask_phone(phone),
    ]  # fmt: skip


def _cell(sheet, value, font=None):
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text: nothing an applicant typed is evaluated
    if font is not None:
        cell.font = font
    return cell


def roster_response(role: ReviewerRole, applications) -> FileResponse:
    """The workbook for `applications`, built row by row into a temporary file and streamed from it,
    so a province-sized roster takes constant memory. Personal numbers are shown in full only to the
    committee, which needs them to issue certificates; other roles get them masked."""
    full_numbers = role.role == Role.COMMITTEE
    book = Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    for index, (_name, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    scope = str(role.scope)
    title_font, head_font = Font(bold=True, size=14), Font(bold=True)
    sheet.append(
        [_cell(sheet, f"{scope} 职称申报花名册（导出时间 {timezone.localtime():%Y-%m-%d %H:%M}）", title_font)]
    )
    sheet.append([_cell(sheet, name, head_font) for name, _width in COLUMNS])
    for number, application in enumerate(_with_frozen_parts(applications).iterator(chunk_size=500), start=1):
        sheet.append([_cell(sheet, value) for value in _values(number, application, full_numbers)])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    book.save(output)
    output.seek(0)
    filename = f"roster-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
