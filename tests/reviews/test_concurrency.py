"""Two reviewers acting on one application at the same moment: only on PostgreSQL."""

import pytest
from django.db import connection

from core.errors import ApplicationError
from reviews import workflow
from reviews.models import ReviewerRole
from reviews.states import Action, Role
from tests.accounts.test_concurrency import run_together
from tests.conftest import make_user
from tests.titles.conftest import fill_complete, new_application
from titles.models import Application, ApplicationEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
]


@pytest.fixture
def two_unit_reviewers(unit):
    first = make_user(username="unitone", phone="13920000001", id17="50010319800101201", name="甲")
    second = make_user(username="unittwo", phone="13920000002", id17="50010319800101202", name="乙")
    for user in (first, second):
        ReviewerRole.objects.create(user=user, role=Role.UNIT, unit=unit)
    return first, second


def test_two_reviewers_approving_at_once_make_one_transition(applicant, catalog, unit, two_unit_reviewers):
    application = workflow.fire(Action.SUBMIT, fill_complete(new_application(applicant, catalog), unit), applicant)
    first, second = two_unit_reviewers
    outcomes = run_together(
        lambda: workflow.fire(Action.APPROVE, application, first),
        lambda: workflow.fire(Action.APPROVE, application, second),
    )
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert all(isinstance(value, ApplicationError) for kind, value in outcomes if kind == "error")
    assert ApplicationEvent.objects.filter(application=application, action="approve").count() == 1
    assert application.publicities.count() == 1


def test_approve_and_return_at_once_are_applied_one_after_the_other(applicant, catalog, unit, two_unit_reviewers):
    application = workflow.fire(Action.SUBMIT, fill_complete(new_application(applicant, catalog), unit), applicant)
    first, second = two_unit_reviewers
    outcomes = run_together(
        lambda: workflow.fire(Action.APPROVE, application, first),
        lambda: workflow.fire(Action.RETURN, application, second, reason="请补充"),
    )
    # Whatever the order, each change starts from the state the one before left: no lost update.
    events = list(ApplicationEvent.objects.filter(application=application).order_by("created_at", "pk"))
    done = [kind for kind, _ in outcomes].count("ok")
    assert done >= 1 and events[0].action == Action.SUBMIT and len(events) == 1 + done
    for before, after in zip(events, events[1:], strict=False):
        assert after.from_status == before.to_status
    assert Application.objects.get(pk=application.pk).status == events[-1].to_status
