"""The review workflow in one place: what each action does, from which states, by whom.

TABLE lists every change of state an application can make. Pages ask allowed_actions() which buttons
to show; every change goes through fire(), which checks who may act, locks the application row,
runs the transition's own effect (a small function named in its row: the publicity, the vote, the
sections to correct), records the event and tells the applicant.

How to add a stage: name its state in reviews/states.py (Status, OWNER, STAGE_OF), write its
effect here if it has one, and add its rows to TABLE; the pages, the permission tests
(tests/reviews/test_permissions.py) and the queues follow the table.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.sms import send_sms
from core.errors import ApplicationError
from reviews.models import CommitteeVote, Objection, Publicity, ReviewerRole
from reviews.scopes import role_in_scope
from reviews.states import APPLICANT, EDITABLE, OWNER, REVIEW_STATES, SYSTEM, Action, Role, Status
from reviews.workdays import CalendarUnknown, add_working_days
from titles.models import Application, ApplicationEvent, Submission
from titles.rendering import find_gaps, render_application
from titles.sections import BY_KEY

PUBLICITY_WORKING_DAYS = 5
MAX_PUBLICITY_DELAY_DAYS = 30  # how far ahead a publicity may be scheduled to start
MAX_PUBLICITY_EXTRA_DAYS = 30  # how much longer than the minimum it may run

# In a row's `who`: the role that owns the application's current state (see reviews.states.OWNER).
STATE_OWNER = "owner"


@dataclass
class Firing:
    """One action being fired: what an effect reads (the locked application, the form's data) and
    what it may decide (the state it leads to, the comment recorded)."""

    transition: "Transition"
    application: Application
    user: object
    data: dict
    to: str | None
    comment: str = ""
    ip: str | None = None


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    who: str  # a reviewer Role, STATE_OWNER, APPLICANT or SYSTEM
    to: str | None = None  # None: the effect decides (the department's approval, the vote)
    effect: Callable[[Firing], None] | None = None
    # A refusal that also hides the button (None: allowed); cheap checks of the application's state.
    guard: Callable[[Application], str | None] | None = None
    label: str | None = None  # the button, when it says more than the action's name
    publicity: bool = False  # asks for the publicity period (its form shows the dates)
    extra: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.label or Action(self.action).label)

    def role_for(self, status: str) -> str | None:
        return OWNER.get(status) if self.who == STATE_OWNER else self.who


# --- effects: each transition's own work, inside fire()'s transaction, on the locked row ----------


def submission_deadline(application: Application) -> datetime.datetime:
    """A returned application with a correction deadline may be resubmitted until then; else the batch's."""
    if application.status == Status.RETURNED and application.correction_deadline:
        return application.correction_deadline
    return application.batch.closes_at


def _submit(firing: Firing) -> None:
    """Only before the deadline, only complete; keeps the frozen copy reviewers read."""
    application, now = firing.application, timezone.now()
    deadline = submission_deadline(application)
    if now >= deadline or not application.batch.opens_at <= now:
        closes = timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
        raise ApplicationError(_("已超过申请书提交截止时间（%(time)s），不能提交") % {"time": closes})
    data = render_application(application)
    gaps = find_gaps(data)
    if gaps:
        raise ApplicationError(_("申请书还有未填写完整的内容，请补充后再提交"), gaps)
    Submission.objects.create(application=application, number=application.submissions.count() + 1, data=data)
    application.submitted_at = now
    application.save(update_fields=["submitted_at"])


def _withdraw(firing: Firing) -> None:
    if timezone.now() >= submission_deadline(firing.application):
        raise ApplicationError(_("申报已截止，撤回后将无法重新提交，因此不能撤回"))
    firing.comment = _("申请人撤回")


def default_publicity_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """From today (or the next working day) for PUBLICITY_WORKING_DAYS working days."""
    today = today or timezone.localdate()
    return today, add_working_days(today, PUBLICITY_WORKING_DAYS)


def _start_publicity(firing: Firing) -> None:
    """单位公示 of at least PUBLICITY_WORKING_DAYS working days, starting today or within a month."""
    today = timezone.localdate()
    starts_on = firing.data.get("starts_on") or today
    if starts_on < today:
        raise ApplicationError(_("公示开始日期不能早于今天"))
    if starts_on > today + datetime.timedelta(days=MAX_PUBLICITY_DELAY_DAYS):
        raise ApplicationError(_("公示开始日期不能晚于%(days)d天以后") % {"days": MAX_PUBLICITY_DELAY_DAYS})
    try:
        earliest_end = add_working_days(starts_on, PUBLICITY_WORKING_DAYS)
    except CalendarUnknown as error:
        raise ApplicationError(error.message) from None
    latest_end = earliest_end + datetime.timedelta(days=MAX_PUBLICITY_EXTRA_DAYS)
    ends_on = firing.data.get("ends_on") or earliest_end
    if ends_on > latest_end:
        raise ApplicationError(_("公示结束日期不能晚于%(date)s") % {"date": latest_end.isoformat()})
    if ends_on < earliest_end:
        raise ApplicationError(
            _("公示期不少于%(days)d个工作日，结束日期不能早于%(date)s")
            % {"days": PUBLICITY_WORKING_DAYS, "date": earliest_end.isoformat()}
        )
    application = firing.application
    Publicity.objects.create(
        application=application, unit=application.unit, starts_on=starts_on, ends_on=ends_on, created_by=firing.user
    )
    period = _("公示期%(start)s至%(end)s") % {"start": starts_on.isoformat(), "end": ends_on.isoformat()}
    firing.comment = "；".join(filter(None, [firing.comment.rstrip("。；;"), period]))


def latest_publicity(application: Application) -> Publicity | None:
    return application.publicities.order_by("-pk").first()


def _publicity_over(application: Application, today: datetime.date) -> bool:
    publicity = latest_publicity(application)
    return publicity is not None and not publicity.ended_early and publicity.ends_on < today


def _publicity_not_over(application: Application) -> str | None:
    """上报 is offered once the unit's publicity has ended (the button stays hidden until then)."""
    if application.status != Status.UNIT_PUBLICITY or _publicity_over(application, timezone.localdate()):
        return None
    publicity = latest_publicity(application)
    if publicity is None:
        return _("尚未公示，不能上报")
    return _("公示期至%(date)s结束，公示期满后才能上报") % {"date": publicity.ends_on.isoformat()}


def publicity_wait(application: Application) -> str | None:
    """For the unit's page: when 上报 becomes possible, while the publicity runs."""
    return _publicity_not_over(application)


def _close_publicity(firing: Firing) -> None:
    if not _publicity_over(firing.application, firing.data.get("today") or timezone.localdate()):
        raise ApplicationError(_("公示期尚未结束"))
    firing.comment = _("公示期满")


def _report(firing: Firing) -> None:
    """上报: after the publicity period has ended (closed here if the daily close has not run yet)
    and every objection is settled."""
    application = firing.application
    if application.status == Status.UNIT_PUBLICITY:  # ended (the guard has checked): closed on the way
        _record(application, CLOSE_PUBLICITY, Status.UNIT_REPORT, actor=None, role=SYSTEM, comment=_("公示期满"))
    open_objections = Objection.objects.filter(publicity__application=application, status=Objection.Status.OPEN)
    if count := open_objections.count():
        raise ApplicationError(_("还有%(count)d条异议未处理，处理完毕后才能上报") % {"count": count})


def _send_on(firing: Firing) -> None:
    """The department sends it to the talent centre that keeps the archive, or else to the committee."""
    firing.to = Status.CENTRE_REVIEW if firing.application.archive_centre_id else Status.COMMITTEE_REVIEW


def _end_publicity_early(application: Application) -> None:
    """A returned or rejected application comes off the notice board; its objections go with it."""
    Publicity.objects.filter(application=application, ended_early=False).update(ended_early=True)


def _required_reason(firing: Firing, message: str) -> str:
    reason = (firing.data.get("reason") or "").strip()
    if not reason:
        raise ApplicationError(message)
    return reason


def _send_back(firing: Firing) -> None:
    """退回修改 with a reason, the sections to correct and, after the batch has closed, a deadline."""
    firing.comment = _required_reason(firing, _("退回修改必须填写退回原因"))
    deadline, application = firing.data.get("deadline"), firing.application
    if deadline is not None and deadline <= timezone.now():
        raise ApplicationError(_("修改截止时间必须晚于现在"))
    if deadline is None and timezone.now() >= application.batch.closes_at:
        raise ApplicationError(_("申报已截止，退回修改时请设置修改截止时间，以便申请人重新提交"))
    application.return_sections = [key for key in firing.data.get("sections") or () if key in BY_KEY]
    application.correction_deadline = deadline
    application.accepted_at = None  # a resubmitted application is accepted (受理) again
    application.save(update_fields=["return_sections", "correction_deadline", "accepted_at"])
    _end_publicity_early(application)


def _reject(firing: Firing) -> None:
    firing.comment = _required_reason(firing, _("不予通过必须填写原因"))
    _end_publicity_early(firing.application)


def _accept(firing: Firing) -> None:
    firing.application.accepted_at = timezone.now()
    firing.application.save(update_fields=["accepted_at"])
    firing.comment = _("已受理")


# Where the vote leaves an application.
VOTED = frozenset({Status.PASSED, Status.FAILED})


def vote_passes(experts_present: int, votes_for: int) -> bool:
    """At least two thirds of the experts present voted for (integer arithmetic, no rounding)."""
    return votes_for * 3 >= experts_present * 2


def _vote(firing: Firing) -> None:
    """The experts' vote: 评审通过 with at least two thirds of those present."""
    present, votes = firing.data.get("experts_present"), firing.data.get("votes_for")
    if present is None or present < 1:
        raise ApplicationError(_("出席专家人数至少为1人"))
    if votes is None or not 0 <= votes <= present:
        raise ApplicationError(_("同意票数应在0到出席专家人数之间"))
    passed = vote_passes(present, votes)
    CommitteeVote.objects.create(
        application=firing.application, experts_present=present, votes_for=votes, passed=passed,
        recorded_by=firing.user,
    )  # fmt: skip
    firing.to = Status.PASSED if passed else Status.FAILED
    firing.comment = _("出席专家%(present)d人，同意%(for)d票") % {"present": present, "for": votes}


def _not_accepted(application: Application) -> str | None:
    return _("该申请书已受理") if application.accepted_at else None


def _accepted(application: Application) -> str | None:
    return None if application.accepted_at else _("请先受理，再录入评审结果")


# --- the table -------------------------------------------------------------------------------------

CLOSE_PUBLICITY = Transition(
    Action.CLOSE_PUBLICITY, frozenset({Status.UNIT_PUBLICITY}), SYSTEM, Status.UNIT_REPORT, _close_publicity
)
TABLE = [
    Transition(Action.SUBMIT, EDITABLE, APPLICANT, Status.UNIT_REVIEW, _submit),
    Transition(Action.WITHDRAW, frozenset({Status.UNIT_REVIEW}), APPLICANT, Status.DRAFT, _withdraw),
    Transition(
        Action.APPROVE,
        frozenset({Status.UNIT_REVIEW}),
        Role.UNIT,
        Status.UNIT_PUBLICITY,
        _start_publicity,
        label=gettext_lazy("通过（开始公示）"),
        publicity=True,
    ),  # fmt: skip
    CLOSE_PUBLICITY,
    Transition(
        Action.REPORT,
        frozenset({Status.UNIT_PUBLICITY, Status.UNIT_REPORT}),
        Role.UNIT,
        Status.DEPT_REVIEW,
        _report,
        guard=_publicity_not_over,
    ),  # fmt: skip
    Transition(Action.APPROVE, frozenset({Status.DEPT_REVIEW}), Role.DEPARTMENT, None, _send_on),
    Transition(Action.APPROVE, frozenset({Status.CENTRE_REVIEW}), Role.CENTRE, Status.COMMITTEE_REVIEW),
    Transition(
        Action.ACCEPT,
        frozenset({Status.COMMITTEE_REVIEW}),
        Role.COMMITTEE,
        Status.COMMITTEE_REVIEW,
        _accept,
        guard=_not_accepted,
    ),  # fmt: skip
    Transition(Action.VOTE, frozenset({Status.COMMITTEE_REVIEW}), Role.COMMITTEE, None, _vote, guard=_accepted),
    Transition(Action.RETURN, REVIEW_STATES, STATE_OWNER, Status.RETURNED, _send_back),
    Transition(Action.REJECT, REVIEW_STATES, STATE_OWNER, Status.REJECTED, _reject),
]


def transition_for(action: str, status: str) -> Transition | None:
    """The row of `action` from `status`, if the table has one."""
    return next((t for t in TABLE if t.action == action and status in t.sources), None)


def statuses_where(action: str, role: str) -> list[str]:
    """The states from which `role` may fire `action` (a queue's bulk approval asks this)."""
    return [s for t in TABLE if t.action == action for s in sorted(t.sources) if t.role_for(s) == role]


# --- asking and firing -------------------------------------------------------------------------------


# What an action says when the application's state does not allow it, where the general words
# ("当前状态为…，不能…") would not be the ones people know.
NOT_NOW = {Action.SUBMIT: gettext_lazy("该申请书已提交，当前状态为“%(status)s”")}


def _refusal(transition: Transition | None, application: Application, action: str) -> str | None:
    if transition is None:
        words = NOT_NOW.get(action) or _("当前状态为“%(status)s”，不能%(action)s")
        return str(words) % {"status": application.get_status_display(), "action": Action(action).label}
    return transition.guard(application) if transition.guard else None


def allowed_actions(user, application: Application, role: ReviewerRole | None = None) -> dict[str, Transition]:
    """What `user` may do to `application` now, by action: as `role` (a reviewer role whose scope
    holds the application: the caller found it through reviews.scopes), or as its applicant."""
    allowed = {}
    for transition in TABLE:
        status = application.status
        if status not in transition.sources or transition.action in allowed:
            continue
        who = transition.role_for(status)
        if role is None:
            mine = who == APPLICANT and application.applicant_id == user.pk
        else:
            mine = who == role.role and application.applicant_id != user.pk
        if mine and not (transition.guard and transition.guard(application)):
            allowed[transition.action] = transition
    return allowed


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("batch__committee", "title__specialty__series", "applicant", "unit")
        .get(pk=application.pk)
    )


def _authorise(transition: Transition, locked: Application, user) -> str:
    """The role the user acts in; refuses who may not."""
    who = transition.role_for(locked.status)
    if who == APPLICANT:
        if user is None or locked.applicant_id != user.pk:
            raise ApplicationError(_("只能%(action)s本人的申请书") % {"action": transition.title})
        return APPLICANT
    if who == SYSTEM:
        if user is not None:
            raise ApplicationError(_("您无权对该申请书进行此操作"))
        return SYSTEM
    if user is None:
        raise ApplicationError(_("您无权对该申请书进行此操作"))
    if locked.applicant_id == user.pk:
        raise ApplicationError(_("不能审核本人的申请书"))
    if role_in_scope(user, who, locked) is None:
        raise ApplicationError(_("您无权对该申请书进行此操作"))
    return who


def fire(action: str, application: Application, user, *, ip: str | None = None, **data) -> Application:
    """Fire `action` on `application` as `user` (None: the system). Checks the table, who may act and
    the row's guard; locks the row (a double click fires once); runs the effect; records the event and
    tells the applicant after commit. Raises ApplicationError with a message for the person."""
    with transaction.atomic():
        locked = _lock(application)
        transition = transition_for(action, locked.status)
        refusal = _refusal(transition, locked, action)
        if transition is None:
            raise ApplicationError(refusal)
        role = _authorise(transition, locked, user)
        if refusal:
            raise ApplicationError(refusal)
        firing = Firing(transition, locked, user, data, transition.to, comment=data.get("comment") or "", ip=ip)
        if transition.effect:
            transition.effect(firing)
        _record(locked, transition, firing.to, actor=user, role=role, comment=firing.comment, ip=ip)
    return locked


def _record(application: Application, transition: Transition, to: str, *, actor, role: str, comment="", ip=None):
    """The change of state and its event; the applicant's SMS is sent once the transaction commits."""
    now = timezone.now()
    from_status = application.status
    application.status = to
    application.save(update_fields=["status", "updated_at"])
    ApplicationEvent.objects.create(
        application=application, actor=actor, role=role, action=transition.action, from_status=from_status,
        to_status=to, comment=comment, created_at=now, ip=ip,
    )  # fmt: skip
    phone = application.applicant.phone
    if phone and from_status != to and transition.action != Action.SUBMIT:
        text = _("您申报的%(title)s申请书状态已变更为“%(status)s”，请登录职称申报系统查看。") % {
            "title": application.title.name,
            "status": application.get_status_display(),
        }
        transaction.on_commit(lambda: send_sms(phone, text))


def close_due_publicities(*, today: datetime.date | None = None) -> int:
    """公示期满 for every application whose publicity has ended (the daily command). Returns how many moved."""
    today = today or timezone.localdate()
    due = Application.objects.filter(
        status=Status.UNIT_PUBLICITY, publicities__ends_on__lt=today, publicities__ended_early=False
    )
    moved = 0
    for pk in due.values_list("pk", flat=True).distinct():
        try:
            fire(Action.CLOSE_PUBLICITY, Application(pk=pk), None, today=today)
        except ApplicationError:
            continue  # moved meanwhile (上报, a second run at once) or its publicity was extended
        moved += 1
    return moved
