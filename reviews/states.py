"""The names of the review workflow: the states of an application, the reviewer roles and the actions.

A leaf module (it imports nothing of the project), so the models of every app can use these names;
what each action does, from which states, by whom, is the table in reviews/workflow.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("填写中")
    UNIT_REVIEW = "unit_review", _("待单位审核")
    UNIT_PUBLICITY = "unit_publicity", _("单位公示中")
    UNIT_REPORT = "unit_report", _("待单位上报")
    DEPT_REVIEW = "dept_review", _("待主管部门审核")
    CENTRE_REVIEW = "centre_review", _("待人才交流中心审核")
    COMMITTEE_REVIEW = "committee_review", _("待评审委员会审核")
    PASSED = "passed", _("评审通过")
    FAILED = "failed", _("评审未通过")
    RETURNED = "returned", _("退回修改")
    REJECTED = "rejected", _("不予通过")


class Role(models.TextChoices):
    """A reviewer's role; each has one scope (a unit, a department, a talent centre or a committee)."""

    UNIT = "unit", _("单位审核人")
    DEPARTMENT = "department", _("主管部门审核人")
    CENTRE = "centre", _("人才交流中心审核人")
    COMMITTEE = "committee", _("评审委员会秘书")


# Who else fires actions: the applicant on their own application, and the system (the daily command).
APPLICANT = "applicant"
SYSTEM = "system"


class Action(models.TextChoices):
    SUBMIT = "submit", _("提交")
    WITHDRAW = "withdraw", _("撤回")
    APPROVE = "approve", _("通过")
    CLOSE_PUBLICITY = "close_publicity", _("公示期满")
    REPORT = "report", _("上报")
    ACCEPT = "accept", _("受理")
    VOTE = "vote", _("录入评审结果")
    RETURN = "return", _("退回修改")
    REJECT = "reject", _("不予通过")


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
    Status.CENTRE_REVIEW: 5,
    Status.COMMITTEE_REVIEW: 6,
    Status.PASSED: 6,
    Status.FAILED: 6,
    Status.REJECTED: 6,
}

# Who acts on an application in each review state (the stage's owner: it may also return or reject).
OWNER = {
    Status.UNIT_REVIEW: Role.UNIT,
    Status.UNIT_PUBLICITY: Role.UNIT,
    Status.UNIT_REPORT: Role.UNIT,
    Status.DEPT_REVIEW: Role.DEPARTMENT,
    Status.CENTRE_REVIEW: Role.CENTRE,
    Status.COMMITTEE_REVIEW: Role.COMMITTEE,
}
REVIEW_STATES = frozenset(OWNER)
