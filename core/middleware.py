"""Requests larger than MAX_REQUEST_BYTES are answered 413 from their Content-Length, unread.

It sits near the top of MIDDLEWARE, before sessions, CSRF and anything else that reads the
body, so an oversized upload costs neither parsing nor temporary files. The reverse proxy in
front should refuse the same size (nginx: client_max_body_size) so the bytes are not even sent.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty, so there is nothing to limit
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            context = {"limit_mb": limit // (1024 * 1024)}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Idle expiry without a database write on every request.

    The session's expiry moves on when the session is saved; saving it on every request
    (SESSION_SAVE_EVERY_REQUEST) costs an UPDATE per page view at deadline peak. Here a signed-in
    session is saved at most once every SESSION_REFRESH_SECONDS, so the idle timeout is exact to
    within that much. It sits after SessionMiddleware, which does the saving.
    """

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or session.modified or "_auth_user_id" not in session:
            return response
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[self.KEY] = now
        return response


@receiver(user_logged_in)
def _session_saved_at_login(sender, request, user, **kwargs):
    # Logging in saves the session: its expiry is fresh.
    if request is not None and hasattr(request, "session"):
        request.session[SessionRefreshMiddleware.KEY] = int(time.time())
