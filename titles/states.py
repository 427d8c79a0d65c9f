"""The states of an application, shared by the applicant pages and the review workflow.

The transitions between them live in `reviews`; this leaf module only names the states
and how the applicant's stage bar shows them.
"""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("填写中")
    UNIT_REVIEW = "unit_review", _("待单位审核")
    UNIT_PUBLICITY = "unit_publicity", _("单位公示中")
    UNIT_REPORT = "unit_report", _("待单位上报")
    DEPT_REVIEW = "dept_review", _("待主管部门审核")
    CENTER_REVIEW = "center_review", _("待人才交流中心审核")
    COMMITTEE_REVIEW = "committee_review", _("待评审委员会审核")
    PASSED = "passed", _("评审通过")
    FAILED = "failed", _("评审未通过")
    RETURNED = "returned", _("退回修改")
    REJECTED = "rejected", _("不予通过")


# What the applicant may change: a draft, or an application returned for correction.
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
# Only a draft that was never submitted may be deleted.
DELETABLE = frozenset({Status.DRAFT})

# The stage bar of 我的申请书: 填写中 → 单位审核 → 单位公示 → 单位上报 → 主管部门审核 → 人才交流中心 → 评审委员会审核
STAGES = [
    _("填写中"),
    _("单位审核"),
    _("单位公示"),
    _("单位上报"),
    _("主管部门审核"),
    _("人才交流中心"),
    _("评审委员会审核"),
]
STAGE_OF = {
    Status.DRAFT: 0,
    Status.RETURNED: 0,
    Status.UNIT_REVIEW: 1,
    Status.UNIT_PUBLICITY: 2,
    Status.UNIT_REPORT: 3,
    Status.DEPT_REVIEW: 4,
    Status.CENTER_REVIEW: 5,
    Status.COMMITTEE_REVIEW: 6,
    Status.PASSED: 6,
    Status.FAILED: 6,
    Status.REJECTED: 6,
}

# Who acts on an application in each review state.
STATE_ROLE = {
    Status.UNIT_REVIEW: "unit",
    Status.UNIT_PUBLICITY: "unit",
    Status.UNIT_REPORT: "unit",
    Status.DEPT_REVIEW: "department",
    Status.CENTER_REVIEW: "centre",
    Status.COMMITTEE_REVIEW: "committee",
}
REVIEW_STATES = frozenset(STATE_ROLE)


class Transition(NamedTuple):
    label: str
    sources: frozenset
    targets: frozenset
    role: str  # "applicant", "system", a reviewer role, or "state" for the role of the current state


# The whole state machine: every change of state an application can make, from where to where, by whom.
TRANSITIONS = {
    "submit": Transition(_("提交"), EDITABLE, frozenset({Status.UNIT_REVIEW}), "applicant"),
    "withdraw": Transition(_("撤回"), frozenset({Status.UNIT_REVIEW}), frozenset({Status.DRAFT}), "applicant"),
    "unit_approve": Transition(
        _("通过并公示"), frozenset({Status.UNIT_REVIEW}), frozenset({Status.UNIT_PUBLICITY}), "unit"
    ),
    "publicity_end": Transition(
        _("公示期满"), frozenset({Status.UNIT_PUBLICITY}), frozenset({Status.UNIT_REPORT}), "system"
    ),
    "unit_report": Transition(_("上报"), frozenset({Status.UNIT_REPORT}), frozenset({Status.DEPT_REVIEW}), "unit"),
    "dept_approve": Transition(
        _("通过"),
        frozenset({Status.DEPT_REVIEW}),
        frozenset({Status.CENTER_REVIEW, Status.COMMITTEE_REVIEW}),
        "department",
    ),
    "center_approve": Transition(
        _("通过"), frozenset({Status.CENTER_REVIEW}), frozenset({Status.COMMITTEE_REVIEW}), "centre"
    ),
    "committee_accept": Transition(
        _("受理"), frozenset({Status.COMMITTEE_REVIEW}), frozenset({Status.COMMITTEE_REVIEW}), "committee"
    ),
    "committee_vote": Transition(
        _("录入评审结果"), frozenset({Status.COMMITTEE_REVIEW}), frozenset({Status.PASSED, Status.FAILED}), "committee"
    ),
    "return": Transition(_("退回修改"), REVIEW_STATES, frozenset({Status.RETURNED}), "state"),
    "reject": Transition(_("不予通过"), REVIEW_STATES, frozenset({Status.REJECTED}), "state"),
}


def role_for(action: str, status: str) -> str:
    """The role that may fire `action` on an application in `status`."""
    role = TRANSITIONS[action].role
    return STATE_ROLE.get(status, "") if role == "state" else role
