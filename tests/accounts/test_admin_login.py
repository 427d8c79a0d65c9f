"""The admin signs in through the site's own login: captcha, lockout, audit; staff only."""

import re

from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import AuditEvent
from tests.conftest import CAPTCHA, PASSWORD, make_user

URL = reverse("admin:login")


def post(client, username, password=PASSWORD, captcha=CAPTCHA):
    return client.post(URL, {"username": username, "password": password, "next": "/admin/", **captcha})


def visible_text(response) -> str:
    """The page without the tokens that differ on every request (CSRF, captcha key and image)."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return re.sub(r"captcha/image/[0-9a-f]+/|value=\"[0-9a-f]{40}\"", "", page)


def test_the_admin_asks_for_the_image_captcha(client, db):
    response = client.get("/admin/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(URL)
    assert "管理员登录" in page and 'name="captcha_1"' in page


def test_without_the_captcha_no_password_is_checked(client, db):
    make_user(username="guanli", is_staff=True, is_superuser=True)
    response = post(client, "guanli", captcha={"captcha_0": "k", "captcha_1": ""})
    assert "图片验证码不能为空" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_staff_account_logs_in_and_is_audited(client, db, captcha_passes):
    staff = make_user(username="guanli", is_staff=True, is_superuser=True)
    response = post(client, "guanli")
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN, user=staff).exists()


def test_a_non_staff_account_with_the_right_password_is_refused_like_a_wrong_password(
    client, applicant, captcha_passes
):
    right = post(client, "zhangsan")
    wrong = post(client, "zhangsan", "Wrong2026word")
    assert right.status_code == wrong.status_code == 200
    assert "账号或密码不正确" in right.content.decode()
    # the same page but for the tries left, which both count down (a failure each)
    assert "还可尝试4次" in right.content.decode() and "还可尝试3次" in wrong.content.decode()
    assert visible_text(right).replace("还可尝试4次", "") == visible_text(wrong).replace("还可尝试3次", "")
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().failures_since_start == 2
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED, identifier="zhangsan").count() == 2


def test_the_lockout_holds_on_the_admin_login(client, db, captcha_passes):
    make_user(username="guanli", is_staff=True, is_superuser=True)
    for _ in range(5):
        post(client, "guanli", "Wrong2026word")
    response = post(client, "guanli")
    assert response.status_code == 403
    assert "账号已被暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_logged_in_applicant_does_not_reach_the_admin(client, applicant):
    client.force_login(applicant)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(URL)
    assert client.get(response.url).status_code == 200  # the login form, not a redirect loop
