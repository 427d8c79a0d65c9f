"""Review actions. Each one: checks who may act (role, scope, state, not one's own), locks the
application row, changes it through titles.services.record_transition (which records the event and
notifies the applicant), and raises ApplicationError with a Chinese message when refused.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.models import CommitteeVote, Objection, Publicity, ReviewerRole
from reviews.scopes import role_in_scope
from reviews.workdays import CalendarUnknown, add_working_days
from titles.models import Application
from titles.sections import BY_KEY
from titles.services import ApplicationError, lock_application, record_transition
from titles.states import TRANSITIONS, Status, role_for

PUBLICITY_WORKING_DAYS = 5
MAX_PUBLICITY_DELAY_DAYS = 30  # how far ahead a publicity may be scheduled to start
MAX_PUBLICITY_EXTRA_DAYS = 30  # how much longer than the minimum it may run


def _authorise(locked: Application, user, action: str) -> ReviewerRole:
    transition = TRANSITIONS[action]
    if locked.status not in transition.sources:
        raise ApplicationError(
            _("当前状态为“%(status)s”，不能%(action)s")
            % {"status": locked.get_status_display(), "action": transition.label}
        )
    if locked.applicant_id == user.pk:
        raise ApplicationError(_("不能审核本人的申请书"))
    role = role_in_scope(user, role_for(action, locked.status), locked)
    if role is None:
        raise ApplicationError(_("您无权对该申请书进行此操作"))
    return role


def default_publicity_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """From today (or the next working day) for PUBLICITY_WORKING_DAYS working days."""
    today = today or timezone.localdate()
    return today, add_working_days(today, PUBLICITY_WORKING_DAYS)


def review_approve(
    *, application: Application, user, comment: str = "", starts_on=None, ends_on=None, ip=None
) -> Application:
    """通过: the unit starts 单位公示; the department or talent centre sends it on."""
    with transaction.atomic():
        locked = lock_application(application)
        if locked.status == Status.UNIT_REVIEW:
            _authorise(locked, user, "unit_approve")
            today = timezone.localdate()
            starts_on = starts_on or today
            if starts_on < today:
                raise ApplicationError(_("公示开始日期不能早于今天"))
            if starts_on > today + datetime.timedelta(days=MAX_PUBLICITY_DELAY_DAYS):
                raise ApplicationError(_("公示开始日期不能晚于%(days)d天以后") % {"days": MAX_PUBLICITY_DELAY_DAYS})
            try:
                earliest_end = add_working_days(starts_on, PUBLICITY_WORKING_DAYS)
            except CalendarUnknown as error:
                raise ApplicationError(error.message) from None
            ends_on = ends_on or earliest_end
            if ends_on > earliest_end + datetime.timedelta(days=MAX_PUBLICITY_EXTRA_DAYS):
                raise ApplicationError(
                    _("公示结束日期不能晚于%(date)s")
                    % {"date": (earliest_end + datetime.timedelta(days=MAX_PUBLICITY_EXTRA_DAYS)).isoformat()}
                )
            if ends_on < earliest_end:
                raise ApplicationError(
                    _("公示期不少于%(days)d个工作日，结束日期不能早于%(date)s")
                    % {"days": PUBLICITY_WORKING_DAYS, "date": earliest_end.isoformat()}
                )
            Publicity.objects.create(
                application=locked, unit=locked.unit, starts_on=starts_on, ends_on=ends_on, created_by=user
            )
            period = _("公示期%(start)s至%(end)s") % {"start": starts_on.isoformat(), "end": ends_on.isoformat()}
            record_transition(
                locked, action="unit_approve", to_status=Status.UNIT_PUBLICITY, actor=user, role="unit",
                comment="；".join(filter(None, [comment, period])), ip=ip,
            )  # fmt: skip
        elif locked.status == Status.DEPT_REVIEW:
            _authorise(locked, user, "dept_approve")
            target = Status.CENTER_REVIEW if locked.archive_centre_id else Status.COMMITTEE_REVIEW
            record_transition(
                locked, action="dept_approve", to_status=target, actor=user, role="department", comment=comment, ip=ip
            )
        elif locked.status == Status.CENTER_REVIEW:
            _authorise(locked, user, "center_approve")
            record_transition(
                locked, action="center_approve", to_status=Status.COMMITTEE_REVIEW, actor=user, role="centre",
                comment=comment, ip=ip,
            )  # fmt: skip
        else:
            raise ApplicationError(_("当前状态为“%(status)s”，不能通过") % {"status": locked.get_status_display()})
    return locked


def latest_publicity(application: Application) -> Publicity | None:
    return application.publicities.order_by("-pk").first()


def _end_publicity_early(application: Application) -> None:
    """A returned or rejected application comes off the notice board; its objections go with it."""
    Publicity.objects.filter(application=application, ended_early=False).update(ended_early=True)


def publicity_close_due(*, today: datetime.date | None = None, unit=None) -> int:
    """公示期满: move every application whose publicity has ended to 待单位上报. Returns how many."""
    today = today or timezone.localdate()
    due = Application.objects.filter(
        status=Status.UNIT_PUBLICITY, publicities__ends_on__lt=today, publicities__ended_early=False
    )
    if unit is not None:
        due = due.filter(unit=unit)
    moved = 0
    for pk in due.values_list("pk", flat=True).distinct():
        with transaction.atomic():
            locked = lock_application(Application(pk=pk))
            publicity = latest_publicity(locked)
            if locked.status != Status.UNIT_PUBLICITY or publicity is None or publicity.ends_on >= today:
                continue
            record_transition(
                locked, action="publicity_end", to_status=Status.UNIT_REPORT, actor=None, role="system",
                comment=_("公示期满"),
            )  # fmt: skip
            moved += 1
    return moved


def review_report(*, application: Application, user, comment: str = "", ip=None) -> Application:
    """上报: after the publicity period has ended and every objection is settled."""
    publicity_close_due(unit=application.unit)
    with transaction.atomic():
        locked = lock_application(application)
        if locked.status == Status.UNIT_PUBLICITY:
            publicity = latest_publicity(locked)
            raise ApplicationError(
                _("公示期至%(date)s结束，公示期满后才能上报") % {"date": publicity.ends_on.isoformat()}
                if publicity
                else _("尚未公示，不能上报")
            )
        _authorise(locked, user, "unit_report")
        open_objections = Objection.objects.filter(publicity__application=locked, status=Objection.Status.OPEN).count()
        if open_objections:
            raise ApplicationError(_("还有%(count)d条异议未处理，处理完毕后才能上报") % {"count": open_objections})
        record_transition(
            locked, action="unit_report", to_status=Status.DEPT_REVIEW, actor=user, role="unit", comment=comment, ip=ip
        )
    return locked


def review_return(*, application: Application, user, reason: str, sections=(), deadline=None, ip=None) -> Application:
    """退回修改 with a reason, the sections to fix and optionally a correction deadline."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("退回修改必须填写退回原因"))
    sections = [key for key in sections if key in BY_KEY]
    if deadline is not None and deadline <= timezone.now():
        raise ApplicationError(_("修改截止时间必须晚于现在"))
    with transaction.atomic():
        locked = lock_application(application)
        role = _authorise(locked, user, "return")
        if deadline is None and timezone.now() >= locked.batch.closes_at:
            raise ApplicationError(_("申报已截止，退回修改时请设置修改截止时间，以便申请人重新提交"))
        locked.return_sections = sections
        locked.correction_deadline = deadline
        locked.accepted_at = None  # a resubmitted application is accepted (受理) again
        locked.save(update_fields=["return_sections", "correction_deadline", "accepted_at"])
        _end_publicity_early(locked)
        record_transition(
            locked, action="return", to_status=Status.RETURNED, actor=user, role=role.role, comment=reason, ip=ip
        )
    return locked


def review_reject(*, application: Application, user, reason: str, ip=None) -> Application:
    """不予通过 with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("不予通过必须填写原因"))
    with transaction.atomic():
        locked = lock_application(application)
        role = _authorise(locked, user, "reject")
        _end_publicity_early(locked)
        record_transition(
            locked, action="reject", to_status=Status.REJECTED, actor=user, role=role.role, comment=reason, ip=ip
        )
    return locked


def committee_accept(*, application: Application, user, ip=None) -> Application:
    """受理: the committee secretary accepts the application for the meeting."""
    with transaction.atomic():
        locked = lock_application(application)
        _authorise(locked, user, "committee_accept")
        if locked.accepted_at:
            raise ApplicationError(_("该申请书已受理"))
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        record_transition(
            locked, action="committee_accept", to_status=Status.COMMITTEE_REVIEW, actor=user, role="committee",
            comment=_("已受理"), ip=ip,
        )  # fmt: skip
    return locked


def vote_passes(experts_present: int, votes_for: int) -> bool:
    """At least two thirds of the experts present voted for (integer arithmetic, no rounding)."""
    return votes_for * 3 >= experts_present * 2


def committee_vote(*, application: Application, user, experts_present: int, votes_for: int, ip=None) -> Application:
    """Record the expert vote; the result is 评审通过 with at least two thirds of those present."""
    if experts_present < 1:
        raise ApplicationError(_("出席专家人数至少为1人"))
    if not 0 <= votes_for <= experts_present:
        raise ApplicationError(_("同意票数应在0到出席专家人数之间"))
    with transaction.atomic():
        locked = lock_application(application)
        _authorise(locked, user, "committee_vote")
        if not locked.accepted_at:
            raise ApplicationError(_("请先受理，再录入评审结果"))
        passed = vote_passes(experts_present, votes_for)
        CommitteeVote.objects.create(
            application=locked, experts_present=experts_present, votes_for=votes_for, passed=passed, recorded_by=user
        )
        comment = _("出席专家%(present)d人，同意%(for)d票") % {"present": experts_present, "for": votes_for}
        record_transition(
            locked, action="committee_vote", to_status=Status.PASSED if passed else Status.FAILED, actor=user,
            role="committee", comment=comment, ip=ip,
        )  # fmt: skip
    return locked


def objection_file(*, publicity: Publicity, name: str, phone: str, content: str, ip=None) -> Objection:
    """异议 from the public, while the publicity is running."""
    today = timezone.localdate()
    running = publicity.starts_on <= today <= publicity.ends_on and not publicity.ended_early
    if not running or publicity.application.status != Status.UNIT_PUBLICITY:
        raise ApplicationError(_("该公示已结束，不能再提出异议"))
    return Objection.objects.create(publicity=publicity, name=name, phone=phone, content=content, ip=ip)


def objection_settle(*, objection: Objection, user, settlement: str) -> Objection:
    """The unit records how an objection was settled."""
    settlement = (settlement or "").strip()
    if not settlement:
        raise ApplicationError(_("请填写处理结果"))
    application = objection.publicity.application
    if role_in_scope(user, "unit", application) is None:
        raise ApplicationError(_("您无权处理该异议"))
    with transaction.atomic():
        updated = Objection.objects.filter(pk=objection.pk, status=Objection.Status.OPEN).update(
            status=Objection.Status.SETTLED, settlement=settlement, settled_by=user, settled_at=timezone.now()
        )
        if not updated:
            raise ApplicationError(_("该异议已处理"))
    objection.refresh_from_db()
    return objection
