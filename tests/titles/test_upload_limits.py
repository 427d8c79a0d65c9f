"""Uploads through the application's pages: hostile files, the request size and what one application may hold."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests import hostile_files as hostile
from tests.titles.conftest import attach, fill_basic, picture
from tests.titles.test_sections import basic_data, education_data, section_url
from titles.models import Attachment, BasicInfo, EducationRow, WorkHistoryRow

MB = 1024 * 1024


@pytest.fixture
def filled(application, unit):
    fill_basic(application, unit)
    return application


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def work_row(**overrides) -> dict:
    return {"started_on": "2012-07-01", "unit_name": "重庆某公司", "work": "经济分析", **overrides}


# Hostile files through the real doors.


def test_html_appended_to_a_certificate_is_not_stored(owner, filled):
    response = owner.post(
        section_url(filled, "education"), education_data(files=[upload(hostile.jpeg_with_html(), "毕业证.jpg")])
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(section="education")
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    assert b"<script>" not in stored and stored.startswith(b"\xff\xd8")
    assert attachment.size == len(stored)  # the re-encoded size, not the uploaded one
    assert attachment.original_name == "毕业证.jpg" and attachment.content_type == "image/jpeg"


def test_the_photo_is_stored_without_its_gps_position(owner, application, unit):
    photo = upload(hostile.jpeg_with_gps(), "照片.jpg")
    response = owner.post(reverse("titles:basic", args=[application.pk]), basic_data(unit, photo_file=photo))
    assert response.status_code == 302
    attachment = BasicInfo.objects.get(application=application).photo
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    assert b"Exif" not in stored and attachment.size == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    assert attachment.original_name == "照片.jpg"


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_huge_photo_is_refused_with_the_input_kept(owner, application, unit):
    photo = upload(hostile.huge_png(), "照片.png")
    response = owner.post(
        reverse("titles:basic", args=[application.pk]), basic_data(unit, photo_file=photo, email="keep@example.com")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "图片尺寸过大（超过4000万像素），请缩小后重新上传" in page
    assert 'value="keep@example.com"' in page
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (hostile.FAKE_PDF, "该文件不是有效的PDF文件"),
        (hostile.pdf_with_open_action_js(), "PDF文件含有脚本或嵌入文件"),
        (hostile.pdf_with_embedded_file(), "PDF文件含有脚本或嵌入文件"),
    ],
    ids=["fake", "javascript", "embedded-file"],
)
def test_hostile_pdfs_are_refused_with_the_input_kept(owner, filled, content, message):
    response = owner.post(section_url(filled, "education"), education_data(files=[upload(content, "证书.pdf")]))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and 'value="西南大学"' in page
    assert not EducationRow.objects.exists() and not Attachment.objects.filter(section="education").exists()


def test_a_plain_pdf_is_stored(owner, filled):
    pdf = upload(hostile.clean_pdf(), "学位证.pdf")
    assert owner.post(section_url(filled, "education"), education_data(files=[pdf])).status_code == 302
    attachment = Attachment.objects.get(section="education")
    assert (attachment.content_type, attachment.original_name) == ("application/pdf", "学位证.pdf")


# What one request may send.


def test_an_oversized_request_is_refused_before_it_is_read(owner, filled, settings):
    settings.MAX_REQUEST_BYTES = 500
    response = owner.post(section_url(filled, "education"), education_data(files=[picture(), picture(), picture()]))
    assert response.status_code == 413
    page = response.content.decode()
    assert "提交的内容过大" in page and "<!doctype html>" in page.lower()  # the site's page, in Chinese
    assert not EducationRow.objects.exists()


def test_the_content_length_alone_decides(owner, filled, settings):
    settings.MAX_REQUEST_BYTES = 60 * MB
    response = owner.post(section_url(filled, "work-history"), work_row(), CONTENT_LENGTH=str(60 * MB + 1))
    assert response.status_code == 413
    assert not WorkHistoryRow.objects.exists()
    assert owner.post(section_url(filled, "work-history"), work_row()).status_code == 302
    # Before sessions and CSRF: the same for someone not logged in.
    response = Client().post(reverse("accounts:login"), {"username": "x"}, CONTENT_LENGTH=str(60 * MB + 1))
    assert response.status_code == 413 and "提交的内容过大" in response.content.decode()


def test_file_inputs_carry_their_limits_for_the_browser_check(owner, filled, settings):
    settings.MAX_REQUEST_BYTES = 3 * MB
    page = owner.get(section_url(filled, "education")).content.decode()
    assert f'data-max-bytes="{20 * MB}"' in page and f'data-max-total-bytes="{3 * MB}"' in page
    page = owner.get(reverse("titles:basic", args=[filled.pk])).content.decode()
    assert f'data-max-bytes="{5 * MB}"' in page


# What one application may hold.


def test_a_section_holds_at_most_the_configured_rows(owner, filled, settings):
    settings.APPLICATION_MAX_ROWS_PER_SECTION = 2
    url = section_url(filled, "work-history")
    for name in ("甲公司", "乙公司"):
        assert owner.post(url, work_row(unit_name=name)).status_code == 302
    response = owner.post(url, work_row(unit_name="丙公司"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "每个栏目最多填写2条记录" in page and 'value="丙公司"' in page
    assert WorkHistoryRow.objects.filter(application=filled).count() == 2
    # The rows there may still be changed.
    first = WorkHistoryRow.objects.filter(application=filled).first()
    assert owner.post(url, {**work_row(unit_name="改名公司"), "row": first.pk}).status_code == 302


def test_an_application_holds_at_most_the_configured_bytes_of_files(owner, filled, settings):
    used = Attachment.objects.get(application=filled).size  # the photo
    settings.APPLICATION_MAX_BYTES = used + 100
    response = owner.post(section_url(filled, "education"), education_data())
    page = response.content.decode()
    assert response.status_code == 400
    assert "申请书附件总大小不能超过0MB（已使用0MB）" in page
    assert 'value="西南大学"' in page
    assert not EducationRow.objects.exists() and Attachment.objects.count() == 1


def test_the_message_says_how_much_is_used(owner, filled, settings):
    settings.APPLICATION_MAX_BYTES = 200 * MB
    big = attach(filled, "other", None, b"x" * 100)
    Attachment.objects.filter(pk=big.pk).update(size=200 * MB - 10)
    response = owner.post(section_url(filled, "education"), education_data())
    assert "申请书附件总大小不能超过200MB（已使用200MB）" in response.content.decode()
    Attachment.objects.filter(pk=big.pk).update(size=int(150.25 * MB))
    assert owner.post(section_url(filled, "education"), education_data()).status_code == 302


def test_deleted_and_removed_files_do_not_count(owner, filled, settings):
    photo = Attachment.objects.get(application=filled)
    settings.APPLICATION_MAX_BYTES = photo.size + len(picture().read()) * 2
    url = section_url(filled, "education")
    assert owner.post(url, education_data()).status_code == 302  # two pictures: now full
    row = EducationRow.objects.get()
    files = list(Attachment.objects.filter(section="education"))
    response = owner.post(url, {**education_data(files=[picture()]), "row": row.pk})
    assert response.status_code == 400 and "申请书附件总大小不能超过" in response.content.decode()
    # Removing a file in the same save makes room for the new one.
    data = {**education_data(files=[picture("新证书.png")]), "row": row.pk, "remove_files": [files[0].pk]}
    assert owner.post(url, data).status_code == 302
    assert Attachment.objects.filter(section="education", deleted_at__isnull=True).count() == 2


def test_a_new_photo_counts_against_the_application(owner, filled, unit, settings):
    photo = Attachment.objects.get(application=filled)
    attach(filled, "other", None, b"x" * 5000)
    settings.APPLICATION_MAX_BYTES = photo.size + 5000  # full; replacing the photo frees its own size
    url = reverse("titles:basic", args=[filled.pk])
    assert owner.post(url, basic_data(unit)).status_code == 302
    settings.APPLICATION_MAX_BYTES = 5000
    response = owner.post(url, basic_data(unit, email="keep@example.com"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "申请书附件总大小不能超过" in page and 'value="keep@example.com"' in page
