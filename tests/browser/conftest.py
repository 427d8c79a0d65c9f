"""Browser journeys in Debian's Chromium, driven by Playwright (never a downloaded browser)."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in the test thread; the ORM calls beside it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def fill_login(page, base: str, identifier: str, password: str = PASSWORD, next_url: str = "") -> None:
    """The login page with account, password and the captcha's test answer filled in, not yet sent."""
    page.goto(f"{base}/accounts/login/{next_url}")
    page.get_by_label("账号").fill(identifier)
    page.get_by_label("密码").fill(password)
    page.locator("input[name=captcha_1]").fill("PASSED")


def log_in(page, base: str, identifier: str, password: str = PASSWORD, next_url: str = "") -> None:
    """Signs in through the login page, as a person does (the test runs with the captcha's test mode)."""
    fill_login(page, base, identifier, password, next_url)
    page.get_by_role("button", name="登录").click()


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError(f"Chromium is required for the browser tests but is not at {CHROMIUM}")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1200, "height": 900}, "locale": "zh-CN"}


@pytest.fixture
def shoot(page, request):
    """shoot("name") saves a full-page screenshot under test-artifacts/screenshots/<test>/."""
    page.set_default_timeout(10_000)
    folder = SCREENSHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def take(name: str, target=None):
        """Screenshot `target` (another person's page), or the test's own page."""
        (target or page).screenshot(path=str(folder / f"{next(counter):02d}-{name}.png"), full_page=True)

    return take
