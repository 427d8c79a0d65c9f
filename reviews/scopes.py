"""Which applications a reviewer may see and act on: their unit, department, talent centre or committee.

Every reviewer page fetches its role and application through these helpers, so anything
outside the reviewer's scope answers 404.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from reviews.models import ReviewerRole, Role
from titles.models import Application, ApplicationEvent, Attachment
from titles.states import Status

# The review states from each role's stage on; a returned or rejected application stays visible to
# a role only if it was stopped at that stage or later.
FROM_DEPARTMENT = [Status.DEPT_REVIEW, Status.CENTER_REVIEW, Status.COMMITTEE_REVIEW]
FROM_CENTRE = [Status.CENTER_REVIEW, Status.COMMITTEE_REVIEW]
FROM_COMMITTEE = [Status.COMMITTEE_REVIEW]
DONE = [Status.PASSED, Status.FAILED]
STOPPED = [Status.RETURNED, Status.REJECTED]


def _reached(stages: list) -> Q:
    stopped_there = ApplicationEvent.objects.filter(
        application=OuterRef("pk"), to_status=OuterRef("status"), from_status__in=stages
    )
    return Q(status__in=stages + DONE) | Q(status__in=STOPPED) & Q(Exists(stopped_there))


# The states in which each role has something to do (the default of its queue).
TO_DO = {
    Role.UNIT: [Status.UNIT_REVIEW, Status.UNIT_PUBLICITY, Status.UNIT_REPORT],
    Role.DEPARTMENT: [Status.DEPT_REVIEW],
    Role.CENTRE: [Status.CENTER_REVIEW],
    Role.COMMITTEE: [Status.COMMITTEE_REVIEW],
}


def in_scope(role: ReviewerRole) -> QuerySet[Application]:
    """The submitted applications this role may see."""
    submitted = Application.objects.filter(submitted_at__isnull=False).exclude(status=Status.DRAFT)
    if role.role == Role.UNIT:
        return submitted.filter(unit_id=role.unit_id)
    if role.role == Role.DEPARTMENT:
        return submitted.filter(_reached(FROM_DEPARTMENT), unit__department_id=role.department_id)
    if role.role == Role.CENTRE:
        return submitted.filter(_reached(FROM_CENTRE), archive_centre_id=role.centre_id)
    if role.role == Role.COMMITTEE:
        return submitted.filter(_reached(FROM_COMMITTEE), batch__committee_id=role.committee_id)
    return Application.objects.none()


def role_of(request, role_id: int) -> ReviewerRole:
    return get_object_or_404(
        ReviewerRole.objects.select_related("unit", "department", "centre", "committee"), pk=role_id, user=request.user
    )


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
