"""The load benchmark behind `make bench`: locust against gunicorn + PostgreSQL, written to bench/RESULTS.md.

    make bench                                  # 10,000 and 200,000 applications, 20 s per scenario
    BENCH_SIZES=10000 BENCH_SECONDS=10 make bench
    BENCH_ONLY=healthz,queue_unit,mixed make bench
    .venv/bin/python bench/run.py --smoke       # 300 applications, 3 s, 10 users: proves the harness
    .venv/bin/python bench/run.py --fill-only   # only generate the databases (the 200k one takes long)

For each size it fills a database of its own once (zc_bench_10k, …: `manage.py generate_data`, then
kept as zc_bench_10k_pristine) and starts every run from a fresh copy of it, so writes (submit,
approve) always find their pools full. It counts each page's queries in-process (Django test client),
serves the site with gunicorn (deploy/gunicorn.conf.py: 2 × cores + 1 sync workers, DEBUG off) and
Redis as the cache, runs each scenario of bench/locustfile.py headless at every user level, and
compares each page with /healthz (the floor) measured in the same run: the machine is shared, so
only ratios within one run mean anything.

Environment: BENCH_SIZES ("10000,200000"), BENCH_SECONDS (20), BENCH_USERS ("10,50"), BENCH_ONLY
(scenario names), BENCH_REGENERATE=1 (fill the databases again).
"""

import argparse
import csv
import datetime
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
WHY = ROOT / "bench" / "WHY.md"
PY = sys.executable
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
SETUP_SECONDS = 150  # the users' logins before the window (bench/locustfile.py waits up to 120 s for them)
# At the end of the window users finish the request they are waiting for (answer or the locustfile's 60 s
# timeout), so a slow page's queued requests are counted rather than dropped.
STOP_SECONDS = 65
HOUR = 3600  # every child process is bounded in time; generating 200,000 applications takes the longest
ROW_MARKER = "压测"  # bench/locustfile.py marks the rows it saves with this prefix

# (name in bench/locustfile.py and BENCH_ONLY, what the results call it)
SCENARIOS = [
    ("healthz", "/healthz (floor)"),
    ("login_get", "登录页 GET"),
    ("login_post", "登录 POST"),
    ("my_applications", "我的申请书"),
    ("section_get", "栏目页 工作经历 GET"),
    ("row_save", "保存一行 POST"),
    ("preview_200", "申请书预览 200 行"),
    ("submit", "提交 POST"),
    ("queue_unit", "单位审核 队列第1页"),
    ("queue_dept", "主管部门 队列第1页"),
    ("queue_centre", "人才交流中心 队列第1页"),
    ("queue_committee", "评审委员会 队列第1页"),
    ("queue_filtered", "单位队列 按姓名筛选"),
    ("queue_late", "单位队列 后面的页"),
    ("detail", "审核详情"),
    ("approve", "通过 POST"),
    ("notices", "公示公告"),
    ("roster", "花名册 Excel"),
    ("mixed", "混合: 截止周"),
]
LABELS = dict(SCENARIOS)
# Budgets (see README): pages held to 3× the floor, except these.
OWN_BUDGET = {"healthz", "login_post", "preview_200", "mixed"}

_children: list[subprocess.Popen] = []


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def database_url(name: str) -> str:
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def site_env(database: str, label: str) -> dict:
    """The environment of the served site and of everything run against its database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "CAPTCHA_TEST_MODE": "1",
        "SMS_BACKEND": "locmem",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "DATABASE_URL": database_url(database),
        # As deployed: the shared cache (and the sessions' cache layer) in Redis.
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / f"uploads-{label}"),
        # Sessions made before the load must outlive a long run.
        "SESSION_IDLE_SECONDS": "43200",
        "LOG_LEVEL": "WARNING",
    }


def run(cmd: list[str], env: dict, timeout: float) -> None:
    """A command to completion in its own process group (killed with it on timeout or interrupt)."""
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    _children.append(process)
    try:
        code = process.wait(timeout=timeout)
    finally:
        stop(process)
    if code != 0:
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}")


def stop(process: subprocess.Popen, grace: float = 20) -> None:
    """Ends a child and its process group: SIGTERM, then SIGKILL after `grace` seconds."""
    if process in _children:
        _children.remove(process)
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


# --- PostgreSQL and the databases ----------------------------------------------------------------


def ensure_postgres() -> None:
    def ready() -> bool:
        cmd = ["pg_isready", "-q", "-h", PG["host"], "-p", str(PG["port"])]
        return subprocess.run(cmd, check=False).returncode == 0  # noqa: S603

    if ready():
        return
    version = max(os.listdir("/etc/postgresql"), key=float)
    log(f"starting PostgreSQL {version}")
    cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"]
    subprocess.run(cmd, check=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit("PostgreSQL did not come up within 60 s")
        time.sleep(1)


def admin(sql: str, params=(), database: str = "postgres"):
    import psycopg

    with psycopg.connect(dbname=database, autocommit=True, **PG) as connection:
        rows = connection.execute(sql, params)
        return rows.fetchall() if rows.description else None


def exists(database: str) -> bool:
    return bool(admin("SELECT 1 FROM pg_database WHERE datname = %s", (database,)))


def drop(database: str) -> None:
    assert database.startswith("zc_bench")  # never anyone else's database
    admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def filled(database: str, size: int) -> bool:
    if not exists(database):
        return False
    rows = admin("SELECT to_regclass('bench_marker') IS NOT NULL", database=database)
    return bool(rows[0][0]) and admin("SELECT size FROM bench_marker", database=database) == [(size,)]


def ensure_filled(size: int, regenerate: bool) -> float | None:
    """zc_bench_<size>_pristine holds the generated data; returns the seconds generation took, if it ran."""
    label = size_label(size)
    work, pristine, known = f"zc_bench_{label}", f"zc_bench_{label}_pristine", VAR / f"known-{label}.json"
    if not regenerate and filled(pristine, size) and known.exists():
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], site_env(pristine, label), timeout=HOUR)
        return None
    log(f"filling {work} with {size} applications (once; kept as {pristine})")
    started = time.monotonic()
    drop(pristine)
    drop(work)
    admin(f'CREATE DATABASE "{work}"')
    env = site_env(work, label)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env, timeout=HOUR)
    cmd = ["generate_data", "--applications", str(size), "--seed", "1", "--known-file", str(known)]
    # Enough complete drafts for the submit scenario at every user level (the generator's default is 500).
    cmd += ["--draft-pool", "60", "--submit-pool", "150"] if size < 10000 else ["--submit-pool", "1500"]
    run([PY, "manage.py", *cmd], env, timeout=6 * HOUR)
    admin("CREATE TABLE bench_marker (size integer, filled_at timestamptz DEFAULT now())", database=work)
    admin("INSERT INTO bench_marker (size) VALUES (%s)", (size,), database=work)
    admin(f'CREATE DATABASE "{pristine}" TEMPLATE "{work}"')
    seconds = time.monotonic() - started
    log(f"filled {work} in {seconds:.0f} s")
    return seconds


def restore(size: int) -> str:
    """A fresh zc_bench_<size> copied from its pristine database, and an empty cache; returns its name."""
    label = size_label(size)
    work = f"zc_bench_{label}"
    redis.Redis.from_url(site_env(work, label)["REDIS_URL"]).flushdb()
    drop(work)
    admin(f'CREATE DATABASE "{work}" TEMPLATE "zc_bench_{label}_pristine"')
    return work


# --- in-process: pools, sessions and query counts ------------------------------------------------


def prepare(size: int) -> dict:
    """Runs this file again as a Django process against the size's database (see inprocess())."""
    label = size_label(size)
    out = VAR / f"data-{label}.json"
    env = {**site_env(f"zc_bench_{label}", label), "BENCH_KNOWN": str(VAR / f"known-{label}.json")}
    run([PY, __file__, "--inprocess", str(out)], env, timeout=HOUR)
    return json.loads(out.read_text())


def inprocess(out: Path) -> None:
    """In the child: reads the generator's known file, makes sessions for the submit pool, counts queries."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    known = json.loads(Path(os.environ["BENCH_KNOWN"]).read_text())
    data = pools(known)
    data["queries"] = count_queries(data, known)
    data["database"] = settings.DATABASES["default"]["NAME"]
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1))


def pools(known: dict) -> dict:
    """What the locust users need, from the generator's known file and the database."""
    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model
    from django.test import Client

    from reviews.models import ReviewerRole
    from reviews.scopes import TO_DO, in_scope
    from reviews.states import Status
    from reviews.views.queue import PAGE_SIZE
    from reviews.workflow import default_publicity_period
    from titles.models import Application, WorkHistoryRow
    from titles.sections import ROW_SECTIONS

    # The generator's names (reviews/management/commands/generate_data.py, _write_known) → the locustfile's.
    ours = {"unit": "unit", "dept": "department", "centre": "centre", "committee": "committee"}
    users = {key: known["usernames"][theirs] for key, theirs in {**ours, "big": "big"}.items()}
    roles = {key: known["role_ids"][theirs] for key, theirs in ours.items()}
    unit_role = ReviewerRole.objects.get(pk=roles["unit"])
    to_do = in_scope(unit_role).filter(status__in=TO_DO[unit_role.role])
    approve_pool = list(known["approve_pool"])
    # Details of what the unit has to do, outside the approve pool; in a small database, what there is.
    detail_ids = []
    for candidates in (to_do.exclude(pk__in=approve_pool), in_scope(unit_role).exclude(pk__in=approve_pool), to_do):
        detail_ids = list(candidates.order_by("-submitted_at", "-pk").values_list("pk", flat=True)[:200])
        if detail_ids:
            break
    starts_on, ends_on = default_publicity_period()
    pages = max(1, -(-to_do.count() // PAGE_SIZE))

    # Submissions are made by many applicants: their sessions are made here, as a login would.
    submit_pool = [{"username": u, "application": pk} for u, pk in known["submit_pool"]]
    people = get_user_model().objects.in_bulk([entry["username"] for entry in submit_pool], field_name="username")
    for entry in submit_pool:
        client = Client()
        client.force_login(people[entry["username"]])
        entry["session"] = client.cookies[settings_session_cookie()].value
    big = Application.objects.get(pk=known["big_application_id"])
    big_rows = sum(section.model.objects.filter(application=big).count() for section in ROW_SECTIONS)
    return {
        "password": known["password"],
        "users": users,
        "roles": roles,
        "big_application": big.pk,
        "draft_pool": [{"username": u, "application": pk} for u, pk in known["draft_pool"]],
        "submit_sessions": submit_pool,
        "approve_pool": approve_pool,
        "detail_ids": detail_ids,
        "filter_query": urlencode({"name": known["name_filter"]}),
        "late_page": min(50, pages),
        "approve_form": {"comment": "", "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
        "tables": {"application": Application._meta.db_table, "row": WorkHistoryRow._meta.db_table},
        "statuses": {"draft": Status.DRAFT.value, "unit_review": Status.UNIT_REVIEW.value},
        "facts": {
            "applications": f"{Application.objects.count():,}",
            "unit queue (to do)": f"{to_do.count():,} ({pages} pages)",
            "rows in the big draft": big_rows,
            "draft / submit / approve pools": (
                f"{len(known['draft_pool'])} / {len(known['submit_pool'])} / {len(approve_pool)}"
            ),
        },
    }


def settings_session_cookie() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def count_queries(data: dict, known: dict) -> dict:
    """Each scenario's request once in-process, as the same account, on the same database: its queries.

    Pages are asked twice and the second counted (a session's first request may save it); writes use
    the last item of their pool, which the locust users then find already used and skip.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from titles.models import WorkHistoryRow

    people = get_user_model().objects
    counts: dict = {}

    def client(username: str | None = None) -> Client:
        c = Client(SERVER_NAME="127.0.0.1")
        if username:
            c.force_login(people.get(username=username))
        return c

    def measure(name, c, url, form=None, expect=200, warm=True):
        try:
            if warm and form is None:
                c.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = c.post(url, form) if form is not None else c.get(url)
            counts[name] = len(queries) if response.status_code == expect else f"HTTP {response.status_code}"
        except Exception as error:  # noqa: BLE001 - one broken page must not stop the others
            counts[name] = f"error: {type(error).__name__}"

    draft = data["draft_pool"][0]
    applicant, unit = client(draft["username"]), client(data["users"]["unit"])
    queue = f"/review/{data['roles']['unit']}/"
    section = f"/applications/{draft['application']}/section/work-history/"
    measure("healthz", client(), "/healthz")
    measure("login_get", client(), "/accounts/login/")
    anonymous = client()
    anonymous.get("/accounts/login/")
    login = {"username": draft["username"], "password": data["password"], "captcha_0": "x", "captcha_1": "PASSED"}
    measure("login_post", anonymous, "/accounts/login/", login, expect=302)
    measure("my_applications", applicant, "/applications/")
    measure("section_get", applicant, section)
    row = {"started_on": "2015-03-01", "ended_on": "2018-06-30", "unit_name": f"{ROW_MARKER}-count", "work": "工程"}
    measure("row_save", applicant, section, row, expect=302)
    WorkHistoryRow.objects.filter(unit_name__startswith=ROW_MARKER).delete()
    measure("preview_200", client(data["users"]["big"]), f"/applications/{data['big_application']}/preview/")
    if data["submit_sessions"]:
        last = data["submit_sessions"][-1]
        measure("submit", client(last["username"]), f"/applications/{last['application']}/submit/", {}, expect=302)
    for role in ("unit", "dept", "centre", "committee"):
        reviewer = unit if role == "unit" else client(data["users"][role])
        measure(f"queue_{role}", reviewer, f"/review/{data['roles'][role]}/")
    measure("queue_filtered", unit, f"{queue}?{data['filter_query']}")
    measure("queue_late", unit, f"{queue}?page={data['late_page']}")
    if data["detail_ids"]:
        measure("detail", unit, f"{queue}app/{data['detail_ids'][0]}/")
    if data["approve_pool"]:
        measure("approve", unit, f"{queue}app/{data['approve_pool'][-1]}/approve/", data["approve_form"], expect=302)
    measure("notices", client(), "/publicity/")
    measure("roster", unit, f"{queue}roster.xlsx")
    return counts


# --- serving and loading -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database: str, label: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**site_env(database, label), "GUNICORN_BIND": f"127.0.0.1:{port}"}
    logfile = open(VAR / f"gunicorn-{label}.log", "w")  # noqa: SIM115 - closed with the process
    # No control socket: its default path is shared by every gunicorn of this user on the machine.
    cmd = [PY, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--no-control-socket", "config.wsgi"]
    process = subprocess.Popen(  # noqa: S603
        cmd, cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
    )
    _children.append(process)
    logfile.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}); see {logfile.name}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.5)
    stop(process)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def fresh_pools(data: dict) -> dict:
    """The data file for the next locust run: only applications still in the state their pool needs."""
    database, tables = data["database"], data["tables"]

    def still(ids: list[int], status: str) -> set[int]:
        sql = f'SELECT id FROM "{tables["application"]}" WHERE id = ANY(%s) AND status = %s'  # noqa: S608
        return {row[0] for row in admin(sql, (ids, status), database=database)}

    submits = still([e["application"] for e in data["submit_sessions"]], data["statuses"]["draft"])
    approvals = still(data["approve_pool"], data["statuses"]["unit_review"])
    return {
        **data,
        "submit_sessions": [e for e in data["submit_sessions"] if e["application"] in submits],
        "approve_pool": [pk for pk in data["approve_pool"] if pk in approvals],
    }


def remove_bench_rows(data: dict) -> None:
    """Rows the row-save users had not deleted yet when their run ended."""
    table = data["tables"]["row"]
    admin(f'DELETE FROM "{table}" WHERE unit_name LIKE %s', (f"{ROW_MARKER}%",), database=data["database"])  # noqa: S608


def locust(scenario: str, users: int, seconds: int, url: str, data: dict, prefix: Path) -> dict:
    for stale in prefix.parent.glob(f"{prefix.name}_*.csv"):
        stale.unlink()
    data_file = VAR / "locust-data.json"
    data_file.write_text(json.dumps(fresh_pools(data), ensure_ascii=False))
    # The window starts once every user has logged in (bench/locustfile.py); -t only bounds the whole run.
    env = {**os.environ, "BENCH_SCENARIO": scenario, "BENCH_DATA": str(data_file), "BENCH_WINDOW": str(seconds)}
    cmd = [
        PY, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
        "-u", str(users), "-r", str(users), "-t", f"{seconds + SETUP_SECONDS}s", "--stop-timeout", str(STOP_SECONDS),
        "--host", url, "--csv", str(prefix), "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    process = subprocess.Popen(  # noqa: S603
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    _children.append(process)
    try:
        _out, err = process.communicate(timeout=seconds + SETUP_SECONDS + STOP_SECONDS + 60)
    except subprocess.TimeoutExpired:
        err = b"timed out"
    finally:
        stop(process)
    found = read_stats(prefix, scenario, err.decode(errors="replace")[-2000:])
    found["settled_in"] = settle(url)
    remove_bench_rows(data)
    return found


def settle(url: str, limit: float = 300) -> float | None:
    """Waits until the server has worked off what the last run left queued (requests of users that
    have gone still get served): /healthz answers fast twice in a row. Returns the seconds waited."""
    started = time.monotonic()
    fast = 0
    while time.monotonic() - started < limit:
        asked = time.monotonic()
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=limit) as response:  # noqa: S310 - loopback
                response.read()
        except OSError:
            time.sleep(1)
            continue
        fast = fast + 1 if time.monotonic() - asked < 0.1 else 0
        if fast == 2:
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def read_stats(prefix: Path, scenario: str, stderr: str) -> dict:
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        return {"broken": stderr or "locust wrote no statistics"}
    with stats_file.open() as lines:
        rows = {row["Name"]: row for row in csv.DictReader(lines)}
    total = rows.get("Aggregated", {})
    own = total if scenario == "mixed" else rows.get(scenario, {})

    def number(row, key):
        try:
            return float(row[key])
        except (KeyError, TypeError, ValueError):
            return None

    failures = []
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with failures_file.open() as lines:
            for row in csv.DictReader(lines):
                failures.append(f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error'][:160]}")
    return {
        "requests": int(number(own, "Request Count") or 0),
        "p50": number(own, "50%"),
        "p95": number(own, "95%"),
        # The scenario's throughput: every request it sends (row save also deletes what it saved).
        "rps": number(total, "Requests/s"),
        "errors": int(number(total, "Failure Count") or 0),
        "failures": failures[:5],
    }


# --- the report ----------------------------------------------------------------------------------


def fmt(value, pattern="{:.0f}") -> str:
    return "—" if value is None else pattern.format(value)


def ratio(a, b):
    return a / b if a is not None and b else None


def machine() -> str:
    info = {}
    for name in ("/proc/meminfo", "/proc/cpuinfo"):
        with open(name) as lines:
            for line in lines:
                key, _, value = line.partition(":")
                info.setdefault(key.strip(), value.strip())
    memory = int(info["MemTotal"].split()[0]) / 1024 / 1024
    server = admin("SHOW server_version")[0][0]
    return (
        f"{os.cpu_count()} cores ({info.get('model name', '?')}), {memory:.1f} GiB memory, "
        f"Python {platform.python_version()}, PostgreSQL {server}"
    )


class Results:
    """Locust's figures by size, user level and scenario, with the floor of the same run."""

    def __init__(self, sizes, levels):
        self.sizes, self.levels = sizes, levels
        self.by: dict = {size: {users: {} for users in levels} for size in sizes}

    def get(self, size, users, name, key):
        found = self.by[size][users].get(name)
        return None if found is None or "broken" in found else found.get(key)

    def against_floor(self, size, users, name) -> tuple:
        """(p95 ÷ the floor's p95, req/s ÷ the floor's req/s)."""
        return (
            ratio(self.get(size, users, name, "p95"), self.get(size, users, "healthz", "p95")),
            ratio(self.get(size, users, name, "rps"), self.get(size, users, "healthz", "rps")),
        )

    def growth(self, users, name, against_floor: bool = True):
        """p95 at the largest size ÷ p95 at the smallest; by default each first divided by its floor's p95,
        because the sizes are measured minutes apart and the machine's load moves in between."""
        if against_floor:
            return ratio(
                self.against_floor(self.sizes[-1], users, name)[0], self.against_floor(self.sizes[0], users, name)[0]
            )
        return ratio(self.get(self.sizes[-1], users, name, "p95"), self.get(self.sizes[0], users, name, "p95"))


def report(path: Path, results: Results, data: dict, seconds: int, timings: dict, smoke: bool) -> None:
    sizes, levels = results.sizes, results.levels
    ran = [name for name, _ in SCENARIOS if any(name in results.by[s][u] for s in sizes for u in levels)]
    took = f"{timings['total'] / 60:.1f} min" + "".join(
        f"; filling {size_label(size)} first: {t / 60:.1f} min" for size, t in timings["generated"].items()
    )
    lines = [
        "# Load benchmark results" + (" — smoke run (proves the harness; the figures mean nothing)" if smoke else ""),
        "",
        "Written by `make bench` (bench/run.py). locust, headless and closed-loop (no think time), against "
        "gunicorn (deploy/gunicorn.conf.py: 2 × cores + 1 sync workers, DEBUG off), Redis as the cache and "
        "PostgreSQL on one machine: load, server and database share the cores, so compare each page with the "
        "floor (/healthz) of the same run, not milliseconds between runs.",
        "",
        f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %z}",
        f"- Machine: {machine()}",
        f"- Sizes: {', '.join(f'{s:,}' for s in sizes)} applications; users: {', '.join(map(str, levels))}; "
        f"{seconds} s per scenario and user level; took {took}",
        "- queries: one request in-process (Django test client, same database and account; pages asked twice, "
        "the second counted). p50 / p95: ms, of the scenario's own request (locust rounds them). req/s: every "
        "request the scenario sends. ×floor: p95 ÷ the floor's p95; ÷floor: req/s ÷ the floor's req/s (the floor: "
        "/healthz, the mean of its first and last run at that user level).",
        "",
    ]
    for size in sizes:
        facts = "; ".join(f"{key}: {value}" for key, value in data[size]["facts"].items())
        lines += [f"## {size:,} applications", "", facts, ""]
        head = "".join(f" p50 / p95 @{u} | req/s @{u} | err @{u} | ×floor @{u} | ÷floor @{u} |" for u in levels)
        lines += ["| page | queries |" + head, "|---|---:|" + "---:|" * (5 * len(levels))]
        for name in ran:
            cells = [LABELS[name], str(data[size]["queries"].get(name, "—"))]
            for users in levels:
                found = results.by[size][users].get(name)
                if found is None or "broken" in found:
                    cells += ["not run" if found is None else "broken", "", "", "", ""]
                    continue
                slower, share = results.against_floor(size, users, name)
                cells += [
                    f"{fmt(found['p50'])} / {fmt(found['p95'])}", fmt(found["rps"], "{:.1f}"), str(found["errors"]),
                    fmt(slower, "{:.1f}×"), fmt(share, "{:.2f}"),
                ]  # fmt: skip
            lines.append("| " + " | ".join(cells) + " |")
        late, query = data[size]["late_page"], data[size]["filter_query"]
        lines += ["", f"Late page: page {late} of the unit queue. Filtered page: `?{query}`."]
        for users in levels:
            floor = results.by[size][users].get("healthz", {})
            if "start" in floor:
                first, last = floor["start"], floor["end"]
                lines.append(
                    f"Floor @{users}, first / last run of the level (a gap means the machine's load changed): "
                    f"p95 {fmt(first['p95'])} / {fmt(last['p95'])} ms, "
                    f"req/s {fmt(first['rps'], '{:.1f}')} / {fmt(last['rps'], '{:.1f}')}."
                )
        lines.append("")
        notes = [
            f"- {LABELS[name]} @{users}: {note}"
            for users in levels
            for name, found in results.by[size][users].items()
            for note in notes_on(found)
        ]
        if notes:
            lines += ["Failures and backlogs:", "", *notes, ""]
    if len(sizes) > 1:
        lines += [
            f"## Growth: p95 at {sizes[-1]:,} ÷ p95 at {sizes[0]:,}",
            "",
            "×floor: each p95 first divided by its own floor's (what the budget uses: the two sizes run minutes "
            "apart on a shared machine, the floor's own growth shows how much its load moved); raw: milliseconds.",
            "",
            "| page |" + "".join(f" ×floor @{u} | raw @{u} |" for u in levels),
            "|---|" + "---:|---:|" * len(levels),
        ]
        for name in ran:
            cells = [
                fmt(results.growth(u, name, against_floor), "{:.2f}") for u in levels for against_floor in (True, False)
            ]
            lines.append(f"| {LABELS[name]} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += budgets(results, data)
    if not smoke and WHY.exists():  # the hand-written account of the budgets not met, kept with the figures
        lines += ["", WHY.read_text().strip()]
    path.write_text("\n".join(lines) + "\n")


def notes_on(found: dict) -> list[str]:
    notes = [found["broken"]] if "broken" in found else list(found.get("failures", []))
    for run in (found, found.get("start", {}), found.get("end", {})):
        waited = run.get("settled_in", 0)
        if waited is None or waited > 5:
            left = "more than 300" if waited is None else f"{waited:.0f}"
            notes.append(f"left {left} s of queued requests behind (served after the users had gone)")
    return notes


def budgets(results: Results, data: dict) -> list[str]:
    size, users = results.sizes[-1], results.levels[-1]
    measured = results.by[size][users]

    def verdict(ok, detail: str) -> str:
        return ("not measured" if ok is None else "met" if ok else "**NOT met**") + f" ({detail})"

    floor_p95, floor_rps = results.get(size, users, "healthz", "p95"), results.get(size, users, "healthz", "rps")
    lines = [
        "## Budgets",
        "",
        f"At {users} users and {size:,} applications (the largest of this run); the floor: p95 {fmt(floor_p95)} ms, "
        f"{fmt(floor_rps, '{:.1f}')} req/s.",
        "",
        "Each page (all but login POST, the 200-row preview and the mixed journey): p95 ≤ 3× the floor's, "
        "req/s ≥ ⅓ of the floor's, no errors:",
        "",
    ]
    for name, label in SCENARIOS:
        if name in OWN_BUDGET or name not in measured:
            continue
        slower, share = results.against_floor(size, users, name)
        errors = measured[name].get("errors", 0)
        ok = None if slower is None or share is None else slower <= 3 and share >= 1 / 3 and not errors
        detail = f"p95 {fmt(slower, '{:.1f}')}×, req/s {fmt(share, '{:.2f}')} of the floor, {errors} errors"
        lines.append(f"- {label}: {verdict(ok, detail)}")
    lines.append("")
    if "mixed" in measured:
        _slower, share = results.against_floor(size, users, "mixed")
        errors = measured["mixed"].get("errors")
        ok = None if share is None else share >= 1 / 4 and errors == 0
        detail = f"req/s {fmt(share, '{:.2f}')} of the floor, {errors} errors"
        lines.append(f"- Mixed journey: req/s ≥ ¼ of the floor's and 0 errors: {verdict(ok, detail)}")
    if len(results.sizes) > 1:
        grown = [
            (f"{label} @{u}", results.growth(u, name))
            for name, label in SCENARIOS
            for u in results.levels
            if name != "healthz" and results.growth(u, name) is not None
        ]
        worst = [f"{where}: {value:.2f}" for where, value in grown if value > 1.2]
        detail = "; ".join(worst) or f"largest {max((v for _w, v in grown), default=0):.2f}"
        lines.append(
            f"- Each page's p95 at {size:,} ≤ 1.2× its p95 at {results.sizes[0]:,} (each against its floor): "
            + verdict(not worst if grown else None, detail)
        )
    else:
        lines.append("- Each page's p95 at the large size ≤ 1.2× at the small one: not measured (one size this run)")
    if "preview_200" in measured:
        queries = data[size]["queries"].get("preview_200")
        slower, _share = results.against_floor(size, users, "preview_200")
        ok = None if slower is None or not isinstance(queries, int) else queries <= 20 and slower <= 5
        detail = f"{queries} queries, p95 {fmt(slower, '{:.1f}')}×"
        lines.append(f"- 200-row preview: ≤ 20 queries and p95 ≤ 5× the floor: {verdict(ok, detail)}")
    if "login_post" in measured:
        found = measured["login_post"]
        lines.append(
            f"- Login POST (its budget is the password hash's cost, measured elsewhere): p50 {fmt(found.get('p50'))} "
            f"ms, p95 {fmt(found.get('p95'))} ms, {fmt(found.get('rps'), '{:.1f}')} req/s counting the login page "
            f"GET before each, {found.get('errors')} errors"
        )
    return lines


# --- main ----------------------------------------------------------------------------------------


def measure(size: int, levels: list[int], scenarios: list[str], seconds: int, results: Results) -> dict:
    """One size: a fresh copy of its database, the in-process counts, then every scenario at every level.

    The floor runs first and last at each level and the pages are compared with the mean of the two,
    so a neighbour's load that comes or goes during the level shows as a gap between them.
    """
    label = size_label(size)
    database = restore(size)
    log(f"{label}: counting queries and making the submit pool's sessions")
    data = prepare(size)
    server, url = start_gunicorn(database, label)
    try:
        for users in levels:
            found_at = results.by[size][users]
            for position, scenario in enumerate(["healthz", *scenarios, "healthz"]):
                key = {0: "healthz@start", len(scenarios) + 1: "healthz@end"}.get(position, scenario)
                prefix = VAR / "csv" / f"{label}-{users}-{key.replace('@', '-')}"
                prefix.parent.mkdir(exist_ok=True)
                found = found_at[key] = locust(scenario, users, seconds, url, data, prefix)
                figures = f"p50 {fmt(found.get('p50'))} p95 {fmt(found.get('p95'))} req/s {fmt(found.get('rps'))}"
                figures += (
                    f", errors {found.get('errors', found.get('broken'))}, settled in {fmt(found['settled_in'])} s"
                )
                log(f"{label} @{users} {key}: {figures}")
            found_at["healthz"] = floor_of(found_at.pop("healthz@start"), found_at.pop("healthz@end"))
    finally:
        stop(server)
    return data


def floor_of(start: dict, end: dict) -> dict:
    if "broken" in start or "broken" in end:
        return start if "broken" in start else end
    mean = {
        key: (start[key] + end[key]) / 2 if None not in (start[key], end[key]) else None
        for key in ("p50", "p95", "rps")
    }
    return {
        **mean,
        "requests": start["requests"] + end["requests"],
        "errors": start["errors"] + end["errors"],
        "failures": start["failures"] + end["failures"],
        "start": start,
        "end": end,
    }


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="300 applications, 3 s, 10 users: proves the harness")
    parser.add_argument("--fill-only", action="store_true", help="fill the databases that need it, measure nothing")
    parser.add_argument("--inprocess", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inprocess:
        inprocess(args.inprocess)
        return

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally blocks stop the children
    if args.smoke:
        sizes, seconds, levels = [300], 3, [10]
        output = VAR / "RESULTS-smoke.md"
    else:
        sizes = sorted(int(s) for s in env_list("BENCH_SIZES", "10000,200000"))
        seconds = int(os.environ.get("BENCH_SECONDS", "20"))
        levels = sorted(int(u) for u in env_list("BENCH_USERS", "10,50"))
        output = ROOT / "bench" / "RESULTS.md"
    only = set(env_list("BENCH_ONLY", ""))
    unknown = only - set(LABELS)
    if unknown:
        raise SystemExit(f"unknown scenarios in BENCH_ONLY: {', '.join(sorted(unknown))}; known: {', '.join(LABELS)}")
    # The floor is measured in every run (first and last, see measure()): the pages are compared with it.
    scenarios = [name for name, _ in SCENARIOS if name != "healthz" and (not only or name in only)]

    started = time.monotonic()
    VAR.mkdir(parents=True, exist_ok=True)
    results = Results(sizes, levels)
    data: dict = {}
    timings: dict = {"generated": {}}
    try:
        ensure_postgres()
        for size in sizes:  # all filling first: nothing heavy of ours overlaps a measurement
            generated = ensure_filled(size, os.environ.get("BENCH_REGENERATE") == "1")
            if generated is not None:
                timings["generated"][size] = generated
        if args.fill_only:
            return
        first = f"zc_bench_{size_label(sizes[0])}"
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], site_env(first, size_label(sizes[0])), timeout=HOUR)
        for size in sizes:
            data[size] = measure(size, levels, scenarios, seconds, results)
        timings["total"] = time.monotonic() - started
        report(output, results, data, seconds, timings, args.smoke)
        log(f"wrote {output.relative_to(ROOT)} in {timings['total'] / 60:.1f} min")
    finally:
        for process in list(_children):
            stop(process)


if __name__ == "__main__":
    main()
