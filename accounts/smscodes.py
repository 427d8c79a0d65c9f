"""SMS verification codes: issue, throttle and check.

Codes are 6 digits, kept only as a keyed hash, valid for SMS_CODE_TTL_SECONDS, one resend
per SMS_RESEND_SECONDS, burnt after SMS_MAX_ATTEMPTS wrong tries, and capped per phone and
per IP address each day. All state is in the database, so it holds across app servers.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SmsCode, SmsPurpose, ThrottleKey
from accounts.sms import send_sms


class SmsCodeError(Exception):
    def __init__(self, message: str, *, wait: int = 0):
        super().__init__(message)
        self.message = message
        self.wait = wait


def _hash(phone: str, purpose: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{purpose}:{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _start_of_today() -> datetime.datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def _lock(*keys: str) -> None:
    """Serialise senders to the same phone or address: each key's row is locked, in a fixed order."""
    for key in sorted(keys):
        ThrottleKey.objects.get_or_create(key=key)
    list(ThrottleKey.objects.select_for_update().filter(key__in=keys).order_by("key"))


def sms_code_send(*, phone: str, purpose: SmsPurpose, ip: str | None) -> SmsCode:
    """Issue a new code for `phone` and queue the SMS; raises SmsCodeError when throttled.

    Locks the phone's and the address's throttle rows, so parallel requests cannot slip past
    the resend interval or the daily caps. A new code replaces every earlier unused one for
    the same phone and purpose.
    """
    with transaction.atomic():
        _lock(f"sms:phone:{phone}", *([f"sms:ip:{ip}"] if ip else []))
        now = timezone.now()
        wait = sms_resend_wait(phone=phone, purpose=purpose)
        if wait > 0:
            raise SmsCodeError(_("短信验证码已发送，请%(wait)d秒后再重新获取") % {"wait": wait}, wait=wait)
        today = _start_of_today()
        if SmsCode.objects.filter(phone=phone, created_at__gte=today).count() >= settings.SMS_DAILY_LIMIT_PER_PHONE:
            raise SmsCodeError(_("该手机号今日获取短信验证码次数已达上限，请明天再试"))
        if ip and SmsCode.objects.filter(ip=ip, created_at__gte=today).count() >= settings.SMS_DAILY_LIMIT_PER_IP:
            raise SmsCodeError(_("您今日获取短信验证码次数已达上限，请明天再试"))
        code = f"{secrets.randbelow(10**6):06d}"
        SmsCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True).update(used_at=now)
        record = SmsCode.objects.create(
            phone=phone,
            purpose=purpose,
            code_hash=_hash(phone, purpose, code),
            ip=ip,
            created_at=now,
            expires_at=now + datetime.timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
        )
    minutes = settings.SMS_CODE_TTL_SECONDS // 60
    text = _("您的验证码为%(code)s，%(minutes)d分钟内有效，请勿泄露给他人。") % {"code": code, "minutes": minutes}
    send_sms(phone, text)
    return record


def sms_resend_wait(*, phone: str, purpose: SmsPurpose) -> int:
    """Seconds until another code may be sent to `phone` (0 if it may be sent now)."""
    if not phone:
        return 0
    last = SmsCode.objects.filter(phone=phone, purpose=purpose).order_by("-created_at").first()
    if last is None:
        return 0
    return max(0, settings.SMS_RESEND_SECONDS - int((timezone.now() - last.created_at).total_seconds()))


def sms_code_verify(*, phone: str, purpose: SmsPurpose, code: str) -> SmsCode:
    """Check `code` for `phone` without using it up; every check, right or wrong, counts a try.

    Raises SmsCodeError when it is wrong, expired or out of tries. The conditional update
    claims the try before comparing, so parallel guesses get no more than the allowed tries.
    """
    record = SmsCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True).order_by("-created_at").first()
    if record is None:
        raise SmsCodeError(_("短信验证码无效，请重新获取"))
    if record.expires_at <= timezone.now():
        raise SmsCodeError(_("短信验证码已过期，请重新获取"))
    claimed = SmsCode.objects.filter(pk=record.pk, used_at__isnull=True, attempts__lt=settings.SMS_MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1
    )
    if not claimed:
        raise SmsCodeError(_("短信验证码错误次数过多，请重新获取"))
    if not hmac.compare_digest(record.code_hash, _hash(phone, purpose, (code or "").strip())):
        record.refresh_from_db(fields=["attempts"])
        left = settings.SMS_MAX_ATTEMPTS - record.attempts
        if left <= 0:
            raise SmsCodeError(_("短信验证码错误次数过多，请重新获取"))
        raise SmsCodeError(_("短信验证码不正确，还可尝试%(left)d次") % {"left": left})
    return record


def sms_code_use(record: SmsCode) -> None:
    """Use up a verified code; of two simultaneous uses, one succeeds and the other raises SmsCodeError."""
    used = SmsCode.objects.filter(pk=record.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not used:
        raise SmsCodeError(_("短信验证码无效，请重新获取"))


def sms_code_check(*, phone: str, purpose: SmsPurpose, code: str) -> None:
    """Accept `code` for `phone` once: the code is used up on success; raises SmsCodeError otherwise."""
    sms_code_use(sms_code_verify(phone=phone, purpose=purpose, code=code))
