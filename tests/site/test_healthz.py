"""/healthz: the load balancer's probe and the benchmark's floor page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_healthz_answers_without_login_with_one_query(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")  # plain HTTP: exempt from the HTTPS redirect
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert len(queries) == 1
    assert "no-cache" in response["Cache-Control"]
