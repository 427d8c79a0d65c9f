"""Reviewer queues: one per role, filtered and paged, with bulk 通过 and the Excel roster."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.http import parse_id
from core.net import client_ip
from core.routers import reads_from_replica
from reviews import workflow
from reviews.forms import QueueFilter
from reviews.roster import roster_response
from reviews.scopes import TO_DO, in_scope, role_of, roles_of
from reviews.states import Action, Role, Status

PAGE_SIZE = 20
# What a queue's table shows (templates/reviews/queue.html): the page reads only these.
QUEUE_COLUMNS = [
    "applicant_id", "applicant_name", "status", "submitted_at",
    "unit__name", "title__name", "batch__name", "batch__committee__name",
]  # fmt: skip


@login_required
def home(request):
    role = next(iter(roles_of(request)), None)
    if role is None:
        messages.info(request, _("您没有审核权限"))
        return redirect("home")
    return redirect("reviews:queue", role_id=role.pk)


def filtered(request, role):
    """The role's applications under the request's filters; with no status chosen, what is to do."""
    data = request.GET.copy()
    if "status" not in data:
        statuses = TO_DO[Role(role.role)]
    elif data["status"] in Status.values and data["status"] != Status.DRAFT:
        statuses = [data["status"]]
    else:
        statuses = None  # all, or a value the filter's form refuses
    queryset = in_scope(role, statuses).order_by("-submitted_at", "-pk")
    return QueueFilter(data, queryset=queryset, role=role)


def page_of(queryset, number):
    """One page of a queue. The page's ids are chosen on the applications table alone (sorting a
    province's queue by submission time), and only those 20 rows are joined to their unit, batch
    and title: joining every matching row before sorting was most of a queue page's time."""
    page = Paginator(queryset.values_list("pk", flat=True), PAGE_SIZE).get_page(number)
    ids = list(page.object_list)
    rows = (
        queryset.model.objects.filter(pk__in=ids)
        .select_related("batch__committee", "title", "unit")
        .only(*QUEUE_COLUMNS)
    )
    by_id = {application.pk: application for application in rows}
    page.object_list = [by_id[pk] for pk in ids]
    return page


@login_required
@reads_from_replica
def queue(request, role_id):
    role = role_of(request, role_id)
    applications = filtered(request, role)
    page = page_of(applications.qs, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "role": role,
        "roles": roles_of(request),
        "filter": applications,
        "page": page,
        "query": query.urlencode(),
        # The states whose applications this role may approve in bulk (with no form to fill).
        "bulk": workflow.statuses_where(Action.APPROVE, role.role),
    }
    return render(request, "reviews/queue.html", context)


@login_required
@reads_from_replica
def roster(request, role_id):
    role = role_of(request, role_id)
    return roster_response(role, filtered(request, role).qs)


@login_required
@require_POST
def bulk_approve(request, role_id):
    role = role_of(request, role_id)
    ids = [parse_id(value) for value in request.POST.getlist("ids")]
    chosen = in_scope(role).filter(pk__in=[pk for pk in ids if pk])
    done, refused = 0, []
    for application in chosen:
        try:
            workflow.fire(Action.APPROVE, application, request.user, ip=client_ip(request))
            done += 1
        except ApplicationError as error:
            refused.append(f"{application.applicant_name}：{error.message}")
    if done:
        messages.success(request, _("已批量通过%(count)d份申请书") % {"count": done})
    for line in refused:
        messages.error(request, line)
    if not done and not refused:
        messages.warning(request, _("请先勾选要通过的申请书"))
    return redirect(f"{request.path.rsplit('/bulk/', 1)[0]}/?{request.POST.get('query', '')}")
