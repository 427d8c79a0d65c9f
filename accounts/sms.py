"""SMS delivery, chosen by the SMS_BACKEND setting like Django's EMAIL_BACKEND.

Messages are handed to a task (`deliver_sms`) so that no request waits for a gateway. The
task's arguments are stored by the queue, so phone and text travel encrypted (Fernet, with
a key derived from SECRET_KEY): codes and temporary passwords never sit in the queue in clear.
"""

import base64
import hashlib
import json
import logging
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass

from cryptography.fernet import Fernet
from django.conf import settings
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    phone: str
    text: str


# Messages "sent" through LocmemBackend, for tests.
outbox: list[Message] = []


class BaseBackend:
    def send(self, message: Message) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Prints the whole message, phone and text, to standard output (development)."""

    def send(self, message: Message) -> None:
        sys.stdout.write(f"[短信] 发送至 {message.phone}：{message.text}\n")
        sys.stdout.flush()


class LocmemBackend(BaseBackend):
    def send(self, message: Message) -> None:
        outbox.append(message)


class HttpGatewayBackend(BaseBackend):
    """Posts {"phone", "content"} as JSON to SMS_GATEWAY_URL with a bearer token."""

    def send(self, message: Message) -> None:
        if not settings.SMS_GATEWAY_URL:
            raise RuntimeError("SMS_GATEWAY_URL is not set")
        body = json.dumps({"phone": message.phone, "content": message.text}).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is operator configuration)
            settings.SMS_GATEWAY_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_GATEWAY_TIMEOUT) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:  # urllib raises for every answer outside 2xx
            status = error.code
            error.close()
        if not 200 <= status < 300:
            raise RuntimeError(f"SMS gateway answered {status}")


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def _fernet() -> Fernet:
    key = hashlib.sha256(f"sms-payload:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


@task()
def deliver_sms(payload: str) -> None:
    message = json.loads(_fernet().decrypt(payload.encode()))
    get_backend().send(Message(phone=message["phone"], text=f"{settings.SMS_SIGNATURE}{message['text']}"))


def send_sms(phone: str, text: str) -> None:
    """Queue a text for delivery; returns at once."""
    payload = _fernet().encrypt(json.dumps({"phone": phone, "text": text}).encode()).decode()
    deliver_sms.enqueue(payload)
