"""The optional read replica: only the views that opt in read from it, and only when it is configured."""

from django.urls import reverse

from core.routers import REPLICA, ReplicaRouter, _replica, reads_from_replica
from tests.conftest import client_as
from titles.models import Application


def test_reads_go_to_the_replica_only_inside_an_opted_in_view(settings, monkeypatch):
    monkeypatch.setitem(settings.DATABASES, REPLICA, dict(settings.DATABASES["default"]))
    router = ReplicaRouter()
    seen = []
    view = reads_from_replica(lambda: seen.append(router.db_for_read(Application)))
    view()
    assert seen == [REPLICA]
    assert router.db_for_read(Application) is None  # outside the view: the primary
    assert router.db_for_write(Application) is None  # writes always go to the primary
    assert not router.allow_migrate(REPLICA, "titles") and router.allow_migrate("default", "titles")


def test_without_a_replica_everything_reads_the_primary(settings):
    assert REPLICA not in settings.DATABASES
    router = ReplicaRouter()
    assert reads_from_replica(lambda: router.db_for_read(Application))() is None


def test_the_queues_and_the_roster_read_from_the_replica_and_the_detail_does_not(submitted, roles, monkeypatch):
    """Which reads each page sends to the replica, seen by the router itself."""
    asked = []
    real = ReplicaRouter.db_for_read

    def watching(self, model, **hints):
        asked.append(_replica.get())
        return real(self, model, **hints)

    monkeypatch.setattr(ReplicaRouter, "db_for_read", watching)
    role = roles["unit"]
    client = client_as(role)
    for url, replica in (
        (reverse("reviews:queue", args=[role.pk]), True),
        (reverse("reviews:roster", args=[role.pk]), True),
        (reverse("reviews:detail", args=[role.pk, submitted.pk]), False),
    ):
        asked.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        # The session and the user are read before the view, from the primary; then the view's own reads.
        inside = asked[asked.index(True) :] if True in asked else []
        assert (bool(inside) and all(inside)) if replica else not inside, (url, asked)
