"""Health checks for load balancers and monitoring: no login, no personal data.

/healthz answers whether this server can serve: the database answers an indexed query and the
cache answers (it is also the load benchmark's floor, so it stays this cheap). /readyz is what a
load balancer or a deployment asks before sending traffic: the same, no migration left unapplied
for this code, and how long the oldest waiting task has waited (SMS go through the task queue).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

# Seconds a task may wait before /readyz says the worker is behind (or not running).
TASK_QUEUE_STALE_SECONDS = getattr(settings, "TASK_QUEUE_STALE_SECONDS", 300)
_migrations_done = False  # once true for this process, it stays true (the code does not change under it)


def _database() -> str:
    try:
        get_user_model().objects.filter(pk=1).exists()
    except DatabaseError:
        return "error"
    return "ok"


def _cache() -> str:
    try:
        cache.get("healthz")
    except Exception:  # noqa: BLE001 - any cache failure is reported, not raised
        return "error"
    return "ok"


def _migrations() -> str:
    global _migrations_done
    if not _migrations_done:
        try:
            executor = MigrationExecutor(connection)
            _migrations_done = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError:
            return "error"
    return "ok" if _migrations_done else "pending"


def _oldest_task_seconds() -> int | None:
    """How long the oldest task ready to run has waited; None when the queue is not in the database."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return None
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return int((timezone.now() - oldest).total_seconds()) if oldest else 0


def _answer(checks: dict) -> JsonResponse:
    healthy = all(value == "ok" for key, value in checks.items() if key != "task_queue_age_seconds")
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


@never_cache
def healthz(request):
    """200 when the database answers an indexed query and the cache answers; 503 otherwise."""
    return _answer({"database": _database(), "cache": _cache()})


@never_cache
def readyz(request):
    """200 when this server may take traffic: database, cache, migrations applied, tasks not stuck."""
    checks = {"database": _database(), "cache": _cache()}
    if checks["database"] == "ok":
        checks["migrations"] = _migrations()
        try:
            age = _oldest_task_seconds()
        except DatabaseError:
            checks["task_queue"] = "error"
        else:
            if age is not None:
                checks["task_queue_age_seconds"] = age
                checks["task_queue"] = "ok" if age <= TASK_QUEUE_STALE_SECONDS else "behind"
    return _answer(checks)
