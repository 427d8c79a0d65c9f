"""Health check for load balancers and monitoring: no login, no personal data."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 when the database answers an indexed query and the cache answers; 503 otherwise."""
    checks = {}
    try:
        get_user_model().objects.filter(pk=1).exists()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "error"
    try:
        cache.get("healthz")
        checks["cache"] = "ok"
    except Exception:  # noqa: BLE001 - any cache failure is reported, not raised
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
