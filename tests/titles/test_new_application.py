import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.states import Status
from tests.conftest import main_text, make_user
from tests.titles.conftest import attach, fill_complete, new_application
from titles.models import Application, Batch, Committee, EducationRow

URL = reverse("titles:new")


def chain(catalog, title=None, committee=None):
    title = title or catalog["economics_senior_title"]
    committee = committee or catalog["open_batch"].committee
    return {
        "series": title.specialty.series_id,
        "specialty": title.specialty_id,
        "title": title.pk,
        "committee": committee.pk,
    }


def test_the_four_lists_narrow_step_by_step(owner, catalog):
    title = catalog["economics_senior_title"]
    page = owner.get(URL).content.decode()
    for text in (
        "选择系列",
        "选择专业",
        "选择申报职称",
        "选择评审委员会",
        "1. 选择系列、专业、资格",
        "2. 填写申请书内容",
    ):
        assert text in page
    assert "经济" in page and "请先选择系列" in page
    page = owner.get(URL, {"series": title.specialty.series_id}).content.decode()
    assert title.specialty.name in page and "请先选择专业" in page
    page = owner.get(URL, {"series": title.specialty.series_id, "specialty": title.specialty_id}).content.decode()
    assert "高级经济师" in page and "经济员" in page
    # titles are listed from the lowest level up
    assert page.index("经济员") < page.index("助理经济师") < page.index("经济师") < page.index("高级经济师")
    params = {k: v for k, v in chain(catalog).items() if k != "committee"}
    page = owner.get(URL, params).content.decode()
    assert "重庆市经济专业高级职务评审委员会" in page
    assert "重庆市经济专业中级职务评审委员会" not in page  # it does not review this title


def test_choosing_the_committee_shows_the_choice_line_and_the_pledge(owner, catalog):
    batch = catalog["open_batch"]
    page = owner.get(URL, chain(catalog)).content.decode()
    deadline = timezone.localtime(batch.closes_at).strftime("%Y-%m-%d %H:%M")
    assert "您当前选择的是:" in page
    assert "经济 &gt;&gt; 经济专业 &gt;&gt; 高级经济师 &gt;&gt; 重庆市经济专业高级职务评审委员会" in page
    assert f"申请书提交截止时间: {deadline}" in page
    assert "我已阅读并遵守" in page and reverse("titles:pledge") in page and "重庆市职称申报诚信承诺书" in page
    assert "填写申请书" in page
    assert "诚信" in main_text(owner.get(reverse("titles:pledge")))


def test_a_title_without_an_open_batch_is_marked_not_open_with_its_opening_day(owner, catalog):
    title = catalog["physician_senior_title"]  # its committee's batch opens in 10 days
    params = {k: v for k, v in chain(catalog, title=title).items() if k not in ("committee", "title")}
    page = main_text(owner.get(URL, params))
    opens = timezone.localtime(catalog["future_batch"].opens_at).strftime("%Y-%m-%d")
    assert f'{title.name} <span class="badge text-bg-light">暂未开放</span>' in page and f"{opens}开放申报" in page
    assert f"title={title.pk}" not in page  # not a link: no dead end
    # asked for anyway, it is not chosen: no committee is offered
    page = main_text(owner.get(URL, {**params, "title": title.pk}))
    assert "请先选择申报职称" in page


def test_a_title_no_committee_reviews_is_not_open_and_names_no_day(owner, catalog):
    title = catalog["clerk_title"]
    params = {k: v for k, v in chain(catalog, title=title).items() if k not in ("committee", "title")}
    page = main_text(owner.get(URL, params))
    assert f'{title.name} <span class="badge text-bg-light">暂未开放</span></div>' in page


def test_the_lists_answer_fragments_to_scripts(owner, catalog):
    response = owner.get(URL, chain(catalog), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    page = response.content.decode()
    assert "<html" not in page and "选择评审委员会" in page


@pytest.mark.parametrize("bad", [{"series": "x"}, {"series": "999999"}, {"series": "1", "specialty": "-4"}])
def test_nonsense_choices_are_ignored(owner, catalog, bad):
    assert owner.get(URL, bad).status_code == 200


def test_creating_an_application(owner, applicant, catalog):
    response = owner.post(URL, {**chain(catalog), "pledge": "on"})
    application = Application.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert response.url == reverse("titles:basic", args=[application.pk])
    assert application.status == "draft"
    assert application.batch == catalog["open_batch"]
    assert application.pledged_at is not None


def test_the_pledge_must_be_ticked(owner, applicant, catalog):
    response = owner.post(URL, chain(catalog))
    assert "请阅读并勾选“我已阅读并遵守 重庆市职称申报诚信承诺书”" in response.content.decode()
    assert not Application.objects.exists()


def test_a_chain_that_does_not_match_is_refused(owner, catalog):
    other = catalog["engineering_senior_title"]
    data = {**chain(catalog), "title": other.pk, "pledge": "on"}
    response = owner.post(URL, data)
    assert "所选系列、专业和申报职称不匹配" in response.content.decode()
    assert not Application.objects.exists()


def test_a_committee_that_does_not_review_the_title_is_refused(owner, catalog):
    engineering = Committee.objects.get(name="重庆市工程技术高级职务评审委员会")
    response = owner.post(URL, {**chain(catalog, committee=engineering), "pledge": "on"})
    assert "所选评审委员会不评审该职称" in response.content.decode()
    assert not Application.objects.exists()


def test_a_committee_without_an_open_batch_is_refused(owner, catalog):
    Batch.objects.filter(committee=catalog["open_batch"].committee).update(
        closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    response = owner.post(URL, {**chain(catalog), "pledge": "on"})
    assert "当前没有开放的申报批次" in response.content.decode()


@pytest.mark.parametrize("field", ["series", "specialty", "title", "committee"])
def test_missing_or_unknown_choices_get_a_message_not_a_500(owner, catalog, field):
    response = owner.post(URL, {**chain(catalog), field: "987654", "pledge": "on"})
    assert response.status_code == 200
    assert "不存在，请重新选择" in response.content.decode()


def test_one_application_per_person_per_batch(owner, applicant, catalog):
    existing = new_application(applicant, catalog)
    response = owner.post(URL, {**chain(catalog), "pledge": "on"})
    assert "您在该批次已有申请书，请在“我的申请书”中继续填写" in main_text(response)
    assert Application.objects.count() == 1
    # once it is past filling in (here: passed), going on with it is not what to say
    Application.objects.filter(pk=existing.pk).update(status=Status.PASSED)
    page = main_text(owner.post(URL, {**chain(catalog), "pledge": "on"}))
    assert "您在该批次已有申请书（评审通过），同一批次不能重复申报" in page and "继续填写" not in page


def test_an_unverified_account_cannot_apply(client, db, catalog):
    user = make_user(username="weirz", phone="13700002222", id17="50010319950101002")
    user.verified_at = None
    user.save()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 302
    assert "尚未完成实名认证" in client.get(response.url).content.decode()


def test_logged_out_people_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_a_new_application_can_start_from_last_years(owner, applicant, catalog, unit):
    last_year = new_application(applicant, catalog)
    Application.objects.filter(pk=last_year.pk).update(batch=catalog["closed_batch"], status="failed")
    fill_complete(last_year, unit)
    extra = EducationRow.objects.get(application=last_year)
    attach(last_year, "education", extra.pk, name="学位证.png")

    response = owner.post(URL, {**chain(catalog), "pledge": "on", "copy_from": last_year.pk})
    new = Application.objects.exclude(pk=last_year.pk).get()
    assert response.url == reverse("titles:basic", args=[new.pk])
    assert new.basic.qualification_direction == "经济管理"
    assert new.basic.photo is not None and new.basic.photo.application == new
    copied = EducationRow.objects.get(application=new)
    files = list(new.attachments.filter(section="education", row_id=copied.pk))
    assert sorted(f.original_name for f in files) == ["学位证.png", "证书.png"]
    assert all(f.file.name != o.file.name for f in files for o in last_year.attachments.all())
    assert new.unit == unit
    # the source is untouched
    assert EducationRow.objects.filter(application=last_year).count() == 1


def test_copying_from_someone_elses_application_is_refused(owner, catalog, other_applicant):
    theirs = new_application(other_applicant, catalog)
    response = owner.post(URL, {**chain(catalog), "pledge": "on", "copy_from": theirs.pk})
    assert response.status_code == 200
    assert Application.objects.count() == 1
