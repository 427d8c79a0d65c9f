"""Deployment checks of the project's own: `manage.py check --deploy` warns about development
defaults that would be unsafe on a public site."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.utils.module_loading import import_string

DEVELOPMENT_SMS = {"accounts.sms.ConsoleBackend", "accounts.sms.LocmemBackend"}


@register(Tags.security, deploy=True)
def development_backends(app_configs, **kwargs):
    from accounts.sms import HttpGatewayBackend
    from accounts.verification import GovernmentServiceVerifier

    warnings = []
    sms_backend = import_string(settings.SMS_BACKEND) if settings.SMS_BACKEND else None
    if settings.SMS_BACKEND in DEVELOPMENT_SMS or sms_backend is None:
        warnings.append(
            Warning(
                "SMS_BACKEND prints or keeps SMS messages (with their codes) instead of sending them.",
                hint="Set SMS_BACKEND=http with SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN.",
                id="accounts.W001",
            )
        )
    elif issubclass(sms_backend, HttpGatewayBackend) and not (settings.SMS_GATEWAY_URL and settings.SMS_GATEWAY_TOKEN):
        warnings.append(
            Warning(
                "SMS_BACKEND=http has no SMS_GATEWAY_URL or SMS_GATEWAY_TOKEN.",
                hint="Set both, or no SMS code will ever arrive.",
                id="accounts.W002",
            )
        )
    verifier = import_string(settings.REALNAME_VERIFIER)
    if not getattr(verifier, "confirms_identity", False):
        warnings.append(
            Warning(
                "REALNAME_VERIFIER checks only the form of an ID number: any well-formed number is accepted "
                "as a real person.",
                hint="Set REALNAME_VERIFIER=accounts.verification.GovernmentServiceVerifier with "
                "REALNAME_SERVICE_URL and REALNAME_SERVICE_TOKEN.",
                id="accounts.W003",
            )
        )
    elif issubclass(verifier, GovernmentServiceVerifier) and not settings.REALNAME_SERVICE_URL:
        warnings.append(
            Warning(
                "REALNAME_VERIFIER asks the identity service but REALNAME_SERVICE_URL is empty.", id="accounts.W005"
            )
        )
    if settings.CAPTCHA_TEST_MODE:
        warnings.append(
            Warning(
                "CAPTCHA_TEST_MODE accepts the answer PASSED for every image captcha.",
                hint="Unset CAPTCHA_TEST_MODE outside tests and demos.",
                id="accounts.W004",
            )
        )
    return warnings
