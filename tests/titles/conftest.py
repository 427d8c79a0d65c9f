import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from accounts.models import TalentCentre
from titles.models import (
    AchievementRow,
    Application,
    Attachment,
    BasicInfo,
    ContinuingEducationRow,
    EducationRow,
    WorkHistoryRow,
)


def png_bytes(size=(60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(60, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 210, 230)).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A real one-page PDF (uploads are parsed: a file that only looks like a PDF is refused)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()


def picture(name="证书.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def photo(name="照片.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def new_application(applicant, catalog, **extra) -> Application:
    batch = catalog["open_batch"]
    return Application.objects.create(
        applicant=applicant,
        batch=batch,
        title=catalog["economics_senior_title"],
        applicant_name=applicant.real_name,
        pledged_at=timezone.now(),
        **extra,
    )


def attach(application, section, row_id, content=None, name="证书.png", content_type="image/png"):
    return Attachment.objects.create(
        application=application,
        section=section,
        row_id=row_id,
        file=ContentFile(content or png_bytes(), name="f.png" if content_type != "application/pdf" else "f.pdf"),
        original_name=name,
        content_type=content_type,
        size=len(content or png_bytes()),
    )


@pytest.fixture
def application(applicant, catalog):
    return new_application(applicant, catalog)


def fill_basic(application, unit, centre=None):
    account = application.applicant
    basic = BasicInfo.objects.create(
        application=application,
        application_type="normal",
        qualification_direction="经济管理",
        name=account.real_name,
        id_number=account.id_number,
        sex="男",
        birth_date=datetime.date(1990, 3, 7),
        work_started_on=datetime.date(2012, 7, 1),
        unit=unit,
        personnel_type="state_owned",
        archive_centre=centre,
        phone=account.phone,
    )
    basic.photo = attach(application, "basic", None, jpeg_bytes(), "照片.jpg", "image/jpeg")
    basic.save()
    Application.objects.filter(pk=application.pk).update(
        unit=unit, applicant_name=account.real_name, archive_centre=centre
    )
    return basic


def fill_complete(application, unit):
    """Everything a complete application needs: 基本信息 and one row in each required section."""
    fill_basic(application, unit, TalentCentre.objects.first())
    education = EducationRow.objects.create(
        application=application,
        education="bachelor",
        degree="bachelor",
        certificate_no="10654120120001",
        is_highest=True,
        major="经济学",
        study_mode="full_time",
        school="西南大学",
        graduated_on=datetime.date(2012, 6, 30),
    )
    attach(application, "education", education.pk)
    WorkHistoryRow.objects.create(
        application=application, started_on=datetime.date(2012, 7, 1), unit_name="重庆某公司", work="经济分析"
    )
    AchievementRow.objects.create(
        application=application,
        name="年度经营分析",
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2020, 12, 31),
        role="负责人",
        content="完成集团年度经营分析报告",
    )
    ContinuingEducationRow.objects.create(
        application=application,
        year=timezone.localtime(application.batch.closes_at).year - 1,
        content="专业课",
        hours=96,
        way="online",
    )
    application.refresh_from_db()
    return application
