"""A session that ends while someone types loses nothing: the late POST is kept and comes back
after the same account logs in again; a warning before the idle timeout offers to stay signed in."""

import datetime
import json
import re

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.held import HELD_COOKIE
from accounts.models import HeldPost
from tests.conftest import CAPTCHA, PASSWORD, make_user
from tests.titles.conftest import fill_basic, new_application

LONG_TEXT = "负责集团年度经营分析，" * 180  # about 1,800 characters of 工作业绩


def expire_session(client):
    """What the server sees after the idle timeout: the session is gone, the browser's cookies stay."""
    client.session.flush()
    client.cookies.pop("sessionid", None)


def held_page_data(response):
    match = re.search(r'<script id="held-post" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(match.group(1)) if match else None


def test_a_post_after_the_session_ended_comes_back_after_logging_in(client, applicant, catalog, unit, captcha_passes):
    application = new_application(applicant, catalog)
    fill_basic(application, unit)
    client.force_login(applicant)
    page = reverse("titles:section", args=[application.pk, "achievement"])
    assert client.get(page).status_code == 200  # the browser now remembers who was signed in
    expire_session(client)

    typed = {"name": "年度经营分析", "started_on": "2020-01-01", "ended_on": "2020-12-31", "role": "负责人"}
    response = client.post(page, {**typed, "content": LONG_TEXT}, HTTP_REFERER=f"http://testserver{page}")
    login = reverse("accounts:login")
    assert response.status_code == 302 and response.url.startswith(login)
    held = HeldPost.objects.get()
    assert held.user == applicant and held.page == page
    notice = client.get(response.url).content.decode()
    assert "您刚才填写的内容已暂存" in notice

    response = client.post(login, {"username": "zhangsan", "password": PASSWORD, "next": page, **CAPTCHA})
    assert response.url == page
    refilled = client.get(page)
    data = held_page_data(refilled)
    assert data["action"] == page
    assert ["content", LONG_TEXT] in data["fields"]
    assert ["role", "负责人"] in data["fields"]
    assert not any(name == "csrfmiddlewaretoken" for name, _value in data["fields"])
    assert "已填回您登录超时前填写的内容" in refilled.content.decode()
    # Given back once; nothing was saved without the person looking at it.
    assert not HeldPost.objects.exists()
    assert held_page_data(client.get(page)) is None
    assert not application.achievementrow_rows.exists()


def test_another_account_logging_in_on_that_browser_gets_nothing(client, applicant, catalog, unit, captcha_passes):
    application = new_application(applicant, catalog)
    fill_basic(application, unit)
    client.force_login(applicant)
    page = reverse("titles:section", args=[application.pk, "achievement"])
    client.get(page)
    expire_session(client)
    client.post(page, {"name": "机密内容", "content": LONG_TEXT})
    other = make_user(username="lisi", phone="13987654321", id17="51010219850615224", name="李四")
    client.force_login(other)
    response = client.get(page)
    assert response.status_code == 404
    assert "机密内容" not in response.content.decode()
    assert HeldPost.objects.get().user == applicant


def test_a_browser_that_never_signed_in_has_nothing_kept(client, applicant, catalog):
    application = new_application(applicant, catalog)
    page = reverse("titles:section", args=[application.pk, "achievement"])
    response = client.post(page, {"name": "x"})
    assert response.status_code == 302
    assert not HeldPost.objects.exists()
    assert HELD_COOKIE not in response.cookies


def test_a_forged_user_cookie_is_ignored(client, applicant, catalog):
    application = new_application(applicant, catalog)
    client.cookies["zc_last_user"] = str(applicant.pk)
    client.post(reverse("titles:section", args=[application.pk, "achievement"]), {"name": "x"})
    assert not HeldPost.objects.exists()


def test_the_idle_timeout_is_thirty_minutes_with_a_five_minute_warning(client, applicant):
    """The product's defaults (DESIGN.md): 30 minutes idle, warned 5 minutes before."""
    client.force_login(applicant)
    page = client.get(reverse("titles:list")).content.decode()
    assert 'data-session-idle="1800"' in page and 'data-session-warning="300"' in page
    assert "继续保持登录" in page and 'id="session-warning"' in page
    client.logout()
    assert 'id="session-warning"' not in client.get(reverse("accounts:login")).content.decode()


def test_the_idle_settings_reach_the_page_and_the_stored_session(client, applicant, settings):
    settings.SESSION_COOKIE_AGE, settings.SESSION_WARNING_SECONDS = 754, 93
    client.force_login(applicant)
    page = client.get(reverse("titles:list")).content.decode()
    assert 'data-session-idle="754"' in page and 'data-session-warning="93"' in page
    assert client.post(reverse("accounts:keepalive")).json()["idle_seconds"] == 754
    expires = Session.objects.get(session_key=client.session.session_key).expire_date
    assert 740 <= (expires - timezone.now()).total_seconds() <= 754


def test_staying_signed_in_moves_the_expiry_on(client, applicant):
    client.force_login(applicant)
    url = reverse("accounts:keepalive")
    assert client.get(url).status_code == 405
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=2))
    response = client.post(url)
    assert response.status_code == 200 and response.json()["ok"] is True
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + datetime.timedelta(minutes=29)
    expire_session(client)
    response = client.post(url)
    assert response.status_code == 401
    assert "登录已超时" in response.json()["message"]
