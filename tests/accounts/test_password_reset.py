import datetime
import io

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts import sms
from accounts.models import AuditEvent, PasswordResetRequest, SmsCode, SmsPurpose
from accounts.smscodes import sms_code_send
from tests.conftest import CAPTCHA, PASSWORD, last_code, main_text

START = reverse("accounts:password_reset")
METHOD = reverse("accounts:password_reset_method")
PHONE = reverse("accounts:password_reset_phone")
NEW = reverse("accounts:password_reset_new")
DONE = reverse("accounts:password_reset_done")


@pytest.fixture(autouse=True)
def _captcha(captcha_passes):
    pass


def confirm_account(client, account="zhangsan"):
    return client.post(START, {"account": account, **CAPTCHA})


def pass_phone_check(client, phone="13812345678"):
    client.post(PHONE, {**CAPTCHA, "send_sms": "1"})
    return client.post(PHONE, {"sms_code": last_code(phone)})


def test_the_five_steps_reset_the_password(client, applicant):
    page = main_text(client.get(START))
    for label in ("确认账号", "验证方式", "安全验证", "重置密码", "完成", "用户账号", "验证码", "下一步"):
        assert label in page

    response = confirm_account(client, "13812345678")
    assert response.url == METHOD
    page = client.get(METHOD).content.decode()
    assert "您正在为【13****78】找回密码，请选择验证方式" in page
    assert "如果您的手机138****5678还在正常使用请选择此方式" in page
    assert "通过刷脸找回：仅支持身份证" in page
    assert "您的姓名：**三，身份证号：5*****" in page
    assert "通过人工找回" in page
    assert applicant.id_number not in page and "13812345678" not in page

    page = client.get(PHONE).content.decode()
    assert "您正在使用手机进行校验" in page and "138****5678" in page

    client.post(PHONE, {**CAPTCHA, "send_sms": "1"})
    assert sms.outbox[-1].phone == "13812345678"
    response = client.post(PHONE, {"sms_code": last_code("13812345678")})
    assert response.url == NEW

    response = client.post(NEW, {"new_password1": "Renewed2026pw", "new_password2": "Renewed2026pw"})
    assert response.url == DONE
    assert "密码重置成功" in client.get(DONE).content.decode()
    applicant.refresh_from_db()
    assert applicant.check_password("Renewed2026pw")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_RESET, user=applicant).exists()
    assert client.get(DONE).status_code == 302  # the flow is over


def test_an_unknown_account_is_refused_with_the_input_kept(client, applicant):
    response = confirm_account(client, "nobody1")
    page = response.content.decode()
    assert "该账号不存在" in page and 'value="nobody1"' in page


def test_a_wrong_captcha_keeps_the_account(client, applicant, monkeypatch):
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", False)
    response = client.post(START, {"account": "zhangsan", "captcha_0": "k", "captcha_1": "ZZZZ"})
    page = response.content.decode()
    assert "图片验证码不正确" in page and 'value="zhangsan"' in page
    assert client.get(METHOD).status_code == 302


def test_the_phone_step_needs_the_image_captcha_before_an_sms(client, applicant, monkeypatch):
    confirm_account(client)
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", False)
    response = client.post(PHONE, {"captcha_0": "k", "captcha_1": "", "send_sms": "1"})
    assert "图片验证码不能为空" in response.content.decode()
    assert not sms.outbox


def test_a_wrong_sms_code_is_refused(client, applicant):
    confirm_account(client)
    client.post(PHONE, {**CAPTCHA, "send_sms": "1"})
    wrong = "000000" if last_code("13812345678") != "000000" else "111111"
    response = client.post(PHONE, {"sms_code": wrong})
    assert "短信验证码不正确" in response.content.decode()
    assert client.get(NEW).status_code == 302


def test_an_expired_sms_code_is_refused(client, applicant):
    confirm_account(client)
    client.post(PHONE, {**CAPTCHA, "send_sms": "1"})
    SmsCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(PHONE, {"sms_code": last_code("13812345678")})
    assert "已过期" in response.content.decode()


def test_a_registration_code_does_not_reset_a_password(client, applicant):
    confirm_account(client)
    sms_code_send(phone="13812345678", purpose=SmsPurpose.REGISTER, ip=None)
    response = client.post(PHONE, {**CAPTCHA, "sms_code": last_code("13812345678")})
    assert "短信验证码无效" in response.content.decode()
    assert client.get(NEW).status_code == 302


def test_the_new_password_cannot_be_set_twice_with_one_check(client, applicant):
    confirm_account(client)
    pass_phone_check(client)
    client.post(NEW, {"new_password1": "Renewed2026pw", "new_password2": "Renewed2026pw"})
    response = client.post(NEW, {"new_password1": "Second2026pw", "new_password2": "Second2026pw"})
    assert response.status_code == 302 and response.url == START
    applicant.refresh_from_db()
    assert applicant.check_password("Renewed2026pw")


def test_an_account_deleted_mid_flow_starts_over_with_a_message(client, applicant):
    confirm_account(client)
    applicant.is_active = False
    applicant.save()
    response = client.get(METHOD, follow=True)
    assert "该账号不存在或已停用" in response.content.decode()


@pytest.mark.parametrize(
    ("p1", "p2", "message"),
    [
        ("Renewed2026pw", "Renewed2026px", "两次输入的密码不一致"),
        ("short1", "short1", "密码长度太短"),
        ("onlyletters", "onlyletters", "密码必须同时包含字母和数字"),
        ("zhangsan2026", "zhangsan2026", "太相似"),
        ("", "", "请填写新密码"),
    ],
)
def test_weak_or_mismatched_new_passwords_are_refused(client, applicant, p1, p2, message):
    confirm_account(client)
    pass_phone_check(client)
    response = client.post(NEW, {"new_password1": p1, "new_password2": p2})
    assert message in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)


@pytest.mark.parametrize("url", [METHOD, PHONE, NEW, DONE, reverse("accounts:password_reset_manual")])
def test_no_step_can_be_reached_by_url(client, applicant, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url == START


def test_the_new_password_step_needs_the_phone_check(client, applicant):
    confirm_account(client)
    assert client.get(NEW).url == START
    response = client.post(NEW, {"new_password1": "Renewed2026pw", "new_password2": "Renewed2026pw"})
    assert response.url == START
    applicant.refresh_from_db()
    assert applicant.check_password(PASSWORD)


def test_the_flow_expires(client, applicant, settings):
    confirm_account(client)
    session = client.session
    session["flow:reset"]["started"] -= settings.ACCOUNT_FLOW_SECONDS + 1
    session.save()
    assert client.get(PHONE).url == START


def test_a_reset_ends_the_users_other_sessions(client, applicant):
    other_device = Client()
    other_device.force_login(applicant)
    assert other_device.get(reverse("home")).wsgi_request.user == applicant
    confirm_account(client)
    pass_phone_check(client)
    client.post(NEW, {"new_password1": "Renewed2026pw", "new_password2": "Renewed2026pw"})
    response = other_device.get(reverse("home"))
    assert not response.wsgi_request.user.is_authenticated
    assert SESSION_KEY not in other_device.session


def test_face_recognition_says_it_is_not_available(client, applicant):
    confirm_account(client)
    page = client.get(reverse("accounts:password_reset_face")).content.decode()
    assert "本平台暂不支持此方式" in page


def test_face_is_offered_only_for_resident_ids(client, applicant):
    applicant.id_type = "passport"
    applicant.id_number = "E12345678"
    applicant.save()
    confirm_account(client)
    assert "刷脸找回" not in client.get(METHOD).content.decode()


def picture(kind="PNG", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return SimpleUploadedFile("身份证 照片.png", buffer.getvalue(), content_type="image/png")


def test_a_manual_reset_request_reaches_the_admin(
    client, applicant, admin_client, captcha_passes, django_capture_on_commit_callbacks
):
    confirm_account(client)
    data = {
        **CAPTCHA,
        "real_name": "张三",
        "id_number": applicant.id_number.lower(),
        "contact_phone": "13700001111",
        "note": "手机号已停用",
        "id_card_photo": picture(),
    }
    response = client.post(reverse("accounts:password_reset_manual"), data)
    assert "人工找回申请已提交" in response.content.decode()
    reset_request = PasswordResetRequest.objects.get()
    assert reset_request.user == applicant
    assert reset_request.id_card_photo.name.endswith(".png")
    assert "身份证" not in reset_request.id_card_photo.name  # the user's file name is not used

    listing = admin_client.get(reverse("admin:accounts_passwordresetrequest_changelist"))
    assert "张三" in listing.content.decode()
    photo = admin_client.get(reverse("admin:accounts_passwordresetrequest_photo", args=[reset_request.pk]))
    assert photo.status_code == 200
    assert client.get(reverse("admin:accounts_passwordresetrequest_photo", args=[reset_request.pk])).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):  # the SMS leaves once the decision is committed
        admin_client.post(
            reverse("admin:accounts_passwordresetrequest_changelist"),
            {"action": "approve", "_selected_action": [reset_request.pk]},
        )
    reset_request.refresh_from_db()
    assert reset_request.status == PasswordResetRequest.Status.APPROVED
    message = sms.outbox[-1]
    assert message.phone == "13700001111" and "临时密码" in message.text
    temporary = message.text.split("临时密码为")[1].split("，")[0]
    applicant.refresh_from_db()
    assert applicant.check_password(temporary)


def test_a_fake_picture_is_refused_and_nothing_saved(client, applicant, captcha_passes):
    confirm_account(client)
    fake = SimpleUploadedFile("id.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    data = {
        "real_name": "张三",
        "id_number": applicant.id_number,
        "contact_phone": "13700001111",
        "id_card_photo": fake,
    }
    response = client.post(reverse("accounts:password_reset_manual"), data)
    page = response.content.decode()
    assert "无法识别为图片" in page and 'value="13700001111"' in page
    assert not PasswordResetRequest.objects.exists()


def test_an_oversized_picture_is_refused(client, applicant, monkeypatch, captcha_passes):
    monkeypatch.setattr("core.uploads.MAX_PICTURE_BYTES", 10)
    confirm_account(client)
    data = {
        "real_name": "张三",
        "id_number": applicant.id_number,
        "contact_phone": "13700001111",
        "id_card_photo": picture(),
    }
    response = client.post(reverse("accounts:password_reset_manual"), data)
    assert "图片不能超过5MB" in response.content.decode()
    assert not PasswordResetRequest.objects.exists()


def test_only_one_manual_request_waits_at_a_time(client, applicant, captcha_passes):
    confirm_account(client)
    data = {**CAPTCHA, "real_name": "张三", "id_number": applicant.id_number, "contact_phone": "13700001111"}
    client.post(reverse("accounts:password_reset_manual"), {**data, "id_card_photo": picture()})
    confirm_account(client)
    response = client.post(reverse("accounts:password_reset_manual"), {**data, "id_card_photo": picture()})
    assert "正在处理中" in response.content.decode()
    assert PasswordResetRequest.objects.count() == 1


def manual_request(client, applicant, **overrides):
    confirm_account(client)
    data = {
        **CAPTCHA,
        "real_name": "张三",
        "id_number": applicant.id_number,
        "contact_phone": "13700001111",
        "id_card_photo": picture(),
        **overrides,
    }
    return client.post(reverse("accounts:password_reset_manual"), data)


def test_the_manual_request_tells_nothing_about_the_accounts_id_number(client, applicant, captcha_passes):
    wrong = manual_request(client, applicant, id_number="11010519491231002X")
    PasswordResetRequest.objects.update(status=PasswordResetRequest.Status.REJECTED)
    right = manual_request(client, applicant)
    assert wrong.status_code == right.status_code == 200
    assert wrong.content == right.content  # the same "submitted" page either way
    assert "人工找回申请已提交" in right.content.decode()
    # The staff who check the photo see whether the typed data matched.
    assert list(PasswordResetRequest.objects.order_by("pk").values_list("matches_account", flat=True)) == [
        False,
        True,
    ]
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.PASSWORD_RESET_REQUEST, user=applicant).count() == 2


def test_no_number_is_compared_without_a_complete_request(client, applicant, captcha_passes):
    for number in ("11010519491231002X", applicant.id_number):
        response = manual_request(client, applicant, id_number=number, id_card_photo="")
        assert response.status_code == 400
        page = response.content.decode()
        assert "请填写证件照片" in page or "请上传" in page
        assert "不一致" not in page
    assert not PasswordResetRequest.objects.exists()


def test_the_manual_request_needs_the_image_captcha(client, applicant):
    response = manual_request(client, applicant, captcha_1="")
    assert response.status_code == 400
    assert "图片验证码不能为空" in response.content.decode()
    assert not PasswordResetRequest.objects.exists()


def test_manual_requests_are_capped_per_day(client, applicant, captcha_passes, settings):
    settings.MANUAL_RESET_DAILY_LIMIT_PER_ACCOUNT = 2
    for _ in range(2):
        manual_request(client, applicant)
        PasswordResetRequest.objects.update(status=PasswordResetRequest.Status.REJECTED)
    response = manual_request(client, applicant)
    assert response.status_code == 400
    assert "人工找回申请过多" in response.content.decode()
    assert PasswordResetRequest.objects.count() == 2
