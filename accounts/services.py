"""Account writes: registration and password reset."""

import datetime
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditEvent, User
from accounts.sms import send_sms


class AccountTaken(Exception):
    """Someone registered the same account, phone or ID number first."""


def user_register(
    *, request, username: str, password_hash: str, real_name: str, id_type: str, id_number: str, phone: str
) -> User:
    """Create a verified account from a registration that passed 实名认证.

    The database constraints decide races between two registrations of the same
    account, phone or ID number: the loser gets AccountTaken and nothing is written.
    """
    try:
        with transaction.atomic():
            user = User(
                username=username,
                real_name=real_name,
                id_type=id_type,
                id_number=id_number,
                phone=phone,
                verified_at=timezone.now(),
                password=password_hash,
            )
            user.save()
    except IntegrityError:
        raise AccountTaken from None
    audit.record(AuditEvent.Kind.REGISTERED, request, user=user)
    return user


def user_reset_password(*, request, user: User, password: str, detail: str) -> None:
    """Set a new password. The session hash changes with it, so every other session of the user ends."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(AuditEvent.Kind.PASSWORD_RESET, request, user=user, detail=detail)


def manual_reset_throttled(*, user: User, ip: str | None) -> bool:
    """Whether another 通过人工找回 request for this account, or from this address, is over today's cap."""
    from accounts.models import PasswordResetRequest

    since = timezone.now() - datetime.timedelta(days=1)
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    if recent.filter(user=user).count() >= settings.MANUAL_RESET_DAILY_LIMIT_PER_ACCOUNT:
        return True
    return bool(ip) and recent.filter(ip=ip).count() >= settings.MANUAL_RESET_DAILY_LIMIT_PER_IP


def manual_reset_decide(*, reset_request, staff, approve: bool, request=None) -> bool:
    """通过人工找回, decided by staff: approving sets a temporary password, ends the account's other
    sessions and texts the password to the contact phone given in the request; refusing closes it.
    The request's row is locked: two administrators deciding at once decide once. Returns whether
    this call decided (False: it was no longer pending)."""
    from accounts.models import PasswordResetRequest

    with transaction.atomic():
        locked = (
            PasswordResetRequest.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=reset_request.pk, status=PasswordResetRequest.Status.PENDING)
            .first()
        )
        if locked is None:
            return False
        locked.status = PasswordResetRequest.Status.APPROVED if approve else PasswordResetRequest.Status.REJECTED
        locked.handled_by, locked.handled_at = staff, timezone.now()
        locked.save(update_fields=["status", "handled_by", "handled_at"])
        if not approve:
            audit.record(AuditEvent.Kind.PASSWORD_RESET_REQUEST, request, user=locked.user, detail=_("人工找回：驳回"))
            return True
        temporary = f"Zc{secrets.token_hex(4)}{secrets.randbelow(10)}"
        user_reset_password(request=request, user=locked.user, password=temporary, detail=_("人工找回"))
        text = _("您的密码已由工作人员重置，临时密码为%(password)s，请登录后尽快修改。") % {"password": temporary}
        phone = locked.contact_phone
        transaction.on_commit(lambda: send_sms(phone, text))
    return True
