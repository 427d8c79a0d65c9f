"""Account writes: registration and password reset."""

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
