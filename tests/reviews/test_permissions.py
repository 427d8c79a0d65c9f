"""Every (state × action × role × in or out of scope): one expected answer each, through the pages.

The expectations are written out here, by hand, from the product's rules (DESIGN.md, the manual):
who may do what in which state, and which states each role sees. The code answers from
reviews.workflow.TABLE and reviews.scopes; a row added there without a rule here, or a view that
refuses or allows what the rules do not, fails this file.
"""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews import workflow
from reviews.models import Publicity
from reviews.states import Action, Role, Status
from titles.models import Application, ApplicationEvent

# The states an application can be in, as set up below. The committee's state twice: before and
# after 受理 (the vote needs it).
STATES = [
    "draft", "unit_review", "unit_publicity (running)", "unit_publicity (ended)", "unit_report", "dept_review",
    "centre_review", "committee_review", "committee_review (accepted)", "passed", "failed", "returned", "rejected",
]  # fmt: skip

# The rules: (state, action) → the role that may act, and where the application goes.
OWNER = {
    "unit_review": Role.UNIT,
    "unit_publicity (running)": Role.UNIT,
    "unit_publicity (ended)": Role.UNIT,
    "unit_report": Role.UNIT,
    "dept_review": Role.DEPARTMENT,
    "centre_review": Role.CENTRE,
    "committee_review": Role.COMMITTEE,
    "committee_review (accepted)": Role.COMMITTEE,
}
MOVES = {
    ("unit_review", Action.APPROVE): Status.UNIT_PUBLICITY,
    ("unit_publicity (ended)", Action.REPORT): Status.DEPT_REVIEW,  # the publicity is closed on the way
    ("unit_report", Action.REPORT): Status.DEPT_REVIEW,
    ("dept_review", Action.APPROVE): Status.CENTRE_REVIEW,  # the archive is at a talent centre
    ("centre_review", Action.APPROVE): Status.COMMITTEE_REVIEW,
    ("committee_review", Action.ACCEPT): Status.COMMITTEE_REVIEW,
    ("committee_review (accepted)", Action.VOTE): Status.PASSED,
}
# The stage's owner may return or reject in every review state.
for _state in OWNER:
    MOVES[_state, Action.RETURN] = Status.RETURNED
    MOVES[_state, Action.REJECT] = Status.REJECTED

# What each role sees of an application of its scope (returned and rejected ones here were stopped
# at the unit, so only the unit sees them).
SEES = {
    Role.UNIT: set(STATES) - {"draft"},
    Role.DEPARTMENT: {"dept_review", "centre_review", "committee_review", "committee_review (accepted)", "passed",
                      "failed"},
    Role.CENTRE: {"centre_review", "committee_review", "committee_review (accepted)", "passed", "failed"},
    Role.COMMITTEE: {"committee_review", "committee_review (accepted)", "passed", "failed"},
}  # fmt: skip

FORMS = {
    Action.APPROVE: {"comment": "同意"},
    Action.REPORT: {},
    Action.ACCEPT: {},
    Action.VOTE: {"experts_present": "9", "votes_for": "6"},
    Action.RETURN: {"reason": "请补充材料", "sections": ["education"]},
    Action.REJECT: {"reason": "不符合申报条件"},
}


def expected(state: str, action: str, role: str, in_scope: bool) -> tuple[int, str]:
    """(HTTP status, the application's state afterwards)."""
    before = state.split(" ")[0]
    if not in_scope or state not in SEES[role]:
        return 404, before
    if OWNER.get(state) == role and (state, action) in MOVES:
        return 302, MOVES[state, action]
    return 400, before


def put_in(application: Application, state: str) -> None:
    """Puts the application in `state` with what that state implies (a publicity, 受理, the event of a stop)."""
    status = state.split(" ")[0]
    today = timezone.localdate()
    if status == Status.UNIT_PUBLICITY:
        ended = "ended" in state
        Publicity.objects.create(
            application=application, unit=application.unit,
            starts_on=today - datetime.timedelta(days=10 if ended else 1),
            ends_on=today - datetime.timedelta(days=1) if ended else today + datetime.timedelta(days=7),
        )  # fmt: skip
    if status in (Status.RETURNED, Status.REJECTED):
        ApplicationEvent.objects.create(
            application=application, role=Role.UNIT, action=Action.RETURN, from_status=Status.UNIT_REVIEW,
            to_status=status,
        )  # fmt: skip
    accepted = timezone.now() if "accepted" in state else None
    Application.objects.filter(pk=application.pk).update(status=status, accepted_at=accepted)


def answers(roles, application, state: str) -> list[str]:
    """Every action as every reviewer; each request in a savepoint rolled back after it."""
    wrong = []
    clients = {}
    for name, role in roles.items():
        clients[name] = Client()
        clients[name].force_login(role.user)
    for action, form in FORMS.items():
        for name, role in roles.items():
            in_scope = not name.startswith("other_")
            url = reverse("reviews:act", args=[role.pk, application.pk, action])
            with transaction.atomic():
                response = clients[name].post(url, form)
                after = Application.objects.get(pk=application.pk).status
                transaction.set_rollback(True)
            want = expected(state, action, role.role, in_scope)
            if (response.status_code, after) != want:
                wrong.append(f"{state} · {action} · {name}: got {(response.status_code, after)}, want {want}")
    return wrong


@pytest.mark.parametrize("state", STATES)
def test_every_reviewer_action_in_every_state_answers_as_the_rules_say(state, submitted, roles):
    put_in(submitted, state)
    wrong = answers(roles, submitted, state)
    assert not wrong, "\n".join(wrong)


def test_the_rules_here_cover_every_row_of_the_workflow_table():
    """A new row in reviews.workflow.TABLE needs its rule above (and its state in STATES)."""
    covered = {(state.split(" ")[0], action) for state, action in MOVES}
    reviewer_rows = {
        (status, transition.action)
        for transition in workflow.TABLE
        if transition.action in FORMS
        for status in transition.sources
    }
    assert reviewer_rows == covered


@pytest.mark.parametrize("state", STATES)
def test_the_applicant_submits_and_withdraws_only_where_the_rules_say(state, submitted, other_applicant):
    """提交 from a draft or a returned application, 撤回 while the unit has not acted; only one's own."""
    put_in(submitted, state)
    status = state.split(" ")[0]
    owner, stranger = Client(), Client()
    owner.force_login(submitted.applicant)
    stranger.force_login(other_applicant)
    for action, url, may, to in (
        ("submit", reverse("titles:submit", args=[submitted.pk]), status in ("draft", "returned"), "unit_review"),
        ("withdraw", reverse("titles:withdraw", args=[submitted.pk]), status == "unit_review", "draft"),
    ):
        for who, client in (("owner", owner), ("stranger", stranger)):
            with transaction.atomic():
                response = client.post(url)
                after = Application.objects.get(pk=submitted.pk).status
                transaction.set_rollback(True)
            if who == "stranger":
                assert (response.status_code, after) == (404, status), (state, action, who)
            elif may:
                assert (response.status_code, after) == (302, to), (state, action, who)
            else:
                assert after == status and response.status_code in {"submit": (400,), "withdraw": (302,)}[action], (
                    state, action, who, response.status_code,
                )  # fmt: skip
