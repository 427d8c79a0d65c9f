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


def test_readyz_checks_migrations_and_the_task_queue(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "database": "ok", "cache": "ok", "migrations": "ok", "task_queue_age_seconds": 0,
        "task_queue": "ok",
    }  # fmt: skip


def test_readyz_says_when_the_task_worker_is_behind(client, db, settings):
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from accounts.sms import send_sms

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_sms("13800000000", "测试")  # queued: no worker runs in the test
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["task_queue"] == "behind" and response.json()["task_queue_age_seconds"] >= 600


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy(client, db):
    mine = client.get("/healthz")["X-Request-ID"]
    assert len(mine) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abcdef0123456789")["X-Request-ID"] == "abcdef0123456789"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_log_lines_carry_the_request_id_and_can_be_json():
    import json
    import logging

    from django.http import HttpResponse
    from django.test import RequestFactory

    from core.logging import JsonFormatter, RequestIdFilter, RequestIdMiddleware

    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("tests.request_id")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:

        def view(request):
            logger.info("申请书已提交")
            return HttpResponse()

        request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-0123456789")
        RequestIdMiddleware(view)(request)
        logger.info("outside a request")
    finally:
        logger.removeHandler(handler)
    inside, outside = (json.loads(line) for line in lines)
    assert inside["request_id"] == "req-0123456789" and inside["message"] == "申请书已提交"
    assert inside["level"] == "INFO" and inside["logger"] == "tests.request_id"
    assert outside["request_id"] == "-"


def test_every_page_names_its_icon_and_the_icon_exists(client, db):
    from pathlib import Path

    from django.conf import settings

    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg"' in page
    assert (Path(settings.BASE_DIR) / "static" / "img" / "favicon.svg").read_text().startswith("<svg")


def test_the_footer_carries_what_a_government_site_does(client, db, settings):
    settings.SITE_CONTACT, settings.SITE_ICP, settings.SITE_GOV_CODE = (
        "咨询电话：023-12333",
        "渝ICP备12345678号",
        "5000000001",
    )
    page = client.get("/").content.decode()
    footer = page[page.index("<footer") :]
    assert "主办单位：重庆市人力资源和社会保障局" in footer and "咨询电话：023-12333" in footer
    assert "渝ICP备12345678号" in footer and "政府网站标识码：5000000001" in footer
    settings.SITE_ICP = ""
    assert "ICP" not in client.get("/").content.decode().split("<footer")[1]
