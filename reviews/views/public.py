"""公示 for the public (no login): current notices with masked personal data, and 异议."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.identity import mask_name
from accounts.models import Unit
from core.net import client_ip
from reviews.forms import ObjectionForm
from reviews.models import Publicity
from reviews.services import objection_file
from titles.access import parse_id
from titles.models import Committee
from titles.services import ApplicationError
from titles.states import Status


def _current():
    today = timezone.localdate()
    return Publicity.objects.filter(
        starts_on__lte=today, ends_on__gte=today, application__status=Status.UNIT_PUBLICITY, ended_early=False
    ).select_related("unit", "application__title", "application__batch__committee")


def notices(request):
    publicities = _current().order_by("unit__name", "application__applicant_name")
    unit, committee = parse_id(request.GET.get("unit")), parse_id(request.GET.get("committee"))
    if unit:
        publicities = publicities.filter(unit_id=unit)
    if committee:
        publicities = publicities.filter(application__batch__committee_id=committee)
    page = Paginator(publicities, 30).get_page(request.GET.get("page"))
    for publicity in page:
        publicity.masked_name = mask_name(publicity.application.applicant_name)
    context = {
        "page": page,
        "units": Unit.objects.filter(pk__in=_current().values("unit")),
        "committees": Committee.objects.filter(pk__in=_current().values("application__batch__committee")),
        "unit": str(unit or ""),
        "committee": str(committee or ""),
        "query": "&".join(f"{k}={v}" for k, v in (("unit", unit), ("committee", committee)) if v),
    }
    return render(request, "reviews/public_notices.html", context)


@require_http_methods(["GET", "POST"])
def objection(request, pk):
    publicity = get_object_or_404(_current(), pk=pk)
    publicity.masked_name = mask_name(publicity.application.applicant_name)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection_file(
                publicity=publicity,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                content=form.cleaned_data["content"],
                ip=client_ip(request),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("您的异议已提交，公示单位将进行核实处理。感谢您的监督。"))
            return redirect("reviews:notices")
    return render(request, "reviews/objection.html", {"publicity": publicity, "form": form})
