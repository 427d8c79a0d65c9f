import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from accounts.models import AuditEvent, SmsCode, User
from tests.conftest import CAPTCHA, last_code, main_text, make_user, valid_id

URL = reverse("accounts:register")
GOOD_ID = valid_id("50010819950817002")


def form_data(**overrides):
    data = {
        "username": "wangwu",
        "password1": "Chongqing2026",
        "password2": "Chongqing2026",
        "real_name": "王五",
        "id_type": "resident",
        "id_number": GOOD_ID,
        "phone": "13600001111",
        "sms_code": "",
        "agree": "on",
        **CAPTCHA,
    }
    data.update(overrides)
    return data


def send_code(client, phone="13600001111", **extra):
    return client.post(URL, {**form_data(phone=phone), "send_sms": "1"}, **extra)


def register_step1(client, **overrides):
    send_code(client, phone=overrides.get("phone", "13600001111"))
    code = last_code(overrides.get("phone", "13600001111"))
    return client.post(URL, form_data(sms_code=code, **overrides))


@pytest.fixture(autouse=True)
def _captcha(captcha_passes):
    pass


def test_the_page_shows_the_manual_fields_and_the_step_bar(client, db):
    page = main_text(client.get(URL))
    for text in (
        "新用户注册", "基本信息", "实名认证", "注册成功", "用户账号", "登录密码", "确认密码", "用户姓名",
        "证件类型", "身份证号码", "手机号", "验证码", "短信验证码", "获取短信验证码",
        "我已阅读并同意", "《重庆市政务服务网统一认证中心注册协议》", "密码至少8位",
    ):  # fmt: skip
        assert text in page, text
    for id_type in ("居民身份证", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证", "护照"):
        assert id_type in page


def test_the_agreement_page_is_linked_and_readable(client, db):
    assert "注册协议" in client.get(reverse("accounts:agreement")).content.decode()


def test_a_new_user_registers_in_three_steps(client, db):
    response = send_code(client)
    assert response.status_code == 200
    assert "短信验证码已发送至136****1111" in response.content.decode()
    assert sms.outbox[-1].phone == "13600001111"
    assert "5分钟内有效" in sms.outbox[-1].text

    response = client.post(URL, form_data(sms_code=last_code("13600001111")))
    assert response.status_code == 302
    assert response.url == reverse("accounts:register_verify")
    assert not User.objects.filter(username="wangwu").exists()  # only once verified

    page = client.get(response.url).content.decode()
    assert "王五" in page and "500***********" in page and GOOD_ID not in page
    response = client.post(reverse("accounts:register_verify"))
    assert response.url == reverse("accounts:register_done")
    user = User.objects.get(username="wangwu")
    assert user.verified_at is not None
    assert user.check_password("Chongqing2026")
    assert (user.phone, user.id_number, user.real_name) == ("13600001111", GOOD_ID, "王五")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REGISTERED, user=user).exists()

    page = main_text(client.get(reverse("accounts:register_done")))
    assert "注册成功" in page and f'href="{reverse("accounts:login")}' in page
    # the flow is over: the last step cannot be shown again
    assert client.get(reverse("accounts:register_done")).status_code == 302


def test_the_captcha_is_not_asked_again_after_it_gated_the_sms(client, db):
    send_code(client)
    response = client.post(
        URL, {k: v for k, v in form_data(sms_code=last_code("13600001111")).items() if "captcha" not in k}
    )
    assert response.status_code == 302


def test_the_sms_button_answers_json_for_scripts(client, db):
    response = send_code(client, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert response.json()["wait"] == 60
    again = send_code(client, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert again.status_code == 400
    assert "秒后再重新获取" in again.json()["errors"]["sms_code"]


def test_an_sms_needs_a_right_image_captcha_first(client, db, monkeypatch):
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", False)
    response = client.post(URL, {**form_data(captcha_1="WXYZ"), "send_sms": "1"})
    assert "图片验证码不正确" in response.content.decode()
    assert not sms.outbox
    response = client.post(URL, {**form_data(captcha_1=""), "send_sms": "1"})
    assert "图片验证码不能为空" in response.content.decode()
    assert not sms.outbox


def test_an_sms_needs_a_valid_phone(client, db):
    response = send_code(client, phone="12345")
    assert "请输入正确的11位手机号码" in response.content.decode()
    assert not sms.outbox


def test_resend_too_soon_is_refused(client, db):
    send_code(client)
    response = send_code(client)
    assert "秒后再重新获取" in response.content.decode()
    assert len(sms.outbox) == 1


def test_after_a_minute_a_new_code_replaces_the_old(client, db, monkeypatch):
    codes = iter([111111, 222222])
    monkeypatch.setattr("accounts.smscodes.secrets.randbelow", lambda _n: next(codes))
    send_code(client)
    first = last_code("13600001111")
    SmsCode.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=61))
    send_code(client)
    second = last_code("13600001111")
    assert (first, second) == ("111111", "222222")
    response = client.post(URL, form_data(sms_code=first))
    assert response.status_code == 200 and "短信验证码不正确" in response.content.decode()
    assert client.post(URL, form_data(sms_code=second)).status_code == 302


def test_the_daily_cap_per_phone_holds(client, db, settings):
    settings.SMS_DAILY_LIMIT_PER_PHONE = 2
    for _ in range(2):
        send_code(client)
        SmsCode.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=61))
    response = send_code(client)
    assert "今日获取短信验证码次数已达上限" in response.content.decode()
    assert len(sms.outbox) == 2


def test_the_daily_cap_per_address_holds(client, db, settings):
    settings.SMS_DAILY_LIMIT_PER_IP = 2
    send_code(client, phone="13600001111")
    send_code(client, phone="13600002222")
    response = send_code(client, phone="13600003333")
    assert "次数已达上限" in response.content.decode()
    assert len(sms.outbox) == 2


def test_a_wrong_sms_code_is_refused_and_everything_typed_is_kept(client, db):
    send_code(client)
    response = client.post(URL, form_data(sms_code="000000" if last_code("13600001111") != "000000" else "111111"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "短信验证码不正确，还可尝试4次" in page
    for kept in ('value="wangwu"', 'value="王五"', f'value="{GOOD_ID}"', 'value="13600001111"'):
        assert kept in page
    assert "Chongqing2026" not in page  # passwords are never sent back


def test_five_wrong_codes_burn_the_code(client, db):
    send_code(client)
    right = last_code("13600001111")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        client.post(URL, form_data(sms_code=wrong))
    response = client.post(URL, form_data(sms_code=right))
    assert "请重新获取" in response.content.decode()
    assert response.status_code == 200


def test_an_expired_code_is_refused(client, db):
    send_code(client)
    SmsCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(URL, form_data(sms_code=last_code("13600001111")))
    assert "短信验证码已过期，请重新获取" in response.content.decode()


def test_a_used_code_cannot_be_used_again(client, db):
    register_step1(client)
    code = last_code("13600001111")
    other = client.__class__()
    response = other.post(URL, {**form_data(sms_code=code, username="wangwu2"), **CAPTCHA})
    assert "短信验证码无效，请重新获取" in response.content.decode()


def test_codes_are_stored_hashed(client, db):
    send_code(client)
    stored = SmsCode.objects.get()
    assert last_code("13600001111") not in stored.code_hash
    assert len(stored.code_hash) == 64


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_the_task_queue_never_holds_a_code_in_clear(client, settings):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_code(client)
    assert not sms.outbox  # queued, not sent on the request path
    queued = DBTaskResult.objects.get()
    assert "13600001111" not in str(queued.args_kwargs)
    assert "验证码" not in str(queued.args_kwargs)
    call_command("db_worker", batch=True, verbosity=0)
    assert sms.outbox[-1].phone == "13600001111"
    assert "验证码" in sms.outbox[-1].text


def test_whether_a_phone_is_taken_is_not_told_without_a_right_captcha(client, db, monkeypatch):
    make_user(phone="13600001111")
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", False)
    page = client.post(URL, form_data(captcha_1="WRONG", sms_code="123456")).content.decode()
    assert "图片验证码不正确" in page
    assert "已被注册" not in page


def test_other_field_errors_keep_the_sms_code_usable(client, db):
    send_code(client)
    code = last_code("13600001111")
    response = client.post(URL, form_data(sms_code=code, password2="Different2026"))
    assert "两次输入的密码不一致" in response.content.decode()
    assert client.post(URL, form_data(sms_code=code)).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "Other2026pw"}, "password2", "两次输入的密码不一致"),
        ({"password1": "abcdefgh", "password2": "abcdefgh"}, "password1", "密码必须同时包含字母和数字"),
        ({"password1": "abc123", "password2": "abc123"}, "password1", "密码长度太短"),
        ({"password1": "password1", "password2": "password1"}, "password1", "这个密码太常见了"),
        ({"password1": "wangwu2026", "password2": "wangwu2026"}, "password1", "太相似"),
        ({"username": "1abc"}, "username", "用户账号须以字母开头"),
        ({"real_name": "x"}, "real_name", "请输入证件上的真实姓名"),
        ({"id_number": GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")}, "id_number", "校验位不正确"),
        ({"id_number": "500108199502300021"}, "id_number", "出生日期不正确"),
        ({"id_number": "500108209502010021"}, "id_number", "出生日期不正确"),
        ({"id_type": "passport", "id_number": "ABCDEFG"}, "id_number", "护照号码应为"),
        ({"agree": ""}, "agree", "请阅读并同意注册协议"),
        ({"username": ""}, "username", "请填写用户账号"),
        ({"id_type": "nonsense"}, "id_type", "选择一个有效的选项"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_keeps_the_rest(client, db, overrides, field, message):
    send_code(client)
    response = client.post(URL, form_data(sms_code=last_code("13600001111"), **overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'id="error_1_id_{field}"' in page  # the message sits under its own field
    assert 'value="13600001111"' in page
    assert not User.objects.filter(username="wangwu").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "ZHANGSAN"}, "该用户账号已被注册"),
        ({"username": " zhangsan "}, "该用户账号已被注册"),
        ({"id_number": "<existing lower-case with spaces>"}, "该证件号码已被注册"),
    ],
)
def test_duplicates_are_found_in_normalised_form(client, db, overrides, message):
    existing = make_user(id17="11010519491231002")  # ends in X
    if "id_number" in overrides:
        overrides["id_number"] = f" {existing.id_number[:9]} {existing.id_number[9:].lower()} "
    send_code(client)
    response = client.post(URL, form_data(sms_code=last_code("13600001111"), **overrides))
    assert message in response.content.decode()
    assert User.objects.count() == 1


def test_whether_an_account_is_taken_is_told_only_with_a_right_sms_code(client, db):
    make_user()
    send_code(client)
    code = last_code("13600001111")
    wrong = "000000" if code != "000000" else "111111"
    for username in ("zhangsan", "lisi"):
        page = client.post(URL, form_data(username=username, sms_code=wrong)).content.decode()
        assert "已被注册" not in page
        assert "短信验证码不正确" in page
    page = client.post(URL, form_data(username="zhangsan", sms_code=code)).content.decode()
    assert "该用户账号已被注册" in page
    # The same code still registers once another account name is chosen.
    assert client.post(URL, form_data(sms_code=code)).status_code == 302


def test_each_answer_about_taken_accounts_costs_a_try_of_the_code(client, db, settings):
    make_user()
    send_code(client)
    code = last_code("13600001111")
    assert settings.SMS_MAX_ATTEMPTS == 5
    for _ in range(5):
        assert "该用户账号已被注册" in client.post(URL, form_data(username="zhangsan", sms_code=code)).content.decode()
    page = client.post(URL, form_data(username="zhangsan", sms_code=code)).content.decode()
    assert "已被注册" not in page
    assert "错误次数过多" in page


def test_no_sms_is_sent_to_a_phone_already_registered(client, db):
    make_user(phone="13600001111")
    response = send_code(client)
    assert "该手机号已被注册" in response.content.decode()
    assert not sms.outbox


def test_steps_cannot_be_reached_by_url(client, db):
    for name in ("accounts:register_verify", "accounts:register_done"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url == URL
    register_step1(client)
    assert client.get(reverse("accounts:register_done")).status_code == 302


def test_an_expired_flow_starts_over(client, db, settings):
    register_step1(client)
    session = client.session
    session["flow:register"]["started"] -= settings.ACCOUNT_FLOW_SECONDS + 1
    session.save()
    assert client.post(reverse("accounts:register_verify")).url == URL
    assert not User.objects.filter(username="wangwu").exists()


def test_a_refused_real_name_check_says_why(client, db, settings):
    settings.REALNAME_VERIFIER = "tests.accounts.test_register.RefusingVerifier"
    register_step1(client)
    response = client.post(reverse("accounts:register_verify"))
    assert response.status_code == 400
    assert "实名认证未通过：姓名与证件号码不一致" in response.content.decode()
    assert not User.objects.exists()
    # going back keeps what was typed
    page = client.get(URL).content.decode()
    assert 'value="wangwu"' in page and 'value="王五"' in page


def test_a_registration_that_loses_a_race_is_refused(client, db):
    register_step1(client)
    make_user(username="WangWu", phone="13900009999", id17="11010519491231002")
    response = client.post(reverse("accounts:register_verify"))
    assert "刚刚已被注册" in response.content.decode()
    assert User.objects.count() == 1


class RefusingVerifier:
    def verify(self, real_name, id_type, id_number):
        from accounts.verification import Result

        return Result(False, "姓名与证件号码不一致")
