"""Requests larger than MAX_REQUEST_BYTES are answered 413 from their Content-Length, unread.

It sits near the top of MIDDLEWARE, before sessions, CSRF and anything else that reads the
body, so an oversized upload costs neither parsing nor temporary files. The reverse proxy in
front should refuse the same size (nginx: client_max_body_size) so the bytes are not even sent.
"""

from django.conf import settings
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
