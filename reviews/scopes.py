"""Which applications a reviewer may see and act on: their unit, department, talent centre or committee.

Every reviewer page fetches its role and application through these helpers, so anything
outside the reviewer's scope answers 404.
"""

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import get_object_or_404

from reviews.models import ReviewerRole
from reviews.states import Role, Status
from titles.models import Application, ApplicationEvent, Attachment

# The review states from each role's stage on; a returned or rejected application stays visible to
# a role only if it was stopped at that stage or later.
FROM_DEPARTMENT = [Status.DEPT_REVIEW, Status.CENTRE_REVIEW, Status.COMMITTEE_REVIEW]
FROM_CENTRE = [Status.CENTRE_REVIEW, Status.COMMITTEE_REVIEW]
FROM_COMMITTEE = [Status.COMMITTEE_REVIEW]
DONE = [Status.PASSED, Status.FAILED]
STOPPED = [Status.RETURNED, Status.REJECTED]


def _reached(stages: list, statuses: list | None = None) -> Q:
    """Reached `stages`: in one of them or later, or stopped (returned, rejected) in one of them.

    With `statuses` (what a queue asks for) only those states are considered; when none of them is
    a stopped one, the test of where it stopped, an EXISTS over the events that defeats the queue's
    index, is left out.
    """
    reached, stopped = stages + DONE, STOPPED
    if statuses is not None:
        reached = [status for status in reached if status in statuses]
        stopped = [status for status in stopped if status in statuses]
    if not stopped:
        return Q(status__in=reached)
    stopped_there = ApplicationEvent.objects.filter(
        application=OuterRef("pk"), to_status=OuterRef("status"), from_status__in=stages
    )
    return Q(status__in=reached) | Q(status__in=stopped) & Q(Exists(stopped_there))


# The states in which each role has something to do (the default of its queue).
TO_DO = {
    Role.UNIT: [Status.UNIT_REVIEW, Status.UNIT_PUBLICITY, Status.UNIT_REPORT],
    Role.DEPARTMENT: [Status.DEPT_REVIEW],
    Role.CENTRE: [Status.CENTRE_REVIEW],
    Role.COMMITTEE: [Status.COMMITTEE_REVIEW],
}


def in_scope(role: ReviewerRole, statuses: list | None = None) -> QuerySet[Application]:
    """The submitted applications this role may see; with `statuses`, only those in these states."""
    submitted = Application.objects.filter(submitted_at__isnull=False).exclude(status=Status.DRAFT)
    if statuses is not None:
        submitted = submitted.filter(status__in=statuses)
    if role.role == Role.UNIT:
        return submitted.filter(unit_id=role.unit_id)
    if role.role == Role.DEPARTMENT:
        return submitted.filter(_reached(FROM_DEPARTMENT, statuses), unit__department_id=role.department_id)
    if role.role == Role.CENTRE:
        return submitted.filter(_reached(FROM_CENTRE, statuses), archive_centre_id=role.centre_id)
    if role.role == Role.COMMITTEE:
        return submitted.filter(_reached(FROM_COMMITTEE, statuses), batch__committee_id=role.committee_id)
    return Application.objects.none()


def roles_of(request) -> list[ReviewerRole]:
    """The signed-in user's reviewer roles, read once per request (the page's tabs use them too)."""
    if not hasattr(request, "_reviewer_roles"):
        request._reviewer_roles = list(
            ReviewerRole.objects.filter(user=request.user)
            .select_related("unit", "department", "centre", "committee")
            .order_by("pk")
        )
    return request._reviewer_roles


def _reviewer_key(user_id: int) -> str:
    return f"reviewer-roles:{user_id}"


def is_reviewer(request) -> bool:
    """Whether the signed-in user has a reviewer role (the 审核 menu item), from the cache when the
    page has not read the roles: every page shows the menu, few change roles."""
    if hasattr(request, "_reviewer_roles"):
        return bool(request._reviewer_roles)
    key = _reviewer_key(request.user.pk)
    found = cache.get(key)
    if found is None:
        found = ReviewerRole.objects.filter(user=request.user).exists()
        cache.set(key, found, 3600)
    return found


@receiver([post_save, post_delete], sender=ReviewerRole)
def _roles_changed(instance, **kwargs) -> None:
    cache.delete(_reviewer_key(instance.user_id))


def role_of(request, role_id: int) -> ReviewerRole:
    for role in roles_of(request):
        if role.pk == role_id:
            return role
    raise Http404


def application_of(role: ReviewerRole, pk: int) -> Application:
    queryset = in_scope(role).select_related(
        "batch__committee", "title__specialty__series", "unit__department", "archive_centre", "applicant"
    )
    return get_object_or_404(queryset, pk=pk)


def attachment_of(role: ReviewerRole, pk: int) -> Attachment:
    return get_object_or_404(Attachment, pk=pk, application__in=in_scope(role))


def role_in_scope(user, role_name: str, application: Application) -> ReviewerRole | None:
    """One of the user's roles named `role_name` whose scope holds `application`, or None."""
    for role in ReviewerRole.objects.filter(user=user, role=role_name):
        if in_scope(role).filter(pk=application.pk).exists():
            return role
    return None
