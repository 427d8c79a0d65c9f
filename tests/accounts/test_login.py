import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import AuditEvent
from tests.conftest import CAPTCHA, PASSWORD, main_text

URL = reverse("accounts:login")


def post_login(client, username, password=PASSWORD, captcha=CAPTCHA):
    return client.post(URL, {"username": username, "password": password, **captcha})


def test_the_login_page_has_the_manual_fields_and_links(client, db):
    page = main_text(client.get(URL))
    for text in ("用户名/手机号/身份证号", "密码", "验证码", "忘记密码？", "用户注册", 'name="captcha_1"'):
        assert text in page


@pytest.mark.parametrize("identifier", ["zhangsan", "ZhangSan", "13812345678", "138 1234 5678", "<id>", "<spaced id>"])
def test_it_logs_in_by_username_phone_or_id_number(client, applicant, captcha_passes, identifier):
    number = applicant.id_number
    identifier = {"<id>": number, "<spaced id>": f" {number[:6]} {number[6:]} "}.get(identifier, identifier)
    response = post_login(client, identifier)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(applicant.pk)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN, user=applicant).exists()


def test_a_wrong_password_is_refused_and_the_account_kept(client, applicant, captcha_passes):
    response = post_login(client, "zhangsan", "wrong-pass1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "账号或密码不正确" in page
    assert 'value="zhangsan"' in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED, identifier="zhangsan").exists()


def test_a_wrong_captcha_is_refused_before_the_password_is_checked(client, applicant):
    response = post_login(client, "zhangsan", PASSWORD, {"captcha_0": "nokey", "captcha_1": "ABCD"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "图片验证码不正确" in page
    assert 'value="zhangsan"' in page
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()  # no password was tried


def test_an_empty_captcha_says_so(client, applicant):
    response = post_login(client, "zhangsan", PASSWORD, {"captcha_0": "nokey", "captcha_1": ""})
    assert "图片验证码不能为空" in response.content.decode()


def test_empty_fields_say_what_is_missing(client, db, captcha_passes):
    page = client.post(URL, {**CAPTCHA}).content.decode()
    assert "请输入用户名、手机号或身份证号" in page
    assert "请输入密码" in page


def test_repeated_failures_lock_the_account_whichever_identifier_is_typed(client, applicant, captcha_passes, settings):
    limit = settings.AXES_FAILURE_LIMIT
    identifiers = ["zhangsan", "13812345678", applicant.id_number]
    for attempt in range(limit):
        post_login(client, identifiers[attempt % 3], "wrong-pass1")
    response = post_login(client, "13812345678")  # even the right password is refused now
    page = response.content.decode()
    assert response.status_code == 403
    assert "登录失败次数过多" in page
    assert 'value="13812345678"' in page
    assert "_auth_user_id" not in client.session


def test_a_lockout_ends_after_the_cool_off(client, applicant, captcha_passes, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "zhangsan", "wrong-pass1")
    assert post_login(client, "zhangsan").status_code == 403
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
    assert post_login(client, "zhangsan").status_code == 302


def test_an_inactive_account_cannot_log_in(client, applicant, captcha_passes):
    applicant.is_active = False
    applicant.save()
    assert post_login(client, "zhangsan").status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_recorded(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGOUT, user=applicant).exists()


def test_idle_sessions_expire_after_thirty_minutes_and_each_request_moves_that_on(client, applicant, settings):
    import datetime
    import time

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(applicant)
    key = client.session.session_key
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == 30 * 60

    # A session last written more than a minute ago, about to end: the next request writes it anew.
    soon = timezone.now() + datetime.timedelta(minutes=2)
    session = client.session
    session["_refreshed"] = int(time.time()) - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=soon)
    client.get(reverse("home"))
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + datetime.timedelta(minutes=29)

    # Within the minute, requests do not write the session again.
    Session.objects.filter(session_key=key).update(expire_date=soon)
    client.get(reverse("home"))
    assert Session.objects.get(session_key=key).expire_date == soon


def test_admin_changes_are_audited_with_the_address(admin_client, applicant):
    url = reverse("admin:accounts_user_change", args=[applicant.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    admin_client.post(reverse("admin:accounts_user_changelist"), {"action": "delete_selected", "_selected_action": []})
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.ADMIN_CHANGE).latest("created_at")
    assert event.ip == "127.0.0.1"
    assert "/admin/accounts/user/" in event.detail and "delete_selected" in event.detail


def test_being_sent_to_the_login_says_why(client, db):
    page = main_text(client.get(reverse("titles:list"), follow=True))
    assert "请先登录" in page
    assert "请先登录" not in main_text(client.get(URL))  # opening the login page itself


def test_each_failure_says_how_many_tries_are_left_before_the_lockout(client, applicant, captcha_passes):
    for left in (4, 3, 2, 1):
        page = main_text(post_login(client, "zhangsan", "wrong-pass1"))
        assert f"账号或密码不正确，还可尝试{left}次；连续失败5次，账号将被锁定30分钟" in page
    response = post_login(client, "zhangsan", "wrong-pass1")
    assert response.status_code == 403 and "账号已被暂时锁定" in response.content.decode()
    # the same for an account that does not exist: the count tells nothing about accounts
    assert "还可尝试4次" in main_text(post_login(client, "nobody-here", "wrong-pass1"))
