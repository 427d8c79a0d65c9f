"""Two app servers behind nginx share everything they must (see conftest.py for the shape).

Each nginx port reaches one server ("a", "b") or both ("both", round robin with retries), so a test
can begin something on one server and go on on the other, as a load balancer would send it.
"""

import io
import re
import subprocess
import threading

import psycopg
import pytest
import requests
from PIL import Image

from accounts.identity import id_check_char
from tests.scaleout.conftest import PY, ROOT
from titles.demo_catalog import credit_code

pytestmark = [pytest.mark.scaleout, pytest.mark.xdist_group("scaleout")]
PASSWORD = "Demo2026pass"  # the demo accounts' (reviews/demo.py)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def form_post(session: requests.Session, url: str, data: dict, files=None, page_url: str | None = None):
    """Posts a form the way a browser does: the page first (for its CSRF token and captcha key)."""
    page = session.get(page_url or url).text
    fields = {"csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"), **data}
    if 'name="captcha_0"' in page:
        fields.update(captcha_0=hidden(page, "captcha_0"), captcha_1="PASSED")
    return session.post(url, data=fields, files=files, allow_redirects=False)


def log_in(base: str, username: str, password: str = PASSWORD, session=None) -> requests.Session:
    session = session or requests.Session()
    response = form_post(session, f"{base}/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.text[:300]
    return session


def review_role(session: requests.Session, base: str) -> int:
    location = session.get(f"{base}/review/", allow_redirects=False).headers["Location"]
    return int(re.search(r"/review/(\d+)/", location).group(1))


def sql(shape, query: str, *params):
    with psycopg.connect(shape.database_url.replace("postgres://", "postgresql://"), autocommit=True) as db:
        cursor = db.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def test_a_session_begun_on_one_server_goes_on_on_the_other(shape):
    session = log_in(shape.url("a"), "shenbao")
    page = session.get(f"{shape.url('b')}/applications/", allow_redirects=False)
    assert page.status_code == 200 and "新增申请书" in page.text
    assert page.headers["X-Request-ID"]  # nginx's id, carried through


def test_a_lockout_reached_through_one_server_holds_on_the_other(shape):
    login = "/accounts/login/"
    codes = [
        form_post(
            requests.Session(), f"{shape.url('a')}{login}", {"username": "rencai", "password": "wrong"}
        ).status_code
        for _ in range(5)
    ]
    assert codes == [200, 200, 200, 200, 403]  # the fifth failure locks the account
    right = form_post(requests.Session(), f"{shape.url('b')}{login}", {"username": "rencai", "password": PASSWORD})
    assert right.status_code == 403 and "账号已被暂时锁定" in right.text


def test_an_sms_throttle_reached_through_one_server_holds_on_the_other(shape):
    first17 = "50010319930303012"
    form = {
        "username": "scaleout1", "password1": "Chongqing2026", "password2": "Chongqing2026", "real_name": "周六",
        "id_type": "resident", "id_number": first17 + id_check_char(first17), "phone": "13611112222",
        "sms_code": "", "agree": "on", "send_sms": "1",
    }  # fmt: skip
    sent = form_post(requests.Session(), f"{shape.url('a')}/accounts/register/", form)
    assert "短信验证码已发送至136****2222" in sent.text
    again = form_post(requests.Session(), f"{shape.url('b')}/accounts/register/", form)
    assert "秒后再重新获取" in again.text


def test_a_file_uploaded_through_one_server_is_served_through_the_other(shape):
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(picture, "PNG")
    registrant = log_in(shape.url("a"), "shenbao")
    page = registrant.get(f"{shape.url('a')}/units/").text
    department = re.search(r'<option value="(\d+)"[^>]*>重庆市国有资产监督管理委员会</option>', page).group(1)
    data = {
        "name": "重庆扩展测试科技有限公司",
        "credit_code": credit_code("91500103MA6Q2X7K1"),
        "department": department,
    }
    saved = form_post(
        registrant,
        f"{shape.url('a')}/units/",
        data,
        files={"licence_file": ("执照.png", picture.getvalue(), "image/png")},
    )
    assert saved.status_code == 302, saved.text[:500]
    (key,) = sql(shape, "SELECT licence FROM accounts_unit WHERE name = %s", data["name"])[0]
    assert key  # stored in the bucket, not on either server's disk
    reviewer = log_in(shape.url("b"), "zhuguan")
    role = review_role(reviewer, shape.url("b"))
    requests_page = reviewer.get(f"{shape.url('b')}/review/{role}/units/").text
    link = re.search(r'href="(/review/\d+/units/\d+/licence/)"', requests_page).group(1)
    served = reviewer.get(f"{shape.url('b')}{link}")
    assert served.status_code == 200
    assert Image.open(io.BytesIO(served.content)).size == (64, 48)


def approve_on_a(shape) -> None:
    """The unit reviewer (danwei) approves, through server a, liming's application of the demo data."""
    reviewer = log_in(shape.url("a"), "danwei")
    role = review_role(reviewer, shape.url("a"))
    (pk,) = sql(shape, "SELECT a.id FROM titles_application a JOIN accounts_user u ON u.id = a.applicant_id "
                       "WHERE u.username = 'liming'")[0]  # fmt: skip
    detail = f"{shape.url('a')}/review/{role}/app/{pk}/"
    approved = form_post(reviewer, f"{detail}approve/", {"comment": "同意"}, page_url=detail)
    assert approved.status_code == 302, approved.text[:500]


def test_a_transition_on_one_server_is_seen_on_the_other(shape):
    applicant = log_in(shape.url("b"), "liming")
    if sql(shape, "SELECT 1 FROM reviews_publicity"):  # the daily-close test ran first and approved it
        assert "待单位上报" in applicant.get(f"{shape.url('b')}/applications/").text
        return
    assert "待单位审核" in applicant.get(f"{shape.url('b')}/applications/").text
    approve_on_a(shape)
    assert "单位公示中" in applicant.get(f"{shape.url('b')}/applications/").text


def test_the_daily_publicity_close_run_twice_at_once_moves_each_application_once(shape):
    if not sql(shape, "SELECT 1 FROM reviews_publicity"):
        approve_on_a(shape)
    due = sql(shape, "SELECT application_id FROM reviews_publicity")
    sql(shape, "UPDATE reviews_publicity SET starts_on = CURRENT_DATE - 10, ends_on = CURRENT_DATE - 1")
    runs = [
        subprocess.Popen([PY, "manage.py", "close_publicity"], cwd=ROOT, env=shape.env(), stdout=subprocess.PIPE)  # noqa: S603
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
    moved = sum(int(re.search(r"(\d+) 份", output).group(1)) for output in outputs)
    events = sql(shape, "SELECT application_id FROM titles_applicationevent WHERE action = 'close_publicity'")
    assert moved == len(due) == len(events)
    assert {
        status
        for (status,) in sql(shape, "SELECT status FROM titles_application WHERE id = ANY(%s)", [p for (p,) in due])
    } == {"unit_report"}


def test_stopping_one_app_server_loses_no_request_nginx_can_retry(shape):
    """Pages asked through the shared entry while server a shuts down all answer."""
    answers, stop = [], threading.Event()

    def ask():
        with requests.Session() as session:
            while not stop.is_set():
                answers.append(session.get(f"{shape.url('both')}/accounts/login/").status_code)

    asking = [threading.Thread(target=ask) for _ in range(4)]
    for thread in asking:
        thread.start()
    while len(answers) < 40:
        pass
    shape.stop("app-a")
    seen_after_stop = len(answers)
    while len(answers) < seen_after_stop + 80:
        pass
    stop.set()
    for thread in asking:
        thread.join()
    shape.gunicorn("a")  # back, for whatever runs after
    assert set(answers) == {200}, {code: answers.count(code) for code in set(answers)}
