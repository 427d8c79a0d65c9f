"""The development server must not keep a database connection per request thread.

runserver starts a thread for every request; with persistent connections each thread kept its
own, and a burst of requests exhausted PostgreSQL's connection slots.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
]

ROOT = Path(__file__).resolve().parents[2]
APP_NAME = "zc-runserver-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APP_NAME])
        return cursor.fetchone()[0]


def test_a_burst_of_requests_to_runserver_leaves_no_connections_open():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"{url}?application_name={APP_NAME}",
        "DEBUG": "1",
    }
    env.pop("DATABASE_CONN_MAX_AGE", None)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=5).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)

        def fetch(_):
            # The login page stores a captcha: every request uses the database.
            return urllib.request.urlopen(f"{base}/accounts/login/", timeout=30).status  # noqa: S310

        with ThreadPoolExecutor(max_workers=30) as pool:
            statuses = list(pool.map(fetch, range(30)))
        assert statuses == [200] * 30
        time.sleep(0.5)
        assert server_connections() <= 1
    finally:
        server.terminate()
        server.wait(timeout=10)
