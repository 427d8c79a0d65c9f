"""Account writes: registration and password reset."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.models import AuditEvent, User


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
