"""Services of the review side that are not moves of an application (those are reviews/workflow.py):
objections to a unit's publicity, and the competent department's decision on a registered unit."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record
from accounts.models import AuditEvent, Unit
from core.errors import ApplicationError
from reviews.models import Objection, Publicity, ReviewerRole
from reviews.scopes import role_in_scope
from reviews.states import Role, Status


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


def unit_decide(*, unit: Unit, user, approve: bool, note: str = "", request=None) -> Unit:
    """单位注册审核: the competent department approves a registered unit (its registrant becomes the
    unit's first reviewer) or refuses it with a reason. The unit's row is locked, so two reviewers
    deciding at once decide once; the decision is in the audit trail."""
    note = (note or "").strip()
    if not approve and not note:
        raise ApplicationError(_("不予通过必须填写原因"))
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        if locked.status == Unit.Status.APPROVED:
            raise ApplicationError(_("该单位已通过审核"))
        if not approve and locked.status == Unit.Status.REFUSED:
            raise ApplicationError(_("该单位注册已退回"))
        locked.status = Unit.Status.APPROVED if approve else Unit.Status.REFUSED
        locked.review_note, locked.reviewed_by, locked.reviewed_at = note, user, timezone.now()
        locked.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        if approve and locked.registered_by_id:
            ReviewerRole.objects.get_or_create(user_id=locked.registered_by_id, role=Role.UNIT, unit=locked)
        detail = _("%(unit)s：%(decision)s") % {"unit": locked.name, "decision": locked.get_status_display()}
        record(
            AuditEvent.Kind.UNIT_DECIDED, request, user=user, detail=(f"{detail}（{note}）" if note else detail)[:255]
        )
    return locked
