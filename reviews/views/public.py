"""公示 for the public (no login): current notices with masked personal data, and 异议."""

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.identity import mask_name
from core.errors import ApplicationError
from core.http import parse_id
from core.net import client_ip
from reviews.forms import ObjectionForm
from reviews.models import Publicity
from reviews.services import objection_file
from reviews.states import Status
from titles import options


def _current():
    today = timezone.localdate()
    return Publicity.objects.filter(
        starts_on__lte=today, ends_on__gte=today, application__status=Status.UNIT_PUBLICITY, ended_early=False
    ).select_related("unit", "application__title", "application__batch__committee")


class _BoardPaginator(Paginator):
    """The public board's total, counted at most once a minute per filter: it is the busiest public
    page, and counting a province's current notices scans thousands of them on every request."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cache.get_or_set(self.count_key, lambda: Paginator.count.func(self), 60)


def notices(request):
    publicities = _current().order_by("unit__name", "application__applicant_name")
    unit, committee = parse_id(request.GET.get("unit")), parse_id(request.GET.get("committee"))
    # A province has thousands of units: the unit is typed (part of its name), not chosen from a list.
    unit_name = request.GET.get("unit_name", "").replace("\x00", "").strip()[:100]
    if unit:
        publicities = publicities.filter(unit_id=unit)
    if unit_name:
        publicities = publicities.filter(unit__name__icontains=unit_name)
    if committee:
        publicities = publicities.filter(application__batch__committee_id=committee)
    filters = {"unit": unit, "unit_name": unit_name, "committee": committee}
    query = urlencode({key: value for key, value in filters.items() if value})
    count_key = f"public-notices-count:{timezone.localdate()}:{hashlib.sha256(query.encode()).hexdigest()}"
    page = _BoardPaginator(publicities, 30, count_key=count_key).get_page(request.GET.get("page"))
    for publicity in page:
        publicity.masked_name = mask_name(publicity.application.applicant_name)
    context = {
        "page": page,
        "committees": options.committee_options(),
        "unit_name": unit_name,
        "committee": str(committee or ""),
        "query": query,
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
