"""The audit trail of account events, written from signals and from the flows."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import AuditEvent
from core.net import client_ip


def _text(value, limit: int) -> str:
    return str(value or "").replace("\x00", "")[:limit]


def record(kind, request=None, *, user=None, identifier="", detail=""):
    AuditEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        identifier=_text(identifier or (user.username if user else ""), 150),
        ip=client_ip(request),
        user_agent=_text(request.META.get("HTTP_USER_AGENT") if request else "", 255),
        detail=_text(detail, 255),
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(AuditEvent.Kind.LOGIN, request, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEvent.Kind.LOGOUT, request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    locked = bool(request is not None and getattr(request, "axes_locked_out", False))
    record(
        AuditEvent.Kind.LOGIN_LOCKED if locked else AuditEvent.Kind.LOGIN_FAILED,
        request,
        identifier=credentials.get("username", ""),
    )
