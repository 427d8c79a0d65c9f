import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts import sms
from accounts.identity import id_check_char
from accounts.models import User

PASSWORD = "Secret2026word"


def main_text(response) -> str:
    """The markup inside <main>, without the hidden idle warning of signed-in pages: what a page says
    in its own body (the header's menu and the footer repeat words many pages use)."""
    found = re.search(r"<main\b[^>]*>(.*?)</main>", response.content.decode(), re.S)
    assert found, "the page has no <main>"
    return re.sub(r'<div id="session-warning".*?</div>', "", found.group(1), flags=re.S)


def valid_id(first17: str) -> str:
    return first17 + id_check_char(first17)


@pytest.fixture(autouse=True)
def _clean_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _clean_cache():
    """A test's rolled-back rows must not live on in the cache (the catalog's options, throttles)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def captcha_passes(monkeypatch):
    """django-simple-captcha's test mode: the answer PASSED is accepted."""
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", True)


CAPTCHA = {"captcha_0": "x", "captcha_1": "PASSED"}


def make_user(username="zhangsan", phone="13812345678", id17="50010219900307123", name="张三", **extra):
    user = User(
        username=username,
        phone=phone,
        id_number=valid_id(id17),
        real_name=name,
        verified_at=timezone.now() - datetime.timedelta(days=1),
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def client_as(who) -> Client:
    """A new client signed in as a user, a reviewer role's user, or the user of a username."""
    if isinstance(who, str):
        who = User.objects.get(username=who)
    client = Client()
    client.force_login(getattr(who, "user", who))
    return client


@pytest.fixture
def applicant(db):
    return make_user()


@pytest.fixture
def owner(client, applicant):
    """The test client, signed in as the applicant (张三) who owns the applications of a test."""
    client.force_login(applicant)
    return client


@pytest.fixture
def stranger(other_applicant):
    """Another signed-in applicant (李四), who owns nothing of the test's."""
    return client_as(other_applicant)


@pytest.fixture
def other_applicant(db):
    return make_user(username="lisi", phone="13987654321", id17="51010219850615224", name="李四")


def last_code(phone: str) -> str:
    """The code in the latest SMS sent to `phone`."""
    import re

    texts = [m.text for m in sms.outbox if m.phone == phone]
    assert texts, f"no SMS to {phone}"
    return re.search(r"(\d{6})", texts[-1]).group(1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo catalog is loaded once, with the test database; each test finds it (see `catalog`)."""
    from titles.demo_catalog import load_demo_catalog

    with django_db_blocker.unblock():
        load_demo_catalog()


@pytest.fixture
def catalog(db):
    """The demo catalog's objects, read afresh for each test. Tests with real transactions run last
    and empty the database after them: there the catalog is loaded again."""
    from titles.demo_catalog import find_demo_catalog, load_demo_catalog

    return find_demo_catalog() or load_demo_catalog()


@pytest.fixture
def unit(catalog):
    from accounts.models import Unit

    return Unit.objects.filter(status=Unit.Status.APPROVED).order_by("pk").first()


@pytest.fixture
def calendar_next_year(db):
    """Publicity periods late in a year reach into the next; the admin has entered that year if the
    chinese-calendar package does not know it yet (as the admin calendar is meant to be used)."""
    import chinese_calendar

    from reviews.models import CalendarYear

    year = timezone.localdate().year + 1
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 4))
    except NotImplementedError:
        CalendarYear.objects.get_or_create(year=year)
