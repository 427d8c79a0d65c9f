import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Unit, User
from reviews import workflow
from reviews.models import Publicity, ReviewerRole
from reviews.services import objection_file
from reviews.states import Action, Role, Status
from tests.conftest import client_as
from titles.models import Application, Submission
from titles.rendering import find_gaps, render_application
from titles.sections import ROW_SECTIONS

TINY = ["--applications", "60", "--units", "20", "--rows-per-application", "3", "--big-unit-applications", "20",
        "--approve-pool", "10", "--draft-pool", "3", "--submit-pool", "3", "--chunk", "25"]  # fmt: skip
KEYS = {"password", "usernames", "role_ids", "big_application_id", "draft_pool", "submit_pool", "approve_pool",
        "publicity_id", "name_filter"}  # fmt: skip


def generate(tmp_path, *extra) -> dict:
    known = tmp_path / "known.json"
    call_command("generate_data", *TINY, "--known-file", str(known), *extra, stdout=io.StringIO())
    return json.loads(known.read_text(encoding="utf-8"))


# On PostgreSQL the generator writes through a thread with its own connection, which commits outside
# a test's transaction: these tests run with real transactions and the tables are emptied after each.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def known(tmp_path):
    return generate(tmp_path)


def full(pk) -> Application:
    return Application.objects.select_related("batch__committee", "title__specialty__series").get(pk=pk)


def test_it_creates_every_state_and_the_known_accounts_with_their_roles(known):
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(known) >= KEYS
    roles = {kind: ReviewerRole.objects.select_related("user").get(pk=pk) for kind, pk in known["role_ids"].items()}
    assert {kind: (role.user.username, role.role) for kind, role in roles.items()} == {
        "unit": ("bench_unit", Role.UNIT),
        "department": ("bench_dept", Role.DEPARTMENT),
        "centre": ("bench_centre", Role.CENTRE),
        "committee": ("bench_committee", Role.COMMITTEE),
    }
    assert roles["department"].department_id == roles["unit"].unit.department_id
    assert roles["committee"].committee_id == Application.objects.get(pk=known["big_application_id"]).batch.committee_id
    pool = Application.objects.filter(pk__in=known["approve_pool"])
    assert pool.count() == 10 and {a.status for a in pool} == {Status.UNIT_REVIEW}
    assert {a.unit_id for a in pool} == {roles["unit"].unit_id}
    drafters = User.objects.filter(username__startswith="bench_a")
    assert drafters.count() == len(known["draft_pool"]) == 3
    assert all(user.check_password(known["password"]) for user in drafters)
    assert len(known["draft_pool"]) == 3 and len(known["submit_pool"]) == 3


def test_the_big_application_has_200_rows_and_is_complete(known):
    application = full(known["big_application_id"])
    assert sum(s.model.objects.filter(application=application).count() for s in ROW_SECTIONS) == 200
    assert find_gaps(render_application(application)) == []


def test_frozen_submissions_are_what_the_preview_renders(known):
    submissions = Submission.objects.all()
    assert submissions.count() == Application.objects.filter(submitted_at__isnull=False).count() > 0
    for submission in submissions:
        assert json.loads(json.dumps(render_application(full(submission.application_id)))) == submission.data


def test_pools_work_through_the_services(known):
    username, pk = known["submit_pool"][0]
    user = User.objects.get(username=username)
    assert workflow.fire(Action.SUBMIT, Application.objects.get(pk=pk), user).status == Status.UNIT_REVIEW
    approved = workflow.fire(
        Action.APPROVE, Application.objects.get(pk=known["approve_pool"][0]), User.objects.get(username="bench_unit")
    )
    assert approved.status == Status.UNIT_PUBLICITY
    publicity = Publicity.objects.get(pk=known["publicity_id"])
    assert publicity.application.status == Status.UNIT_PUBLICITY
    assert objection_file(publicity=publicity, name="", phone="13800000000", content="异议内容").pk


def test_the_unit_queue_and_a_reviewer_detail_page_render(known):
    client = client_as("bench_unit")
    role_id = known["role_ids"]["unit"]
    page = client.get(reverse("reviews:queue", args=[role_id]))
    assert page.status_code == 200
    names = [Application.objects.get(pk=pk).applicant_name for pk in known["approve_pool"]]
    assert any(name in page.content.decode() for name in names)
    filtered = client.get(reverse("reviews:queue", args=[role_id]), {"name": known["name_filter"]}).content.decode()
    assert "没有符合条件的申请书" not in filtered
    submitted = Application.objects.filter(unit=ReviewerRole.objects.get(pk=role_id).unit, status=Status.DEPT_REVIEW)
    application = submitted.first() or Application.objects.get(pk=known["approve_pool"][0])
    detail = client.get(reverse("reviews:detail", args=[role_id, application.pk]))
    assert detail.status_code == 200
    cell = application.submissions.get().data["sections"][0]["rows"][0]["cells"][-1]  # 学历学位: 毕业时间
    assert cell in detail.content.decode()


def test_it_refuses_to_run_twice_unless_reset(known, tmp_path):
    with pytest.raises(CommandError, match="--reset"):
        generate(tmp_path)
    units = Unit.objects.count()
    generate(tmp_path, "--reset")
    assert Application.objects.count() == 60 + 1 + 3 + 3
    assert User.objects.filter(username="bench_unit").count() == 1
    assert Unit.objects.count() == units  # the earlier generated units went
