"""Real-name verification (实名认证) and face verification (刷脸), pluggable by settings.

REALNAME_VERIFIER names a class with `verify(real_name, id_type, id_number) -> Result`.
The default, LocalVerifier, does what can be done without the government service: the
GB 11643 check digit, a real date of birth and a region code. GovernmentServiceVerifier
posts the pair to REALNAME_SERVICE_URL and expects {"match": true|false, "message": "..."}.
"""

import json
import re
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.identity import validate_id_number

NAME_RE = re.compile(r"^[\u4e00-\u9fff·•A-Za-z .]{2,30}$")


@dataclass(frozen=True)
class Result:
    ok: bool
    message: str = ""


class LocalVerifier:
    # Only the form of the number is checked here: `check --deploy` warns unless a verifier
    # that asks the identity service is configured.
    confirms_identity = False

    def verify(self, real_name: str, id_type: str, id_number: str) -> Result:
        if not NAME_RE.fullmatch(real_name or ""):
            return Result(False, _("姓名格式不正确"))
        try:
            validate_id_number(id_type, id_number)
        except ValidationError as error:
            return Result(False, error.messages[0])
        return Result(True)


class GovernmentServiceVerifier(LocalVerifier):
    """Checks the format locally, then asks the identity service whether name and number match."""

    confirms_identity = True

    def verify(self, real_name: str, id_type: str, id_number: str) -> Result:
        local = super().verify(real_name, id_type, id_number)
        if not local.ok:
            return local
        body = json.dumps({"name": real_name, "id_type": id_type, "id_number": id_number}).encode()
        request = urllib.request.Request(  # noqa: S310 (operator configuration)
            settings.REALNAME_SERVICE_URL,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.REALNAME_SERVICE_TOKEN}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                answer = json.load(response)
        except (OSError, ValueError):
            return Result(False, _("实名认证服务暂时不可用，请稍后再试"))
        if answer.get("match"):
            return Result(True)
        return Result(False, answer.get("message") or _("姓名与证件号码不一致，实名认证未通过"))


def get_verifier():
    return import_string(settings.REALNAME_VERIFIER)()


class UnavailableFaceVerifier:
    """刷脸找回 needs the government mobile app; this platform cannot do it on its own."""

    available = False
    message = _("刷脸找回需使用重庆市政务APP完成，本平台暂不支持此方式，请选择通过手机找回或通过人工找回。")

    def start(self, request, user):  # pragma: no cover - never called while unavailable
        raise NotImplementedError


def get_face_verifier():
    return import_string(settings.FACE_VERIFIER)()
