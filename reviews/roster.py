"""花名册: the filtered queue as an Excel workbook with the columns a committee reads."""

import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from accounts.identity import mask_id_number_long, mask_phone
from reviews.models import ReviewerRole, Role

COLUMNS = [
    ("序号", 6), ("姓名", 10), ("性别", 6), ("出生日期", 12), ("身份证号", 22), ("工作单位", 30), ("主管部门", 24),
    ("系列", 12), ("专业", 14), ("申报职称", 14), ("级别", 8), ("申请类型", 10), ("最高学历", 12), ("现有职称", 16),
    ("参加工作时间", 14), ("评审委员会", 30), ("申报批次", 12), ("提交时间", 18), ("状态", 14), ("联系电话", 14),
]  # fmt: skip


def _basic(submission_data) -> dict:
    return {item["name"]: item["value"] for item in submission_data["basic"]["items"]}


def _rows(section_data: dict) -> list:
    return section_data["rows"]


def roster_response(role: ReviewerRole, applications) -> HttpResponse:
    """The workbook for `applications`. Personal numbers are shown in full only to the committee,
    which needs them to issue certificates; other roles get them masked."""
    full_numbers = role.role == Role.COMMITTEE
    applications = applications.select_related(
        "title__specialty__series", "unit__department", "batch__committee"
    ).prefetch_related("submissions")
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    scope = str(role.scope)
    sheet.append([f"{scope} 职称申报花名册（导出时间 {timezone.localtime():%Y-%m-%d %H:%M}）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([name for name, _width in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for index, (_name, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    for number, application in enumerate(applications, start=1):
        submissions = sorted(application.submissions.all(), key=lambda s: s.number)
        data = submissions[-1].data if submissions else {"basic": {"items": []}, "sections": []}
        basic = _basic(data) if data["basic"].get("items") else {}
        sections = {s["key"]: s for s in data["sections"]}
        education = next(
            (r["cells"][0] for r in _rows(sections.get("education", {"rows": []})) if r["cells"][3] == "是"), ""
        )
        current = ", ".join(r["cells"][0] for r in _rows(sections.get("current-title", {"rows": []})))
        id_number = basic.get("id_number", "")
        phone = basic.get("phone", "")
        title = application.title
        submitted = application.submitted_at
        submitted = timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M") if submitted else ""
        sheet.append(
            [
                number, application.applicant_name, basic.get("sex", ""), basic.get("birth_date", ""),
                id_number if full_numbers else mask_id_number_long(id_number),
                application.unit.name if application.unit else "",
                application.unit.department.name if application.unit else "",
                title.specialty.series.name, title.specialty.name, title.name, title.get_level_display(),
                basic.get("application_type", ""), education, current, basic.get("work_started_on", ""),
                application.batch.committee.name, application.batch.name,
                submitted,
                application.get_status_display(), phone if full_numbers else mask_phone(phone),
            ]
        )  # fmt: skip
    # Text that looks like a formula stays text: no cell typed by an applicant is ever evaluated.
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"roster-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
