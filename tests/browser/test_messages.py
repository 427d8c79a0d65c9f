"""Messages people must see: the captcha's, on every form that has one, at desktop and phone width."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAPTCHA_BOX = "图片验证码：请输入图中的字符"


@pytest.mark.parametrize(
    ("path", "button"),
    [("/accounts/login/", "登录"), ("/accounts/register/", "注册"), ("/accounts/password/reset/", "下一步")],
)
def test_an_empty_captcha_says_so_under_the_field(page, live_server, shoot, path, button):
    page.goto(f"{live_server.url}{path}")
    box = page.get_by_role("textbox", name=CAPTCHA_BOX)  # the answer box has a name of its own
    expect(box).to_be_visible()
    page.locator("main form").get_by_role("button", name=button, exact=True).click()
    message = page.get_by_text("图片验证码不能为空")
    expect(message).to_be_visible()
    shoot(f"captcha-message{path.replace('/', '-').rstrip('-')}")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(message).to_be_visible()
    shoot(f"captcha-message{path.replace('/', '-').rstrip('-')}-phone")
