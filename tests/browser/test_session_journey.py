"""An idle session in Chromium: the warning with 继续保持登录, then a save after the session ended,
and the typed text back in the form after logging in again."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.titles.conftest import fill_basic, new_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORK = "负责集团年度经营分析与预算编制，牵头完成重点项目的可行性研究。" * 60  # ~1,800 characters


def test_nothing_typed_is_lost_when_the_session_ends(
    page, live_server, captcha_passes, applicant, catalog, unit, settings, shoot
):
    settings.SESSION_COOKIE_AGE = 120
    settings.SESSION_WARNING_SECONDS = 116
    application = new_application(applicant, catalog)
    fill_basic(application, unit)
    base = live_server.url
    section = f"{base}/applications/{application.pk}/section/achievement/"

    log_in(page, base, "zhangsan")
    page.goto(section)
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_contain_text("登录将在")
    shoot("idle-warning")
    warning.get_by_role("button", name="继续保持登录").click()
    expect(warning).to_be_hidden()

    page.locator("input[name=name]").fill("年度经营分析")
    page.locator("input[name=started_on]").fill("2020-01-01")
    page.locator("input[name=ended_on]").fill("2020-12-31")
    page.locator("input[name=role]").fill("负责人")
    page.locator("textarea[name=content]").fill(WORK)
    Session.objects.all().delete()  # the idle timeout passes on the server
    page.get_by_role("button", name="保存").click()

    expect(page.locator("main")).to_contain_text("您刚才填写的内容已暂存")
    shoot("held-on-login")
    page.get_by_label("账号").fill("zhangsan")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(section)
    expect(page.locator("main")).to_contain_text("已填回您登录超时前填写的内容")
    expect(page.locator("textarea[name=content]")).to_have_value(WORK)
    expect(page.locator("input[name=role]")).to_have_value("负责人")
    shoot("refilled")
    page.set_viewport_size({"width": 390, "height": 844})
    shoot("refilled-phone")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("main")).to_contain_text("已保存")
    assert application.achievementrow_rows.get().content == WORK
