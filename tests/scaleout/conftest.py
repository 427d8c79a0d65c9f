"""The production shape on one machine: Debian's nginx in front of two gunicorn servers, one
PostgreSQL database, Redis, and an S3 endpoint on loopback (moto's server).

Everything runs as real processes with the production settings (DEBUG off); the test talks to
them over HTTP only. It needs PostgreSQL (DATABASE_URL), nginx, Redis and moto_server; .ci/run
installs what is missing and sets REQUIRE_SCALEOUT=1, so there a missing part fails the test.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/13")
TOOLS = ROOT / "var" / "tools-venv" / "bin"


def moto_server() -> str | None:
    return (
        os.environ.get("MOTO_SERVER")
        or shutil.which("moto_server")
        or (str(TOOLS / "moto_server") if (TOOLS / "moto_server").exists() else None)
    )


def missing() -> list[str]:
    what = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        what.append("PostgreSQL (DATABASE_URL)")
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        what.append("nginx")
    if not moto_server():
        what.append("moto_server")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        what.append("Redis on 127.0.0.1:6379")
    return what


def pytest_collection_modifyitems(config, items):
    gone = missing()
    if not gone:
        return
    if os.environ.get("REQUIRE_SCALEOUT") == "1":
        raise pytest.UsageError(f"the scale-out test needs {', '.join(gone)}")
    skip = pytest.mark.skip(reason=f"needs {', '.join(gone)}")
    for item in items:
        if "scaleout" in str(item.fspath):
            item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited ({process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer {url}")


class Shape:
    """The running processes and how to reach them."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes: dict[str, subprocess.Popen] = {}
        db = settings.DATABASES["default"]
        self.database = f"zc_scaleout_{os.getpid()}"
        self.admin_dsn = f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname=postgres"
        self.database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{self.database}"
        self.s3_port, self.ports = free_port(), {"a": free_port(), "b": free_port()}
        self.nginx = {"a": free_port(), "b": free_port(), "both": free_port()}
        self.bucket = "zc-scaleout"

    def env(self) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "scale-out-test-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "CAPTCHA_TEST_MODE": "1",
            "SMS_BACKEND": "console",
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL,
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": "scaleout",
            "S3_SECRET_ACCESS_KEY": "scaleout",
            "PROXY_COUNT": "1",
            "STATIC_ROOT": str(self.workdir / "static"),
            "LOG_LEVEL": "WARNING",
        }

    def admin(self, sql: str) -> None:
        with psycopg.connect(self.admin_dsn, autocommit=True) as connection:
            connection.execute(sql)

    def start(self, name: str, cmd: list[str], env: dict | None = None) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603
            cmd, cwd=ROOT, env=env or self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.processes[name] = process
        return process

    def manage(self, *args: str) -> None:
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=self.env(), check=True, capture_output=True)  # noqa: S603

    def gunicorn(self, name: str) -> None:
        env = {**self.env(), "GUNICORN_BIND": f"127.0.0.1:{self.ports[name]}", "GUNICORN_WORKERS": "2"}
        cmd = [PY, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--no-control-socket", "config.wsgi"]
        process = self.start(f"app-{name}", cmd, env)
        wait_for(f"http://127.0.0.1:{self.ports[name]}/healthz", process, f"app server {name}")

    def stop(self, name: str, sig=signal.SIGTERM) -> None:
        process = self.processes.get(name)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def nginx_conf(self) -> Path:
        proxy = ROOT / "deploy" / "nginx" / "proxy.conf"
        servers = {
            "a": f"server 127.0.0.1:{self.ports['a']};",
            "b": f"server 127.0.0.1:{self.ports['b']};",
            "both": f"server 127.0.0.1:{self.ports['a']} max_fails=1 fail_timeout=30s; "
            f"server 127.0.0.1:{self.ports['b']} max_fails=1 fail_timeout=30s;",
        }
        blocks = "".join(
            f"upstream app_{name} {{ {upstream} }}\n"
            f"server {{ listen 127.0.0.1:{self.nginx[name]}; "
            f"location / {{ include {proxy}; proxy_pass http://app_{name}; }} }}\n"
            for name, upstream in servers.items()
        )
        temp = self.workdir / "nginx-temp"
        temp.mkdir(exist_ok=True)
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            f"worker_processes 1; daemon off; pid {self.workdir / 'nginx.pid'};\n"
            f"error_log {self.workdir / 'nginx-error.log'};\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            f"  access_log {self.workdir / 'nginx-access.log'}; client_body_temp_path {temp};\n"
            f"  proxy_temp_path {temp}; fastcgi_temp_path {temp}; uwsgi_temp_path {temp}; scgi_temp_path {temp};\n"
            f"{blocks}}}\n"
        )
        return conf

    def url(self, through: str) -> str:
        return f"http://127.0.0.1:{self.nginx[through]}"


@pytest.fixture(scope="session")  # once per test run: other tests may run between these on a worker
def shape(tmp_path_factory):
    import boto3

    shape = Shape(tmp_path_factory.mktemp("scaleout"))
    try:
        moto = shape.start("s3", [moto_server(), "-p", str(shape.s3_port)], os.environ.copy())
        wait_for(f"http://127.0.0.1:{shape.s3_port}/", moto, "moto_server")
        boto3.client(
            "s3", endpoint_url=f"http://127.0.0.1:{shape.s3_port}", region_name="us-east-1",
            aws_access_key_id="scaleout", aws_secret_access_key="scaleout",
        ).create_bucket(Bucket=shape.bucket)  # fmt: skip
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        shape.admin(f'DROP DATABASE IF EXISTS "{shape.database}" WITH (FORCE)')
        shape.admin(f'CREATE DATABASE "{shape.database}"')
        shape.manage("migrate", "--noinput", "-v0")
        shape.manage("collectstatic", "--noinput", "-v0")
        shape.manage("demo_data")
        shape.gunicorn("a")
        shape.gunicorn("b")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        proxy = shape.start("nginx", [nginx, "-c", str(shape.nginx_conf()), "-p", str(shape.workdir)])
        wait_for(f"{shape.url('both')}/healthz", proxy, "nginx")
        yield shape
    finally:
        for name in list(shape.processes):
            shape.stop(name)
        shape.admin(f'DROP DATABASE IF EXISTS "{shape.database}" WITH (FORCE)')
