"""花名册: the filtered queue as an Excel workbook with the columns a committee reads."""

import json
import tempfile

from django.db.models import OuterRef, Subquery
from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts.identity import mask_id_number_long, mask_phone
from reviews.models import ReviewerRole, Role
from titles.models import Submission
from titles.sections import ROW_SECTIONS

COLUMNS = [
    ("序号", 6), ("姓名", 10), ("性别", 6), ("出生日期", 12), ("身份证号", 22), ("工作单位", 30), ("主管部门", 24),
    ("系列", 12), ("专业", 14), ("申报职称", 14), ("级别", 8), ("申请类型", 10), ("最高学历", 12), ("现有职称", 16),
    ("参加工作时间", 14), ("评审委员会", 30), ("申报批次", 12), ("提交时间", 18), ("状态", 14), ("联系电话", 14),
]  # fmt: skip


# Where the two sections the roster reads sit in a frozen submission (titles.rendering keeps the registry's order).
EDUCATION = next(i for i, section in enumerate(ROW_SECTIONS) if section.key == "education")
CURRENT_TITLE = next(i for i, section in enumerate(ROW_SECTIONS) if section.key == "current-title")


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _rows(section_data, key: str) -> list:
    section = _json(section_data)
    return section["rows"] if section and section.get("key") == key else []


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
    latest = Submission.objects.filter(application=OuterRef("pk")).order_by("-number")
    applications = applications.select_related("title__specialty__series", "unit__department", "batch__committee")
    # Only the parts of the latest frozen submission the roster shows, not its every row.
    applications = applications.annotate(
        roster_basic=Subquery(latest.values("data__basic__items")[:1]),
        roster_education=Subquery(latest.values(f"data__sections__{EDUCATION}")[:1]),
        roster_current=Subquery(latest.values(f"data__sections__{CURRENT_TITLE}")[:1]),
    )
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
    for number, application in enumerate(applications.iterator(chunk_size=500), start=1):
        basic = {item["name"]: item["value"] for item in _json(application.roster_basic) or []}
        education = next(
            (r["cells"][0] for r in _rows(application.roster_education, "education") if r["cells"][3] == "是"), ""
        )
        current = ", ".join(r["cells"][0] for r in _rows(application.roster_current, "current-title"))
        id_number = basic.get("id_number", "")
        phone = basic.get("phone", "")
        title = application.title
        submitted = application.submitted_at
        submitted = timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M") if submitted else ""
        values = [
            number, application.applicant_name, basic.get("sex", ""), basic.get("birth_date", ""),
            id_number if full_numbers else mask_id_number_long(id_number),
            application.unit.name if application.unit else "",
            application.unit.department.name if application.unit else "",
            title.specialty.series.name, title.specialty.name, title.name, title.get_level_display(),
            basic.get("application_type", ""), education, current, basic.get("work_started_on", ""),
            application.batch.committee.name, application.batch.name,
            submitted,
            application.get_status_display(), phone if full_numbers else mask_phone(phone),
        ]  # fmt: skip
        sheet.append([_cell(sheet, value) for value in values])
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
