"""Load scenarios for `make bench` (bench/run.py starts them; see README, "Tests").

One user class per page. BENCH_SCENARIO picks the scenario (the other classes become abstract) and
BENCH_DATA names the JSON file bench/run.py writes for this run: accounts, role ids and the pools of
applications that writes use up. Users log in once in on_start; the statistics are reset when every
user is in, so logins never count in a page's figures. The request named after the scenario is the
one measured; helper requests are named "~…".
"""

import json
import os
import re
import uuid
from http.cookiejar import Cookie
from pathlib import Path

import gevent
from gevent.event import Event
from locust import constant, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

SCENARIO = os.environ.get("BENCH_SCENARIO", "")
DATA: dict = json.loads(Path(os.environ["BENCH_DATA"]).read_text()) if os.environ.get("BENCH_DATA") else {}
SETUP_TIMEOUT = 120  # seconds the users wait for each other to log in
CSRF = "benchCsrfSecret0123456789abcdefg"  # any 32 letters/digits is a valid CSRF secret
ROW_SECTION = "work-history"
ROWS_BEFORE_CLEANUP = 5  # a user deletes its own saved rows after this many, so drafts do not grow


class Pool:
    """Items handed out one at a time across all users of this process; cycling ones start over."""

    def __init__(self, items, cycle: bool):
        self.items, self.cycle, self.next_at = list(items), cycle, 0

    def take(self):
        if not self.items or (not self.cycle and self.next_at >= len(self.items)):
            return None
        item = self.items[self.next_at % len(self.items)]
        self.next_at += 1
        return item


DRAFTS = Pool(DATA.get("draft_pool", []), cycle=True)
SUBMITS = Pool(DATA.get("submit_sessions", []), cycle=False)
APPROVALS = Pool(DATA.get("approve_pool", []), cycle=False)
DETAILS = Pool(DATA.get("detail_ids", []), cycle=True)
REVIEWERS = Pool(["unit", "dept", "centre", "committee"], cycle=True)

_arrived = {"count": 0}
_everyone_in = Event()
# The measured window, in seconds from the moment every user is in (bench/run.py sets it; locust's
# own --run-time then only bounds the whole run, setup included).
WINDOW = float(os.environ.get("BENCH_WINDOW", "0"))


@events.test_start.add_listener
def _reset_barrier(environment, **_kwargs):
    _arrived["count"] = 0
    _everyone_in.clear()


def _wait_for_everyone(user) -> None:
    """Count this user in; when all are in (or after SETUP_TIMEOUT), the measured window starts."""
    _arrived["count"] += 1
    if _arrived["count"] >= (user.environment.runner.target_user_count or 1):
        _start_window(user.environment)
    if not _everyone_in.wait(timeout=SETUP_TIMEOUT):
        _start_window(user.environment)


def _start_window(environment) -> None:
    """Statistics start from zero here (logins gone) and the run ends WINDOW seconds later."""
    if _everyone_in.is_set():
        return
    environment.stats.reset_all()
    _everyone_in.set()
    if WINDOW:
        gevent.spawn_later(WINDOW, environment.runner.quit)


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        version=0, name=name, value=value, port=None, port_specified=False, domain="127.0.0.1",
        domain_specified=False, domain_initial_dot=False, path="/", path_specified=True, secure=False,
        expires=None, discard=False, comment=None, comment_url=None, rest={},
    )  # fmt: skip


class BenchUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)  # closed loop: each user sends its next request as soon as one is answered
    network_timeout = connection_timeout = 60.0  # a request not answered by then is a failure
    scenario = ""
    account = ""  # "" anonymous, "draft" the next draft-pool applicant, else a key of DATA["users"]

    def on_start(self):
        self.setup_error = None
        self.row_token = uuid.uuid4().hex[:8]
        self.saved_rows = 0
        self.draft = None
        try:
            self.prepare()
        except Exception as error:  # noqa: BLE001 - reported after the reset below, as a failure
            self.setup_error = error
        _wait_for_everyone(self)
        if self.setup_error is not None:
            self.environment.events.request.fire(
                request_type="SETUP", name="~setup", response_time=0, response_length=0,
                exception=self.setup_error, context={}, response=None,
            )  # fmt: skip
            raise StopUser

    def prepare(self):
        if self.account == "draft":
            self.draft = DRAFTS.take()
            if self.draft is None:
                raise RuntimeError("the draft pool is empty")
            self.login(self.draft["username"])
        elif self.account:
            self.login(DATA["users"][self.account])

    # --- helpers -------------------------------------------------------------------------------

    def csrf(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        self.client.cookiejar.set_cookie(_cookie("csrftoken", CSRF))
        return CSRF

    def login(self, username: str) -> None:
        self.client.cookiejar.clear()
        self.client.get("/accounts/login/", name="~login page")
        form = {
            "username": username, "password": DATA["password"], "captcha_0": "bench", "captcha_1": "PASSED",
            "csrfmiddlewaretoken": self.csrf(),
        }  # fmt: skip
        response = self.client.post("/accounts/login/", data=form, name="~login", allow_redirects=False)
        if response.status_code != 302 or "/accounts/login/" in response.headers.get("Location", ""):
            raise RuntimeError(f"login of {username} refused ({response.status_code})")

    def page(self, url: str, name: str, expect: int = 200, content_type: str = "text/html"):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} (expected {expect})")
            elif content_type not in response.headers.get("Content-Type", ""):
                response.failure(f"content type {response.headers.get('Content-Type')}")
            return response

    def post(self, url: str, name: str, form: dict, expect: int = 302):
        form = {**form, "csrfmiddlewaretoken": self.csrf()}
        with self.client.post(url, data=form, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != expect:
                text = response.text or ""
                hint = re.search(r'class="[^"]*(?:alert-danger|invalid-feedback)[^"]*"[^>]*>([^<]{0,120})', text)
                response.failure(f"{response.status_code} (expected {expect}) {hint.group(1) if hint else ''}")
            return response

    def section_url(self) -> str:
        return f"/applications/{self.draft['application']}/section/{ROW_SECTION}/"

    def save_row(self, name: str) -> None:
        """Adds a 工作经历 row marked with this user's token (deleted again by clean_rows)."""
        self.saved_rows += 1
        form = {
            "started_on": "2015-03-01", "ended_on": "2018-06-30",
            "unit_name": f"压测{self.row_token}-{self.saved_rows}", "work": "工程项目管理", "post": "项目经理",
        }  # fmt: skip
        self.post(self.section_url(), name, form)

    def clean_rows(self, name: str) -> None:
        """The section page; then this user's saved rows are deleted through their delete buttons."""
        response = self.page(self.section_url(), name)
        marker = f"压测{self.row_token}-"
        for row in (response.text or "").split("<tr")[1:]:
            if marker in row:
                found = re.search(r'action="([^"]+/delete/)"', row)
                if found:
                    self.post(found.group(1), "~row delete", {})
        self.saved_rows = 0


# --- the floor ---------------------------------------------------------------------------------


class Healthz(BenchUser):
    scenario = "healthz"

    @task
    def healthz(self):
        self.page("/healthz", "healthz", content_type="application/json")


# --- applicants ---------------------------------------------------------------------------------


class LoginGet(BenchUser):
    scenario = "login_get"

    @task
    def login_get(self):
        self.client.cookiejar.clear()
        self.page("/accounts/login/", "login_get")


class LoginPost(BenchUser):
    scenario = "login_post"

    def prepare(self):
        self.draft = DRAFTS.take()

    @task
    def login_post(self):
        self.client.cookiejar.clear()
        self.client.get("/accounts/login/", name="~login page")
        form = {
            "username": self.draft["username"], "password": DATA["password"], "captcha_0": "bench",
            "captcha_1": "PASSED",
        }  # fmt: skip
        self.post("/accounts/login/", "login_post", form)


class MyApplications(BenchUser):
    scenario = "my_applications"
    account = "draft"

    @task
    def my_applications(self):
        self.page("/applications/", "my_applications")


class SectionGet(BenchUser):
    scenario = "section_get"
    account = "draft"

    @task
    def section_get(self):
        self.page(self.section_url(), "section_get")


class RowSave(BenchUser):
    scenario = "row_save"
    account = "draft"

    @task
    def row_save(self):
        if self.saved_rows >= ROWS_BEFORE_CLEANUP:
            self.clean_rows("~section page")
        self.save_row("row_save")


class Preview200(BenchUser):
    scenario = "preview_200"
    account = "big"

    @task
    def preview_200(self):
        self.page(f"/applications/{DATA['big_application']}/preview/", "preview_200")


class Submit(BenchUser):
    """Each submission is a different applicant's complete draft, with a session bench/run.py made."""

    scenario = "submit"

    @task
    def submit(self):
        entry = SUBMITS.take()
        if entry is None:
            gevent.sleep(1)  # the pool is used up: nothing more to count
            return
        self.client.cookiejar.clear()
        self.client.cookiejar.set_cookie(_cookie("sessionid", entry["session"]))
        self.post(f"/applications/{entry['application']}/submit/", "submit", {})


# --- reviewers ----------------------------------------------------------------------------------


def _queue(role: str) -> str:
    return f"/review/{DATA['roles'][role]}/"


class QueueUnit(BenchUser):
    scenario = "queue_unit"
    account = "unit"

    @task
    def queue_unit(self):
        self.page(_queue("unit"), "queue_unit")


class QueueDept(BenchUser):
    scenario = "queue_dept"
    account = "dept"

    @task
    def queue_dept(self):
        self.page(_queue("dept"), "queue_dept")


class QueueCentre(BenchUser):
    scenario = "queue_centre"
    account = "centre"

    @task
    def queue_centre(self):
        self.page(_queue("centre"), "queue_centre")


class QueueCommittee(BenchUser):
    scenario = "queue_committee"
    account = "committee"

    @task
    def queue_committee(self):
        self.page(_queue("committee"), "queue_committee")


class QueueFiltered(BenchUser):
    scenario = "queue_filtered"
    account = "unit"

    @task
    def queue_filtered(self):
        self.page(f"{_queue('unit')}?{DATA['filter_query']}", "queue_filtered")


class QueueLate(BenchUser):
    scenario = "queue_late"
    account = "unit"

    @task
    def queue_late(self):
        self.page(f"{_queue('unit')}?page={DATA['late_page']}", "queue_late")


class Detail(BenchUser):
    scenario = "detail"
    account = "unit"

    @task
    def detail(self):
        self.page(f"{_queue('unit')}app/{DETAILS.take()}/", "detail")


class Approve(BenchUser):
    scenario = "approve"
    account = "unit"

    @task
    def approve(self):
        pk = APPROVALS.take()
        if pk is None:
            gevent.sleep(1)  # the pool is used up: nothing more to count
            return
        self.post(f"{_queue('unit')}app/{pk}/approve/", "approve", DATA["approve_form"])


class Roster(BenchUser):
    scenario = "roster"
    account = "unit"

    @task
    def roster(self):
        self.page(f"{_queue('unit')}roster.xlsx", "roster", content_type="spreadsheetml")


class Notices(BenchUser):
    scenario = "notices"

    @task
    def notices(self):
        self.page("/publicity/", "notices")


# --- the mixed journey: deadline week -------------------------------------------------------------


class MixedApplicant(BenchUser):
    """Applicants filling in their drafts: most of the traffic in the last week before a deadline."""

    scenario = "mixed"
    account = "draft"
    weight = 14

    @task(4)
    def section(self):
        if self.saved_rows:
            self.clean_rows("section_get")
        else:
            self.page(self.section_url(), "section_get")

    @task(3)
    def save(self):
        if self.saved_rows >= ROWS_BEFORE_CLEANUP:
            self.clean_rows("section_get")
        self.save_row("row_save")

    @task(3)
    def my_applications(self):
        self.page("/applications/", "my_applications")

    @task(2)
    def preview(self):
        self.page(f"/applications/{self.draft['application']}/preview/", "preview (own draft)")


class MixedSubmitter(Submit):
    scenario = "mixed"
    weight = 1


class MixedReviewer(BenchUser):
    """The four reviewers working through their queues; the unit one also approves."""

    scenario = "mixed"
    weight = 4

    def prepare(self):
        self.role = REVIEWERS.take()
        self.login(DATA["users"][self.role])

    @task(4)
    def queue(self):
        self.page(_queue(self.role), f"queue_{self.role}")

    @task(1)
    def filtered(self):
        if self.role == "unit":
            self.page(f"{_queue('unit')}?{DATA['filter_query']}", "queue_filtered")
        else:
            self.page(f"{_queue(self.role)}?page=2", f"queue_{self.role}")

    @task(3)
    def detail(self):
        if self.role == "unit":
            self.page(f"{_queue('unit')}app/{DETAILS.take()}/", "detail")
        else:
            self.page(_queue(self.role), f"queue_{self.role}")

    @task(1)
    def approve(self):
        pk = APPROVALS.take() if self.role == "unit" else None
        if pk is None:
            self.page(_queue(self.role), f"queue_{self.role}")
        else:
            self.post(f"{_queue('unit')}app/{pk}/approve/", "approve", DATA["approve_form"])


class MixedPublic(BenchUser):
    scenario = "mixed"
    weight = 1

    @task(3)
    def notices(self):
        self.page("/publicity/", "notices")

    @task(1)
    def login_page(self):
        self.client.cookiejar.clear()
        self.page("/accounts/login/", "login_get")


def _choose(scenario: str) -> None:
    """Only the chosen scenario's classes run (locust runs every non-abstract User class it finds). Without
    BENCH_SCENARIO, name the classes on locust's command line instead: `locust -f bench/locustfile.py Healthz`."""
    for cls in [*BenchUser.__subclasses__(), MixedSubmitter]:
        cls.abstract = bool(scenario) and cls.scenario != scenario


_choose(SCENARIO)
