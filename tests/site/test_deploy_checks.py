"""`manage.py check --deploy` warns about the development defaults that are unsafe in production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def check_deploy(**env) -> str:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SMS_", "REALNAME_", "CAPTCHA_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-test-only-secret-key-that-is-long-enough-for-the-check-0123456789",
        "ALLOWED_HOSTS": "zc.example.org",
        **env,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    return result.stdout + result.stderr


def test_the_development_defaults_are_flagged():
    output = check_deploy()
    assert "accounts.W001" in output  # SMS codes printed to the log
    assert "accounts.W003" in output  # any well-formed ID number accepted
    assert "accounts.W004" not in output


def test_the_production_settings_pass():
    output = check_deploy(
        SMS_BACKEND="http",
        SMS_GATEWAY_URL="https://sms.example.org/send",
        SMS_GATEWAY_TOKEN="t0ken",
        REALNAME_VERIFIER="accounts.verification.GovernmentServiceVerifier",
        REALNAME_SERVICE_URL="https://id.example.org/verify",
    )
    assert "accounts.W" not in output, output


def test_a_gateway_without_its_address_and_the_captcha_test_mode_are_flagged():
    output = check_deploy(SMS_BACKEND="http", CAPTCHA_TEST_MODE="1")
    assert "accounts.W002" in output
    assert "accounts.W004" in output
