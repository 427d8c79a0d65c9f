import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import Publicity, ReviewerRole
from reviews.states import Role
from tests.browser.conftest import log_in
from tests.conftest import make_user
from tests.titles.conftest import fill_complete, new_application
from titles.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, base, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, base, user.username)
    expect(page.locator("header")).to_contain_text("您好")
    return page


def open_in_queue(page, name):
    page.get_by_role("link", name="审核", exact=True).first.click()
    row = page.locator(".review-queue tr", has_text=name)
    row.get_by_role("link", name="审核").click()


@pytest.fixture
def cast(catalog, unit):
    committee = catalog["open_batch"].committee
    people = {}
    for username, phone, id17, name, role, scope in [
        ("danwei", "13930000001", "50010319800101301", "刘单位", Role.UNIT, {"unit": unit}),
        ("zhuguan", "13930000002", "50010319800101302", "陈主管", Role.DEPARTMENT, {"department": unit.department}),
        ("pingwei", "13930000004", "50010319800101304", "赵评委", Role.COMMITTEE, {"committee": committee}),
    ]:  # fmt: skip
        user = make_user(username=username, phone=phone, id17=id17, name=name)
        ReviewerRole.objects.create(user=user, role=role, **scope)
        people[role] = user
    return people


@pytest.mark.parametrize("route", ["centre", "direct"])
def test_from_submit_to_passed(
    browser, live_server, applicant, catalog, unit, cast, captcha_passes, shoot, route, calendar_next_year
):
    base = live_server.url
    application = fill_complete(new_application(applicant, catalog), unit)
    centre = application.archive_centre
    if route == "centre":
        rencai = make_user(username="rencai", phone="13930000003", id17="50010319800101303", name="王人才")
        ReviewerRole.objects.create(user=rencai, role=Role.CENTRE, centre=centre)
        cast[Role.CENTRE] = rencai
    else:
        Application.objects.filter(pk=application.pk).update(archive_centre=None)
        application.basic.archive_centre = None
        application.basic.save()

    # the applicant submits
    page = signed_in(browser, base, applicant)
    page.goto(f"{base}/applications/{application.pk}/preview/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="继续提交").click()
    expect(page.locator(".application-list")).to_contain_text("待单位审核")
    shoot(f"{route}-01-submitted", page)
    page.context.close()

    # 单位审核: 通过 starts 单位公示
    page = signed_in(browser, base, cast[Role.UNIT])
    open_in_queue(page, "张三")
    expect(page.locator("main")).to_contain_text("申请书（提交时的内容）")
    expect(page.locator("#section-education")).to_contain_text("西南大学")
    shoot(f"{route}-02-unit-review", page)
    page.get_by_role("button", name="通过（开始公示）").click()
    expect(page.locator(".badge.fs-6")).to_have_text("单位公示中")
    shoot(f"{route}-03-unit-publicity", page)

    # the public sees the notice with the name masked
    page.goto(f"{base}/publicity/")
    expect(page.locator(".notices")).to_contain_text("**三")
    expect(page.locator(".notices")).not_to_contain_text("张三")
    shoot(f"{route}-04-public-notice", page)

    # the period ends (what the calendar does in five working days), then 上报
    Publicity.objects.filter(application=application).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=9),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    call_command("close_publicity", verbosity=0)  # the daily job; opening the queue changes nothing
    open_in_queue(page, "张三")
    expect(page.locator(".badge.fs-6")).to_have_text("待单位上报")
    page.get_by_role("button", name="上报").click()
    expect(page.locator(".badge.fs-6")).to_have_text("待主管部门审核")
    shoot(f"{route}-05-reported", page)
    page.context.close()

    # 主管部门审核
    page = signed_in(browser, base, cast[Role.DEPARTMENT])
    open_in_queue(page, "张三")
    page.get_by_label("审核意见").fill("同意推荐")
    page.get_by_role("button", name="通过", exact=True).click()
    expected = "待人才交流中心审核" if route == "centre" else "待评审委员会审核"
    expect(page.locator(".badge.fs-6")).to_have_text(expected)
    shoot(f"{route}-06-department-approved", page)
    page.context.close()

    # 人才交流中心 checks the archive
    if route == "centre":
        page = signed_in(browser, base, cast[Role.CENTRE])
        open_in_queue(page, "张三")
        page.get_by_role("button", name="通过", exact=True).click()
        expect(page.locator(".badge.fs-6")).to_have_text("待评审委员会审核")
        shoot(f"{route}-07-centre-approved", page)
        page.context.close()

    # 评审委员会: 受理, vote, 评审通过
    page = signed_in(browser, base, cast[Role.COMMITTEE])
    open_in_queue(page, "张三")
    page.get_by_role("button", name="受理").click()
    page.get_by_label("出席专家人数").fill("9")
    page.get_by_label("同意票数").fill("10")
    page.get_by_role("button", name="录入评审结果").click()
    expect(page.locator("main")).to_contain_text("同意票数不能多于出席专家人数")
    expect(page.get_by_label("出席专家人数")).to_have_value("9")
    page.get_by_label("同意票数").fill("6")
    shoot(f"{route}-08-committee-vote", page)
    page.get_by_role("button", name="录入评审结果").click()
    expect(page.locator(".badge.fs-6")).to_have_text("评审通过")
    shoot(f"{route}-09-passed", page)
    page.context.close()

    # the applicant sees the result and the whole timeline
    page = signed_in(browser, base, applicant)
    page.goto(f"{base}/applications/")
    expect(page.locator(".application-list")).to_contain_text("评审通过")
    page.get_by_role("link", name="查看").click()
    expect(page.locator(".timeline")).to_contain_text("出席专家9人，同意6票")
    shoot(f"{route}-10-applicant-timeline", page)
    assert Application.objects.get(pk=application.pk).status == "passed"
