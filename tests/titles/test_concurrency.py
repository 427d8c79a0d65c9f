"""Double submits at the same moment: only on PostgreSQL, where rows are really locked."""

import pytest
from django.db import connection

from core.errors import ApplicationError
from reviews import workflow
from reviews.states import Action
from tests.accounts.test_concurrency import run_together
from tests.titles.conftest import fill_complete, new_application
from titles.models import ApplicationEvent, Submission

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
]


def test_two_submits_at_once_submit_once(applicant, catalog, unit):
    application = fill_complete(new_application(applicant, catalog), unit)
    outcomes = run_together(*[lambda: workflow.fire(Action.SUBMIT, application, applicant)] * 3)
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert all(isinstance(value, ApplicationError) for kind, value in outcomes if kind == "error")
    assert Submission.objects.filter(application=application).count() == 1
    assert ApplicationEvent.objects.filter(application=application).count() == 1
