import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from accounts import sms
from accounts.sms import ConsoleBackend, HttpGatewayBackend, Message
from accounts.verification import GovernmentServiceVerifier, LocalVerifier
from tests.conftest import valid_id


@pytest.fixture
def local_service():
    """A real HTTP server on 127.0.0.1 that records requests and answers with `reply`."""
    received, reply = [], {"status": 200, "body": {}}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"headers": dict(self.headers), "json": json.loads(body)})
            self.send_response(reply["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(reply["body"]).encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/", received, reply
    server.shutdown()


def test_the_http_gateway_posts_phone_and_text_with_the_token(local_service, settings):
    url, received, _ = local_service
    settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN = url, "gateway-token"
    HttpGatewayBackend().send(Message("13800000000", "您的验证码为123456"))
    assert received[0]["json"] == {"phone": "13800000000", "content": "您的验证码为123456"}
    assert received[0]["headers"]["Authorization"] == "Bearer gateway-token"


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_a_failing_gateway_raises_with_its_status_so_the_task_records_it(local_service, settings, status):
    url, received, reply = local_service
    settings.SMS_GATEWAY_URL = url
    reply["status"] = status
    with pytest.raises(RuntimeError, match=f"SMS gateway answered {status}"):
        HttpGatewayBackend().send(Message("13800000000", "x"))
    assert len(received) == 1  # the gateway answered: not a refused connection


def test_any_2xx_from_the_gateway_is_accepted(local_service, settings):
    url, received, reply = local_service
    settings.SMS_GATEWAY_URL, reply["status"] = url, 202
    HttpGatewayBackend().send(Message("13800000000", "x"))
    assert len(received) == 1


def test_an_unreachable_gateway_raises(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/"  # the discard port: nothing listens
    with pytest.raises(OSError):
        HttpGatewayBackend().send(Message("13800000000", "x"))


def test_sending_goes_through_the_task_and_the_configured_backend(settings):
    settings.SMS_BACKEND = "accounts.sms.LocmemBackend"
    sms.send_sms("13800000000", "测试")
    assert sms.outbox[-1] == Message("13800000000", f"{settings.SMS_SIGNATURE}测试")


def test_the_console_backend_prints_phone_and_whole_text(capsys):
    ConsoleBackend().send(Message("13800000000", "您的验证码为654321，5分钟内有效"))
    assert "13800000000" in capsys.readouterr().out
    ConsoleBackend().send(Message("13800000000", "您的验证码为654321，5分钟内有效"))
    assert "您的验证码为654321，5分钟内有效" in capsys.readouterr().out


def test_the_local_verifier_checks_name_and_number():
    number = valid_id("50010319900101001")
    assert LocalVerifier().verify("王小明", "resident", number).ok
    assert not LocalVerifier().verify("王小明", "resident", number[:-1] + "Y").ok
    assert not LocalVerifier().verify("1", "resident", number).ok


def test_the_government_verifier_asks_the_service(local_service, settings):
    url, received, reply = local_service
    settings.REALNAME_SERVICE_URL, settings.REALNAME_SERVICE_TOKEN = url, "id-token"
    number = valid_id("50010319900101001")
    reply["body"] = {"match": True}
    assert GovernmentServiceVerifier().verify("王小明", "resident", number).ok
    assert received[0]["json"] == {"name": "王小明", "id_type": "resident", "id_number": number}
    reply["body"] = {"match": False, "message": "姓名与身份证号码不一致"}
    result = GovernmentServiceVerifier().verify("王小明", "resident", number)
    assert (result.ok, result.message) == (False, "姓名与身份证号码不一致")


def test_the_government_verifier_says_when_the_service_is_down(settings):
    settings.REALNAME_SERVICE_URL = "http://127.0.0.1:9/"
    result = GovernmentServiceVerifier().verify("王小明", "resident", valid_id("50010319900101001"))
    assert not result.ok and "暂时不可用" in result.message


@pytest.mark.parametrize(("value", "expected"), [("", "False"), ("1", "True"), ("0", "False")])
def test_captcha_test_mode_is_switched_by_the_environment_only(value, expected):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "CAPTCHA_TEST_MODE": value}
    code = "import django; django.setup(); from captcha.conf import settings; print(settings.CAPTCHA_TEST_MODE)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected
