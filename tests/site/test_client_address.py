"""Behind a reverse proxy every request comes from the proxy's address: the client's own address
is taken from X-Forwarded-For (PROXY_COUNT entries from the right) for lockout, SMS caps and audit."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import AuditEvent, SmsCode
from core.net import client_ip
from tests.conftest import CAPTCHA, PASSWORD

PROXY = "127.0.0.1"  # nginx on the same host: every request's REMOTE_ADDR


def through_proxy(address: str, sent_by_client: str = "") -> Client:
    """A client behind nginx: nginx appends the address it saw to whatever the client sent."""
    forwarded = f"{sent_by_client}, {address}" if sent_by_client else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def login(client, password):
    return client.post(reverse("accounts:login"), {"username": "zhangsan", "password": password, **CAPTCHA})


@override_settings(PROXY_COUNT=1)
def test_a_lockout_through_the_proxy_holds_one_client_not_everyone(applicant, captcha_passes):
    attacker = through_proxy("203.0.113.7")
    for _ in range(5):
        login(attacker, "wrong-pass1")
    assert login(attacker, PASSWORD).status_code == 403  # locked out
    # A forged header does not get the attacker out: nginx's own entry is the one that counts.
    assert login(through_proxy("203.0.113.7", sent_by_client="198.51.100.1"), PASSWORD).status_code == 403
    owner = through_proxy("198.51.100.20")
    assert login(owner, PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN, ip="198.51.100.20").exists()
    failed = (AuditEvent.Kind.LOGIN_FAILED, AuditEvent.Kind.LOGIN_LOCKED)
    assert AuditEvent.objects.filter(kind__in=failed, ip="203.0.113.7").count() >= 6
    assert not AuditEvent.objects.filter(ip=PROXY).exists()


@override_settings(PROXY_COUNT=1, SMS_DAILY_LIMIT_PER_IP=2)
def test_the_daily_sms_cap_per_address_counts_each_client(db, captcha_passes):
    url = reverse("accounts:register")
    busy = through_proxy("203.0.113.9")
    for phone in ("13600000001", "13600000002", "13600000003"):
        busy.post(url, {"phone": phone, "send_sms": "1", **CAPTCHA})
    assert SmsCode.objects.filter(ip="203.0.113.9").count() == 2
    other = through_proxy("198.51.100.30")
    other.post(url, {"phone": "13600000004", "send_sms": "1", **CAPTCHA})
    assert SmsCode.objects.filter(ip="198.51.100.30", phone="13600000004").exists()


def test_without_a_proxy_the_header_is_ignored(rf, settings):
    settings.PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="198.51.100.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "198.51.100.5"


@pytest.mark.parametrize(
    "forwarded,count,expected",
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("1.2.3.4, 203.0.113.7", 1, "203.0.113.7"),  # the client's own entry is not trusted
        ("203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),  # load balancer, then nginx
        ("", 1, "127.0.0.1"),  # a health check straight to the app server
        ("not-an-address", 1, "127.0.0.1"),
        (" 2001:db8::1 ", 1, "2001:db8::1"),
    ],
)
def test_the_client_is_the_entry_the_nearest_proxies_added(rf, settings, forwarded, count, expected):
    settings.PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
