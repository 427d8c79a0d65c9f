from django.urls import reverse

from accounts import audit
from accounts.models import AuditEvent


class AdminAuditMiddleware:
    """Records every change made through the admin with who, when and from which address.

    Django's own admin log (LogEntry) says what changed; this adds the address and also
    catches actions (such as bulk actions) on any admin page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        user = getattr(request, "user", None)
        if (
            request.method == "POST"
            and request.path.startswith(self.prefix)
            and request.path != reverse("admin:login")
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and response.status_code < 400
        ):
            action = request.POST.get("action", "")
            audit.record(AuditEvent.Kind.ADMIN_CHANGE, request, user=user, detail=f"{request.path} {action}".strip())
        return response
