"""我的申请书 and 新增申请书."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Min, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ApplicationError
from core.http import parse_id
from core.net import client_ip
from reviews import workflow
from reviews.states import STAGES, Action, Status
from titles.access import own_application, verified_required
from titles.forms import NewApplicationForm
from titles.models import LEVEL_ORDER, Application, ApplicationEvent, Committee, Series, Specialty, Title
from titles.services import application_create, application_delete

PAGE_SIZE = 10


@verified_required
def application_list(request):
    last_reason = ApplicationEvent.objects.filter(
        application=OuterRef("pk"), to_status=OuterRef("status"), to_status__in=[Status.RETURNED, Status.REJECTED]
    ).order_by("-created_at", "-pk")
    applications = (
        Application.objects.filter(applicant=request.user)
        .select_related("batch__committee", "unit", "title")
        .annotate(
            reason=Subquery(last_reason.values("comment")[:1]),
            stopped_at=Subquery(last_reason.values("from_status")[:1]),
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page:
        application.actions = workflow.allowed_actions(request.user, application)
    return render(request, "titles/list.html", {"page": page, "stages": STAGES})


def _mark_open(titles: list, specialty, now) -> None:
    """Each title: is_open (a committee reviewing it has a batch open now) and, if not, opens_on (the
    next batch's opening, when one is planned): titles nobody can apply for now are no dead ends."""
    if not titles:
        return
    of_specialty = Title.objects.filter(specialty=specialty)
    open_now = set(
        of_specialty.filter(committees__batches__opens_at__lte=now, committees__batches__closes_at__gt=now).values_list(
            "pk", flat=True
        )
    )
    later = dict(
        of_specialty.filter(committees__batches__opens_at__gt=now)
        .values("pk")
        .annotate(first=Min("committees__batches__opens_at"))
        .values_list("pk", "first")
    )
    for title in titles:
        title.is_open = title.pk in open_now
        title.opens_at = None if title.is_open else later.get(title.pk)


def _chooser(params) -> dict:
    """The four linked lists of 新增申请书 for the choices in `params`; an invalid choice counts as none."""
    now = timezone.now()
    series_list = list(Series.objects.all())
    series = next((s for s in series_list if s.pk == parse_id(params.get("series"))), None)
    specialties = list(Specialty.objects.filter(series=series)) if series else []
    specialty = next((s for s in specialties if s.pk == parse_id(params.get("specialty"))), None)
    titles = (
        sorted(Title.objects.filter(specialty=specialty), key=lambda t: LEVEL_ORDER.index(t.level)) if specialty else []
    )
    _mark_open(titles, specialty, now)
    title = next((t for t in titles if t.pk == parse_id(params.get("title")) and t.is_open), None)
    committees = []
    if title:
        committees = list(
            Committee.objects.filter(titles=title, batches__opens_at__lte=now, batches__closes_at__gt=now)
            .annotate(closes_at=Min("batches__closes_at"))
            .order_by("name")
        )
    committee = next((c for c in committees if c.pk == parse_id(params.get("committee"))), None)
    return {
        "series_list": series_list,
        "series": series,
        "specialties": specialties,
        "specialty": specialty,
        "titles": titles,
        "title": title,
        "committees": committees,
        "committee": committee,
    }


@verified_required
@require_http_methods(["GET", "POST"])
def application_new(request):
    params = request.POST if request.method == "POST" else request.GET
    context = _chooser(params)
    form = NewApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = application_create(
                applicant=request.user, title=data["title"], batch=data["batch"], copy_from=data.get("copy_from")
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("申请书已创建，请先填写完基本信息，点击保存"))
            return redirect("titles:basic", pk=application.pk)
    previous = Application.objects.filter(applicant=request.user).select_related("title", "batch").order_by("-pk")
    context.update(form=form, previous=previous[:10])
    template = (
        "titles/_chooser.html" if request.headers.get("x-requested-with") == "XMLHttpRequest" else "titles/new.html"
    )
    return render(request, template, context)


def pledge(request):
    return render(request, "titles/pledge.html")


@verified_required
@require_POST
def application_remove(request, pk):
    application = own_application(request, pk)
    try:
        application_delete(application=application)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("申请书已删除"))
    return redirect("titles:list")


@verified_required
@require_POST
def application_take_back(request, pk):
    """撤回 while the unit has not acted yet."""
    application = own_application(request, pk)
    try:
        workflow.fire(Action.WITHDRAW, application, request.user, ip=client_ip(request))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("申请书已撤回，可以修改后重新提交"))
    return redirect("titles:list")
