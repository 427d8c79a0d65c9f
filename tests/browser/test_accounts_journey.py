import re

import pytest
from playwright.sync_api import expect

from accounts import sms
from accounts.models import User
from tests.browser.conftest import fill_login
from tests.conftest import valid_id

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sms_code_for(phone):
    texts = [message.text for message in sms.outbox if message.phone == phone]
    return re.search(r"\d{6}", texts[-1]).group(0)


def test_register_log_out_log_in_by_id_and_reset_by_phone(page, live_server, captcha_passes, shoot):
    base = live_server.url
    id_number = valid_id("50010319920514003")
    phone = "13512340000"

    # 用户注册 1: 基本信息
    page.goto(f"{base}/accounts/register/")
    expect(page.locator(".step.current")).to_contain_text("基本信息")
    page.get_by_label("用户账号").fill("chenjing")
    page.get_by_label("登录密码").fill("Shancheng2026")
    page.get_by_label("确认密码").fill("Shancheng2026")
    page.get_by_label("用户姓名").fill("陈静")
    page.get_by_label("身份证号码").fill(id_number)
    page.get_by_label("手机号").fill(phone)
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.locator(".sms-feedback")).to_contain_text("短信验证码已发送至135****0000")
    expect(page.get_by_role("button", name=re.compile("秒后重新获取"))).to_be_disabled()
    page.get_by_label("短信验证码").fill(sms_code_for(phone))
    page.locator("input[name=agree]").check()
    shoot("register-basic-info")
    page.get_by_role("button", name="注册").click()

    # 用户注册 2: 实名认证
    expect(page.locator(".step.current")).to_contain_text("实名认证")
    expect(page.locator("main")).to_contain_text("陈静")
    shoot("register-real-name")
    page.get_by_role("button", name="提交认证").click()

    # 用户注册 3: 注册成功
    expect(page.locator(".step.current")).to_contain_text("注册成功")
    shoot("register-done")
    assert User.objects.get(username="chenjing").verified_at is not None
    page.get_by_role("link", name="立即登录").click()

    # 登录 with the username, 退出
    page.get_by_label("账号").fill("chenjing")
    page.get_by_label("密码").fill("Shancheng2026")
    page.locator("input[name=captcha_1]").fill("PASSED")
    shoot("login")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header")).to_contain_text("您好，陈静")
    shoot("logged-in")
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="个人用户登录")).to_be_visible()

    # 登录 again with the ID number (lower-case x or spaces would do too)
    fill_login(page, base, id_number, "Shancheng2026")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header")).to_contain_text("您好，陈静")
    shoot("logged-in-by-id-number")
    page.get_by_role("button", name="退出").click()

    # 重置密码 1: 确认账号
    page.get_by_role("link", name="忘记密码？").click()
    expect(page.locator(".step.current")).to_contain_text("确认账号")
    page.get_by_label("用户账号").fill(phone)
    page.locator("input[name=captcha_1]").fill("PASSED")
    shoot("reset-account")
    page.get_by_role("button", name="下一步").click()

    # 2: 验证方式
    expect(page.locator(".step.current")).to_contain_text("验证方式")
    expect(page.locator("main")).to_contain_text("您正在为【13****00】找回密码，请选择验证方式")
    expect(page.locator("main")).to_contain_text("如果您的手机135****0000还在正常使用请选择此方式")
    expect(page.locator("main")).to_contain_text("您的姓名：**静，身份证号：5*****")
    shoot("reset-method")
    page.get_by_role("link", name="手机找回").click()

    # 3: 安全验证, first without the image captcha: the manual's message
    expect(page.locator(".step.current")).to_contain_text("安全验证")
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.locator(".sms-feedback")).to_contain_text("图片验证码不能为空")
    shoot("reset-security-captcha-empty")
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.locator(".sms-feedback")).to_contain_text("短信验证码已发送")
    page.get_by_label("短信验证码").fill(sms_code_for(phone))
    shoot("reset-security")
    page.get_by_role("button", name="下一步").click()

    # 4: 重置密码, a mismatch first
    expect(page.locator(".step.current")).to_contain_text("重置密码")
    page.locator("#id_new_password1").fill("Newpass2026")
    page.get_by_label("确认新密码").fill("Newpass2027")
    page.get_by_role("button", name="确定").click()
    expect(page.locator("main")).to_contain_text("两次输入的密码不一致")
    shoot("reset-new-password-mismatch")
    page.locator("#id_new_password1").fill("Newpass2026")
    page.get_by_label("确认新密码").fill("Newpass2026")
    page.get_by_role("button", name="确定").click()

    # 5: 完成, then the new password works
    expect(page.locator(".step.current")).to_contain_text("完成")
    shoot("reset-done")
    fill_login(page, base, "chenjing", "Newpass2026")
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header")).to_contain_text("您好，陈静")
