"""Query budgets of the pages applicants and reviewers use most at deadline peak.

Each page has a ceiling, and the count must not grow when the province does (more
applications, more rows): measured once on a small world, then again after it has grown.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import workflow
from reviews.states import Action
from tests.conftest import CAPTCHA, PASSWORD, make_user
from tests.site.conftest import client_for
from tests.titles.conftest import attach, fill_complete, new_application
from titles.models import EducationRow, WorkHistoryRow

# page → (who, how to request it, ceiling). The preview's ceiling is well under the 20 the 200-row
# budget allows: it reads all 17 sections in one query.
PAGES = {
    "login GET": ("anon", lambda c, w: c.get(reverse("accounts:login")), 2),
    "我的申请书": ("applicant", lambda c, w: c.get(reverse("titles:list")), 5),
    "section GET": (
        "applicant",
        lambda c, w: c.get(reverse("titles:section", args=[w["draft"].pk, "work-history"])),
        8,
    ),
    "row save": (
        "applicant",
        lambda c, w: c.post(
            reverse("titles:section", args=[w["draft"].pk, "work-history"]),
            {"started_on": "2010-01-01", "unit_name": "某单位", "work": "工作", "post": ""},
        ),
        12,
    ),
    "preview": ("applicant", lambda c, w: c.get(reverse("titles:preview", args=[w["draft"].pk])), 9),
    "unit queue": ("unit", lambda c, w: c.get(reverse("reviews:queue", args=[w["roles"]["unit"].pk])), 7),
    "unit queue filtered": (
        "unit",
        lambda c, w: c.get(
            reverse("reviews:queue", args=[w["roles"]["unit"].pk]), {"name": "申", "status": "unit_review"}
        ),
        7,
    ),  # fmt: skip
    "unit queue late page": (
        "unit",
        lambda c, w: c.get(reverse("reviews:queue", args=[w["roles"]["unit"].pk]), {"page": "50"}),
        7,
    ),  # fmt: skip
    "department queue": (
        "department",
        lambda c, w: c.get(reverse("reviews:queue", args=[w["roles"]["department"].pk])),
        6,
    ),
    "committee queue": (
        "committee",
        lambda c, w: c.get(reverse("reviews:queue", args=[w["roles"]["committee"].pk])),
        7,
    ),
    "reviewer detail": (
        "unit",
        lambda c, w: c.get(reverse("reviews:detail", args=[w["roles"]["unit"].pk, w["waiting"].pk])),
        9,
    ),  # fmt: skip
    "public notices": ("anon", lambda c, w: c.get(reverse("reviews:notices")), 3),
    "roster": (
        "unit",
        lambda c, w: c.get(reverse("reviews:roster", args=[w["roles"]["unit"].pk])),
        5,
    ),
}


def queries_of(world, name) -> int:
    actor, request, _ceiling = PAGES[name]
    client = client_for(world, actor)
    request(client, world)  # warm: a first visit may write the session or the captcha store
    with CaptureQueriesContext(connection) as queries:
        response = request(client, world)
        if response.streaming:
            b"".join(response.streaming_content)  # a streamed page reads as it is sent
    assert response.status_code < 400, name
    return len(queries)


def grow(world, catalog, unit):
    """More applications in every queue and more rows in the applicant's draft."""
    for i in range(8):
        person = make_user(username=f"grow{i}", phone=f"1360000000{i}", id17=f"50010219850301{i}22", name=f"增{i}")
        workflow.fire(Action.SUBMIT, fill_complete(new_application(person, catalog), unit), person)
    for i in range(30):
        WorkHistoryRow.objects.create(
            application=world["draft"], started_on=datetime.date(2001, 1, 1), unit_name=f"单位{i}", work="工作"
        )
        row = EducationRow.objects.create(
            application=world["draft"], education="master", degree="master", certificate_no=str(i), major="经济",
            study_mode="full_time", school="大学", graduated_on=datetime.date(2015, 1, 1),
        )  # fmt: skip
        attach(world["draft"], "education", row.pk)


def test_every_busy_page_stays_within_its_budget_and_flat_as_the_province_grows(world, catalog, unit):
    before = {name: queries_of(world, name) for name in PAGES}
    grow(world, catalog, unit)
    after = {name: queries_of(world, name) for name in PAGES}
    print(after)
    over = {name: count for name, count in after.items() if count > PAGES[name][2]}
    assert not over, f"over budget: {over}"
    grown = {name: (before[name], after[name]) for name in PAGES if after[name] != before[name]}
    assert not grown, f"queries grow with the data: {grown}"


@pytest.mark.parametrize("budget", [6])
def test_login_post_finds_the_account_in_a_fixed_number_of_queries(client, applicant, captcha_passes, budget):
    client.get(reverse("accounts:login"))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("accounts:login"), {"username": "ZhangSan", "password": PASSWORD, **CAPTCHA})
    assert response.status_code == 302
    selects = [q for q in queries if q["sql"].startswith("SELECT") and "accounts_user" in q["sql"]]
    assert len(selects) <= 2, [q["sql"][:100] for q in selects]  # the look-up (and axes' username)
    assert isinstance(client, Client)
