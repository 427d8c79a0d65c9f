"""The optional read replica: reviewer lists and reports read from it, everything else from the
primary. A view opts in with @reads_from_replica; without DATABASE_REPLICA_URL nothing changes.

A replica lags the primary by a moment, so only pages where that does not matter use it: the
queues and the roster (an application approved a second ago may show in its old state once). The
reviewer's detail page, every write and everything an applicant sees read the primary.
"""

import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
_replica = contextvars.ContextVar("reads_from_replica", default=False)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = _replica.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _replica.reset(token)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # it follows the primary by replication
