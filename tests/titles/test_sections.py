import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import TalentCentre, Unit
from tests.titles.conftest import PDF_BYTES, attach, fill_basic, new_application, photo, picture
from titles.models import Attachment, BasicInfo, EducationRow, WorkHistoryRow


def basic_data(unit, **overrides):
    data = {
        "application_type": "normal",
        "qualification_direction": "经济管理",
        "former_name": "",
        "work_started_on": "2012-07-01",
        "unit": unit.pk,
        "personnel_type": "state_owned",
        "archive_centre": "",
        "phone": "13812345678",
        "email": "zs@example.com",
        "photo_file": photo(),
    }
    data.update(overrides)
    return data


def education_data(**overrides):
    data = {
        "education": "bachelor",
        "degree": "bachelor",
        "certificate_no": "10654120120001",
        "is_highest": "on",
        "major": "经济学",
        "study_mode": "full_time",
        "school": "西南大学",
        "graduated_on": "2012-06-30",
        "files": [picture("毕业证.png"), picture("学位证.png")],
    }
    data.update(overrides)
    return data


def section_url(application, key):
    return reverse("titles:section", args=[application.pk, key])


def test_the_form_shows_the_18_sections_in_the_manuals_order(owner, application):
    page = owner.get(reverse("titles:basic", args=[application.pk])).content.decode()
    order = [
        "基本信息", "学历学位情况", "现有职称", "现(兼)任行政职务", "学术团体职务", "社会团体职务", "进修或培训经历",
        "工作经历", "工作业绩", "科研情况", "著(译)作情况", "发表论文情况", "学术技术报告情况", "专业考试成绩",
        "专利情况", "成果、获奖情况", "继续教育", "其他附件",
    ]  # fmt: skip
    menu = page[page.index("section-menu") :]
    positions = [menu.index(label) for label in order]
    assert positions == sorted(positions)
    assert "我要提交" in page
    assert "您当前选择的是:" in page and "请先填写完基本信息，点击保存" in page
    for label in ("申请类型", "申请资格专业方向", "姓名", "曾用名", "身份证号", "免冠照", "性别", "出生日期",
                  "参加工作时间", "现工作单位", "人员类型", "档案所在地", "手机号", "电子邮箱"):  # fmt: skip
        assert label in page


def test_other_sections_wait_for_the_basic_info(owner, application):
    response = owner.get(section_url(application, "education"))
    assert response.status_code == 302 and response.url == reverse("titles:basic", args=[application.pk])


def test_saving_the_basic_info_takes_name_id_sex_and_birth_from_the_account(owner, application, applicant, unit):
    response = owner.post(reverse("titles:basic", args=[application.pk]), basic_data(unit, sex="女", name="别人"))
    assert response.status_code == 302
    basic = BasicInfo.objects.get(application=application)
    assert (basic.name, basic.id_number) == (applicant.real_name, applicant.id_number)
    assert basic.sex == "男"  # from the ID number, whatever was posted
    assert basic.birth_date.isoformat() == "1990-03-07"
    assert basic.photo.content_type == "image/jpeg" and basic.photo.original_name == "照片.jpg"
    application.refresh_from_db()
    assert application.unit == unit and application.applicant_name == applicant.real_name
    # the next section opens
    assert owner.get(section_url(application, "education")).status_code == 200


def test_basic_info_errors_keep_the_input(owner, application, unit):
    response = owner.post(
        reverse("titles:basic", args=[application.pk]),
        basic_data(unit, qualification_direction="", phone="123", work_started_on="2999-01-01"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "请填写申请资格专业方向" in page
    assert "请输入正确的11位手机号码" in page
    assert "参加工作时间不能晚于今天" in page
    assert 'value="zs@example.com"' in page and 'value="123"' in page
    assert "请重新选择文件" in page
    assert not BasicInfo.objects.exists()


def test_the_photo_is_required_once(owner, application, unit):
    response = owner.post(reverse("titles:basic", args=[application.pk]), basic_data(unit, photo_file=""))
    assert "请上传免冠照" in response.content.decode()
    owner.post(reverse("titles:basic", args=[application.pk]), basic_data(unit))
    response = owner.post(
        reverse("titles:basic", args=[application.pk]), basic_data(unit, photo_file="", qualification_direction="金融")
    )
    assert response.status_code == 302
    assert BasicInfo.objects.get().qualification_direction == "金融"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("photo.jpg", b"GIF89a not really", content_type="image/jpeg"), "无法识别为图片"),
        (SimpleUploadedFile("photo.pdf", PDF_BYTES, content_type="application/pdf"), "无法识别为图片"),
    ],
)
def test_a_fake_photo_is_refused_and_nothing_saved(owner, application, unit, upload, message):
    response = owner.post(reverse("titles:basic", args=[application.pk]), basic_data(unit, photo_file=upload))
    assert message in response.content.decode()
    assert not BasicInfo.objects.exists() and not Attachment.objects.exists()


def test_an_oversized_photo_is_refused(owner, application, unit, monkeypatch):
    monkeypatch.setattr("core.uploads.MAX_PICTURE_BYTES", 100)
    response = owner.post(reverse("titles:basic", args=[application.pk]), basic_data(unit))
    assert "图片不能超过5MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_only_approved_units_can_be_chosen(owner, application, catalog):
    pending = Unit.objects.get(status=Unit.Status.PENDING)
    response = owner.post(reverse("titles:basic", args=[application.pk]), basic_data(pending))
    assert "选择一个有效的选项" in response.content.decode()
    assert pending.name not in response.content.decode()


def test_rows_are_added_edited_and_deleted_with_their_files(owner, application, unit):
    fill_basic(application, unit)
    url = section_url(application, "education")
    response = owner.post(url, education_data())
    assert response.status_code == 302
    row = EducationRow.objects.get(application=application)
    files = Attachment.objects.filter(section="education", row_id=row.pk)
    assert sorted(f.original_name for f in files) == ["学位证.png", "毕业证.png"]
    assert all(f.file.name.endswith(".png") and "证" not in f.file.name for f in files)

    page = owner.get(url).content.decode()
    assert "西南大学" in page and "2012-06-30" in page and "大学本科" in page

    first = files.order_by("pk").first()
    response = owner.post(
        url, {**education_data(school="重庆大学", files=[]), "row": row.pk, "remove_files": [first.pk]}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.school == "重庆大学"
    assert Attachment.objects.filter(row_id=row.pk, deleted_at__isnull=True).count() == 1

    owner.post(reverse("titles:row_delete", args=[application.pk, "education", row.pk]))
    assert not EducationRow.objects.exists()
    assert not Attachment.objects.filter(section="education", deleted_at__isnull=True).exists()


def test_a_row_that_proves_something_needs_its_file(owner, application, unit):
    fill_basic(application, unit)
    response = owner.post(section_url(application, "education"), education_data(files=[]))
    assert "请上传证书图片" in response.content.decode()
    assert not EducationRow.objects.exists()


def test_pdfs_are_accepted_by_content_and_fakes_refused(owner, application, unit):
    fill_basic(application, unit)
    url = section_url(application, "education")
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    response = owner.post(url, education_data(files=[fake]))
    page = response.content.decode()
    assert "不是有效的JPG、PNG图片或PDF文件" in page
    assert 'value="西南大学"' in page
    assert not EducationRow.objects.exists()
    real = SimpleUploadedFile("scan.bin", PDF_BYTES, content_type="application/octet-stream")
    assert owner.post(url, education_data(files=[real])).status_code == 302
    assert Attachment.objects.get(section="education").content_type == "application/pdf"


def test_an_oversized_pdf_is_refused(owner, application, unit, monkeypatch):
    monkeypatch.setattr("core.uploads.MAX_PDF_BYTES", 10)
    fill_basic(application, unit)
    pdf = SimpleUploadedFile("big.pdf", PDF_BYTES, content_type="application/pdf")
    response = owner.post(section_url(application, "education"), education_data(files=[pdf]))
    assert "PDF文件不能超过20MB" in response.content.decode()


def test_row_errors_are_shown_with_the_input_kept(owner, application, unit):
    fill_basic(application, unit)
    url = section_url(application, "work-history")
    data = {"started_on": "2020-05-01", "ended_on": "2019-01-01", "unit_name": "某单位", "work": ""}
    response = owner.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "结束时间不能早于开始时间" in page and "请填写从事专业技术工作" in page
    assert 'value="某单位"' in page and 'value="2020-05-01"' in page
    assert not WorkHistoryRow.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"year": "abc", "content": "x", "hours": "-5", "way": "online"},
        {"year": "2025", "content": "x" * 5000, "hours": "10", "way": "teleport"},
        {"year": "99999999999999999999", "content": "x", "hours": "1e9", "way": "online"},
    ],
)
def test_nonsense_input_gives_messages_not_a_500(owner, application, unit, data):
    fill_basic(application, unit)
    response = owner.post(section_url(application, "continuing-education"), data)
    assert response.status_code == 400


def test_unknown_sections_and_rows_are_404(owner, application, unit):
    fill_basic(application, unit)
    assert owner.get(section_url(application, "nonsense")).status_code == 404
    assert owner.get(section_url(application, "basic")).status_code == 404
    assert owner.get(section_url(application, "education") + "?edit=999999").status_code == 404


def test_someone_elses_application_and_files_are_404(client, application, other_applicant, unit):
    basic = fill_basic(application, unit)
    row = WorkHistoryRow.objects.create(application=application, started_on="2012-07-01", unit_name="x", work="y")
    client.force_login(other_applicant)
    for url in (
        reverse("titles:basic", args=[application.pk]),
        section_url(application, "education"),
        reverse("titles:preview", args=[application.pk]),
        reverse("titles:attachment", args=[basic.photo_id]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("titles:submit", args=[application.pk]),
        reverse("titles:delete", args=[application.pk]),
        reverse("titles:row_delete", args=[application.pk, "work-history", row.pk]),
        section_url(application, "work-history"),
    ):
        assert client.post(url, {"unit_name": "hijack"}).status_code == 404, url
    assert WorkHistoryRow.objects.get().unit_name == "x"


def test_the_owner_sees_the_file_inline_and_private(owner, application, unit):
    basic = fill_basic(application, unit)
    response = owner.get(reverse("titles:attachment", args=[basic.photo_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]


def test_a_section_page_costs_the_same_queries_however_many_rows(owner, application, unit):
    fill_basic(application, unit, TalentCentre.objects.first())
    url = section_url(application, "education")

    def count():
        owner.get(url)  # the reviewer flag of the menu is cached from here on
        with CaptureQueriesContext(connection) as queries:
            assert owner.get(url).status_code == 200
        return len(queries)

    for _ in range(2):
        row = EducationRow.objects.create(
            application=application, education="bachelor", degree="bachelor", certificate_no="1", major="m",
            study_mode="full_time", school="s", graduated_on="2010-01-01",
        )  # fmt: skip
        attach(application, "education", row.pk)
    few = count()
    for _ in range(8):
        row = EducationRow.objects.create(
            application=application, education="master", degree="master", certificate_no="2", major="m",
            study_mode="full_time", school="s", graduated_on="2012-01-01",
        )  # fmt: skip
        attach(application, "education", row.pk)
        attach(application, "education", row.pk)
    assert count() == few


def test_crafted_rows_and_files_of_others_are_refused(owner, application, unit, other_applicant, catalog):
    fill_basic(application, unit)
    theirs = new_application(other_applicant, catalog)
    their_row = WorkHistoryRow.objects.create(application=theirs, started_on="2010-01-01", unit_name="他人", work="w")
    their_file = attach(theirs, "work-history", their_row.pk)
    url = section_url(application, "work-history")
    data = {"started_on": "2011-01-01", "unit_name": "改写", "work": "w"}
    assert owner.post(url, {**data, "row": their_row.pk}).status_code == 404
    mine = WorkHistoryRow.objects.create(application=application, started_on="2011-01-01", unit_name="我的", work="w")
    education_url = section_url(application, "education")
    assert owner.post(education_url, {**education_data(), "row": mine.pk}).status_code == 404  # another section's row
    owner.post(section_url(application, "education"), {**education_data(), "remove_files": [their_file.pk]})
    their_row.refresh_from_db()
    their_file.refresh_from_db()
    assert their_row.unit_name == "他人" and their_file.deleted_at is None
    response = owner.post(reverse("titles:row_delete", args=[application.pk, "work-history", their_row.pk]))
    assert response.status_code == 404
    assert WorkHistoryRow.objects.filter(pk=their_row.pk).exists()


def test_a_row_holds_at_most_ten_files(owner, application, unit):
    fill_basic(application, unit)
    row = EducationRow.objects.create(
        application=application, education="bachelor", degree="bachelor", certificate_no="1", major="m",
        study_mode="full_time", school="s", graduated_on="2010-01-01",
    )  # fmt: skip
    for _ in range(9):
        attach(application, "education", row.pk)
    url = section_url(application, "education")
    response = owner.post(url, {**education_data(), "row": row.pk})  # two more
    assert "每条记录最多上传10个文件" in response.content.decode()


def test_an_empty_post_shows_what_is_missing(owner, application, unit):
    fill_basic(application, unit)
    response = owner.post(section_url(application, "work-history"), {})
    assert response.status_code == 400
    assert "请填写工作单位" in response.content.decode()


def test_copying_keeps_the_rows_when_the_old_unit_is_gone(owner, applicant, catalog, unit):
    from tests.titles.conftest import fill_complete
    from titles.models import Application

    old = fill_complete(new_application(applicant, catalog), unit)
    Application.objects.filter(pk=old.pk).update(batch=catalog["closed_batch"])
    Unit.objects.filter(pk=unit.pk).update(status=Unit.Status.PENDING)
    chain = catalog["economics_senior_title"]
    data = {
        "series": chain.specialty.series_id, "specialty": chain.specialty_id, "title": chain.pk,
        "committee": catalog["open_batch"].committee_id, "pledge": "on", "copy_from": old.pk,
    }  # fmt: skip
    owner.post(reverse("titles:new"), data)
    new = Application.objects.exclude(pk=old.pk).get()
    assert not BasicInfo.objects.filter(application=new).exists()  # to be filled with a current unit
    assert WorkHistoryRow.objects.filter(application=new).count() == 1
    assert not Attachment.objects.filter(application=new, section="basic").exists()
