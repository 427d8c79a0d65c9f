import datetime
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import main_text
from tests.titles.conftest import attach, fill_basic, fill_complete, new_application
from titles.models import (
    Application,
    ApplicationEvent,
    Batch,
    ContinuingEducationRow,
    CurrentTitleRow,
    EducationRow,
    Submission,
    WorkHistoryRow,
)

LIST = reverse("titles:list")


@pytest.fixture
def complete(applicant, catalog, unit):
    return fill_complete(new_application(applicant, catalog), unit)


def extra_batches(catalog, count):
    committee = catalog["open_batch"].committee
    now = timezone.now()
    return [
        Batch.objects.create(
            committee=committee,
            name=f"补充批次{i}",
            opens_at=now - datetime.timedelta(days=400 + i),
            closes_at=now - datetime.timedelta(days=300 + i),
        )
        for i in range(count)
    ]


def test_the_list_has_the_manuals_columns_stage_bar_and_actions(owner, complete):
    page = main_text(owner.get(LIST))
    for text in (
        "新增申请书",
        "序号",
        "申请人",
        "工作单位",
        "评审委员会",
        "提交时间",
        "状态",
        "操作",
        "编辑/提交",
        "删除",
    ):
        assert text in page
    for stage in ("填写中", "单位审核", "单位公示", "单位上报", "主管部门审核", "人才交流中心", "评审委员会审核"):
        assert stage in page
    assert '<li class="stage current" aria-current="step">填写中</li>' in page
    assert "共 1 条" in page and "1 / 1 页" in page
    assert complete.unit.name in page and "重庆市经济专业高级职务评审委员会" in page


def test_the_list_pages_by_ten(owner, applicant, catalog):
    for batch in [catalog["open_batch"], *extra_batches(catalog, 11)]:
        Application.objects.create(
            applicant=applicant, batch=batch, title=catalog["economics_senior_title"], pledged_at=timezone.now()
        )
    page = owner.get(LIST).content.decode()
    assert "共 12 条" in page and "1 / 2 页" in page and page.count("编辑/提交") == 10
    page = owner.get(LIST, {"page": 2}).content.decode()
    assert "2 / 2 页" in page and page.count("编辑/提交") == 2
    assert owner.get(LIST, {"page": "abc"}).status_code == 200


def test_the_list_costs_the_same_queries_however_many_applications(owner, applicant, catalog):
    batches = [catalog["open_batch"], *extra_batches(catalog, 9)]

    def count():
        owner.get(LIST)  # the reviewer flag of the menu is cached from here on
        with CaptureQueriesContext(connection) as queries:
            owner.get(LIST)
        return len(queries)

    for batch in batches[:2]:
        Application.objects.create(
            applicant=applicant, batch=batch, title=catalog["economics_senior_title"], pledged_at=timezone.now()
        )
    few = count()
    for batch in batches[2:]:
        Application.objects.create(
            applicant=applicant, batch=batch, title=catalog["economics_senior_title"], pledged_at=timezone.now()
        )
    assert count() == few


def test_the_list_shows_only_ones_own(owner, other_applicant, catalog):
    new_application(other_applicant, catalog)
    assert "共 0 条" in owner.get(LIST).content.decode()


def test_a_draft_can_be_deleted_with_its_files(owner, complete, django_capture_on_commit_callbacks):
    files = [a.file.path for a in complete.attachments.all()]
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(reverse("titles:delete", args=[complete.pk]))
    assert response.url == LIST
    assert not Application.objects.exists()
    assert files and not any(os.path.exists(path) for path in files)


def test_preview_lists_every_gap_with_a_link(owner, applicant, catalog, unit):
    application = new_application(applicant, catalog)
    fill_basic(application, unit)
    row = EducationRow.objects.create(
        application=application, education="bachelor", degree="bachelor", certificate_no="1", major="m",
        study_mode="full_time", school="s", graduated_on="2010-01-01",
    )  # fmt: skip
    page = main_text(owner.get(reverse("titles:preview", args=[application.pk])))
    assert "申请书预览" in page and "继续提交" in page and "取消" in page
    assert "漏填" in page
    assert "第1条未上传证书图片" in page
    for key, label in (("work-history", "工作经历"), ("achievement", "工作业绩"), ("continuing-education", "继续教育")):
        assert reverse("titles:section", args=[application.pk, key]) in page
        assert f"至少填写一条{label}" in page
    attach(application, "education", row.pk)
    assert "第1条未上传证书图片" not in owner.get(reverse("titles:preview", args=[application.pk])).content.decode()


def test_preview_of_an_empty_application_points_to_the_basic_info(owner, applicant, catalog):
    application = new_application(applicant, catalog)
    page = owner.get(reverse("titles:preview", args=[application.pk])).content.decode()
    assert "请先填写完基本信息，点击保存" in page


def test_submitting_an_incomplete_application_is_refused_with_the_gaps(owner, applicant, catalog, unit):
    application = new_application(applicant, catalog)
    fill_basic(application, unit)
    response = owner.post(reverse("titles:submit", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "申请书还有未填写完整的内容" in page and "至少填写一条工作经历" in page
    application.refresh_from_db()
    assert application.status == "draft" and not Submission.objects.exists()


def test_a_complete_application_is_submitted_and_frozen(owner, applicant, complete):
    response = owner.post(reverse("titles:submit", args=[complete.pk]))
    assert response.url == LIST
    page = owner.get(LIST).content.decode()
    assert "提交成功" in page and "待单位审核" in page and "查看" in page
    assert '<li class="stage current" aria-current="step">单位审核</li>' in page
    complete.refresh_from_db()
    assert complete.status == "unit_review" and complete.submitted_at is not None
    submission = Submission.objects.get(application=complete)
    assert submission.number == 1
    assert submission.data["basic"]["items"][0]["value"] == "正常申报"
    assert submission.data["sections"][0]["rows"][0]["cells"][6] == "西南大学"
    event = ApplicationEvent.objects.get(application=complete)
    assert (event.from_status, event.to_status, event.actor, event.action) == (
        "draft",
        "unit_review",
        applicant,
        "submit",
    )


def test_after_submitting_nothing_can_be_changed(owner, complete):
    owner.post(reverse("titles:submit", args=[complete.pk]))
    row = WorkHistoryRow.objects.get(application=complete)
    for url in (
        reverse("titles:basic", args=[complete.pk]),
        reverse("titles:section", args=[complete.pk, "work-history"]),
    ):
        response = owner.get(url)
        assert response.status_code == 302 and response.url == reverse("titles:preview", args=[complete.pk])
        owner.post(url, {"started_on": "2000-01-01", "unit_name": "改", "work": "改", "qualification_direction": "改"})
    owner.post(reverse("titles:row_delete", args=[complete.pk, "work-history", row.pk]))
    owner.post(reverse("titles:delete", args=[complete.pk]))
    assert WorkHistoryRow.objects.get(application=complete).unit_name == "重庆某公司"
    assert complete.basic.qualification_direction == "经济管理"
    assert Application.objects.filter(pk=complete.pk).exists()
    # and the read-only view shows the frozen copy
    page = owner.get(reverse("titles:preview", args=[complete.pk])).content.decode()
    assert "重庆某公司" in page and "继续提交" not in page and "待单位审核" in page


def test_a_second_submit_is_refused(owner, complete):
    owner.post(reverse("titles:submit", args=[complete.pk]))
    response = owner.post(reverse("titles:submit", args=[complete.pk]))
    assert "该申请书已提交" in response.content.decode()
    assert Submission.objects.count() == 1


def test_submitting_after_the_deadline_is_refused_with_the_deadline(owner, complete):
    closes = timezone.now() - datetime.timedelta(minutes=1)
    Batch.objects.filter(pk=complete.batch_id).update(closes_at=closes)
    response = owner.post(reverse("titles:submit", args=[complete.pk]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "已超过申请书提交截止时间" in page and timezone.localtime(closes).strftime("%Y-%m-%d %H:%M") in page
    complete.refresh_from_db()
    assert complete.status == "draft"


def test_preview_shows_eligibility_warnings_without_blocking(owner, complete):
    page = owner.get(reverse("titles:preview", args=[complete.pk])).content.decode()
    assert "申报条件自查" in page
    assert "未填写中级及以上的现有职称" in page
    year = timezone.localtime(complete.batch.closes_at).year
    assert f"{year - 2}年度继续教育0学时" in page
    assert f"{year - 1}年度继续教育" not in page  # 96 hours in the year fill_complete records
    current = CurrentTitleRow.objects.create(
        application=complete, title_name="经济师", level="intermediate", specialty="经济",
        obtained_on=datetime.date(2015, 1, 1), issuer="重庆市人力社保局", certificate_no="1",
    )  # fmt: skip
    attach(complete, "current-title", current.pk)
    for offset in (1, 2, 3):
        ContinuingEducationRow.objects.create(
            application=complete, year=year - offset, content="c", hours=90, way="online"
        )
    page = owner.get(reverse("titles:preview", args=[complete.pk])).content.decode()
    assert "申报条件自查" not in page
    assert owner.post(reverse("titles:submit", args=[complete.pk])).status_code == 302


def test_too_few_years_in_the_current_title_warns(owner, complete):
    recent = timezone.localdate() - datetime.timedelta(days=365 * 2)
    CurrentTitleRow.objects.create(
        application=complete, title_name="经济师", level="intermediate", specialty="经济", obtained_on=recent,
        issuer="x", certificate_no="1",
    )  # fmt: skip
    page = owner.get(reverse("titles:preview", args=[complete.pk])).content.decode()
    assert "取得中级职称至申报截止时满2年，申报副高级一般须满5年" in page


def test_the_preview_costs_the_same_queries_however_many_rows(owner, complete):
    url = reverse("titles:preview", args=[complete.pk])

    def count():
        owner.get(url)  # the reviewer flag of the menu is cached from here on
        with CaptureQueriesContext(connection) as queries:
            assert owner.get(url).status_code == 200
        return len(queries)

    few = count()
    for i in range(6):
        row = EducationRow.objects.create(
            application=complete, education="master", degree="master", certificate_no=str(i), major="m",
            study_mode="full_time", school="s", graduated_on="2015-01-01",
        )  # fmt: skip
        attach(complete, "education", row.pk)
        WorkHistoryRow.objects.create(application=complete, started_on="2001-01-01", unit_name="u", work="w")
        ContinuingEducationRow.objects.create(
            application=complete, year=2020 + i % 5, content="c", hours=5, way="online"
        )
    assert count() == few
