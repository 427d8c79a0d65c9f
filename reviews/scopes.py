"""Which applications a reviewer may see and act on: their unit, department, talent centre or committee.

Every reviewer page fetches its role and application through these helpers, so anything
outside the reviewer's scope answers 404.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from reviews.models import ReviewerRole, Role
from titles.models import Application, Attachment
from titles.states import Status

AFTER_REPORT = [
    Status.DEPT_REVIEW, Status.CENTER_REVIEW, Status.COMMITTEE_REVIEW, Status.PASSED, Status.FAILED,
    Status.RETURNED, Status.REJECTED,
]  # fmt: skip
AFTER_DEPARTMENT = [s for s in AFTER_REPORT if s != Status.DEPT_REVIEW]
AFTER_CENTRE = [s for s in AFTER_DEPARTMENT if s != Status.CENTER_REVIEW]

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
        return submitted.filter(unit__department_id=role.department_id, status__in=AFTER_REPORT)
    if role.role == Role.CENTRE:
        return submitted.filter(archive_centre_id=role.centre_id, status__in=AFTER_DEPARTMENT)
    if role.role == Role.COMMITTEE:
        return submitted.filter(batch__committee_id=role.committee_id, status__in=AFTER_CENTRE)
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
