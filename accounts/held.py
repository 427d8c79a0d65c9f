"""Nothing typed is lost when a session ends while someone is filling in a form.

A POST that reaches a login-protected page after the session expired is kept on the server
(text fields only, for HELD_POST_SECONDS) for the account last signed in on that browser, named
by a signed cookie. After that account logs in again, the page that showed the form gets the
kept values back (static/js/session.js fills them in) and says so.
"""

import datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.models import HeldPost

USER_COOKIE = "zc_last_user"
HELD_COOKIE = "zc_held"
COOKIE_SALT = "accounts.held"
# Fields never kept: tokens and one-time answers that would be stale anyway.
SKIPPED = {"csrfmiddlewaretoken", "captcha_0", "captcha_1", "sms_code", "password", "password1", "password2"}
MAX_BYTES = 256 * 1024


def _last_user_id(request) -> int | None:
    try:
        value = request.get_signed_cookie(USER_COOKIE, salt=COOKIE_SALT, max_age=settings.HELD_POST_USER_SECONDS)
    except (KeyError, signing.BadSignature, ValueError):
        return None
    return int(value) if str(value).isdigit() else None


def _page_of(request) -> str:
    """The page the form was on (the referring page of this site), or the posted path."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        parts = urlsplit(referer)
        return (parts.path + (f"?{parts.query}" if parts.query else ""))[:500]
    return request.get_full_path()[:500]


def _kept_fields(request) -> list[list[str]]:
    data, size = [], 0
    for name, values in request.POST.lists():
        if name in SKIPPED:
            continue
        for value in values:
            size += len(name) + len(value)
            if size > MAX_BYTES:
                return data
            data.append([name, value.replace("\x00", "")])
    return data


def _is_login_redirect(response) -> bool:
    return isinstance(response, HttpResponseRedirect) and response.url.startswith(resolve_url(settings.LOGIN_URL))


class HeldPostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated)
        if signed_in and request.method == "GET" and request.COOKIES.get(HELD_COOKIE):
            self.restore(request, user)
        response = self.get_response(request)
        if signed_in:
            if _last_user_id(request) != user.pk:
                response.set_signed_cookie(
                    USER_COOKIE,
                    str(user.pk),
                    salt=COOKIE_SALT,
                    max_age=settings.HELD_POST_USER_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            if getattr(request, "held_post", None) is not None:
                response.delete_cookie(HELD_COOKIE)
        elif request.method == "POST" and _is_login_redirect(response):
            response = self.hold(request, response)
        return response

    def hold(self, request, response):
        user_id = _last_user_id(request)
        data = _kept_fields(request)
        if user_id is None or not data:
            return response
        page = _page_of(request)
        HeldPost.objects.create(user_id=user_id, page=page, action=request.path[:500], data=data)
        HeldPost.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
        messages.warning(
            request,
            _("登录已超时，您刚才填写的内容已暂存。请重新登录，登录后将自动填回（所选文件需重新选择）。"),
        )
        login_url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': page})}"
        held = HttpResponseRedirect(login_url)
        held.set_cookie(
            HELD_COOKIE, "1", max_age=settings.HELD_POST_SECONDS, httponly=True, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )  # fmt: skip
        return held

    def restore(self, request, user):
        since = timezone.now() - datetime.timedelta(seconds=settings.HELD_POST_SECONDS)
        held = (
            HeldPost.objects.filter(user=user, page=request.get_full_path()[:500], created_at__gte=since)
            .order_by("-created_at")
            .first()
        )
        if held is None:
            return
        request.held_post = {"action": held.action, "fields": held.data}
        HeldPost.objects.filter(user=user, page=held.page).delete()
        messages.info(request, _("已填回您登录超时前填写的内容，请检查后重新保存。"))
