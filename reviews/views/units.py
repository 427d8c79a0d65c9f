"""我的单位 → 单位注册, and the competent department's approval of registered units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Case, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.identity import unit_name_key
from accounts.models import Unit, duplicate_unit_message
from core.errors import ApplicationError
from reviews import services
from reviews.forms import UnitDecisionForm, UnitRegistrationForm
from reviews.models import ReviewerRole
from reviews.scopes import role_of
from reviews.states import Role
from titles.access import verified_required


@verified_required
@require_http_methods(["GET", "POST"])
def my_units(request):
    """我的单位: the units this person registered, and the 单位注册 form."""
    form = UnitRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        unit = form.save(commit=False)
        unit.status = Unit.Status.PENDING
        unit.registered_by = request.user
        unit.registered_at = timezone.now()
        unit.licence = form.cleaned_data["licence_file"]
        try:
            with transaction.atomic():
                unit.save()
        except IntegrityError:
            # The same name (or a look-alike) was registered between the form's check and this save.
            existing = Unit.objects.filter(name_key=unit_name_key(unit.name)).first()
            if existing is None:
                raise
            form.add_error("name", duplicate_unit_message(existing))
        else:
            messages.success(request, _("单位注册已提交，请等待主管部门审核"))
            return redirect("reviews:my_units")
    units = Unit.objects.filter(registered_by=request.user).select_related("department")
    roles = ReviewerRole.objects.filter(user=request.user, role=Role.UNIT).select_related("unit")
    return render(request, "reviews/my_units.html", {"form": form, "units": units, "roles": roles})


def _pending(role):
    if role.role != Role.DEPARTMENT:
        raise Http404
    return Unit.objects.filter(department=role.department, registered_by__isnull=False)


@login_required
def unit_requests(request, role_id):
    role = role_of(request, role_id)
    waiting_first = Case(When(status=Unit.Status.PENDING, then=0), default=1)
    units = _pending(role).select_related("registered_by").order_by(waiting_first, "-registered_at")
    return render(request, "reviews/unit_requests.html", {"role": role, "units": units})


@login_required
@require_POST
def unit_decide(request, role_id, unit_id):
    role = role_of(request, role_id)
    unit = get_object_or_404(_pending(role), pk=unit_id)
    form = UnitDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect("reviews:unit_requests", role_id=role.pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.unit_decide(
            unit=unit, user=request.user, approve=approve, note=form.cleaned_data["note"], request=request
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        done = _("已通过%(unit)s的单位注册") if approve else _("已退回%(unit)s的单位注册")
        messages.success(request, done % {"unit": unit.name})
    return redirect("reviews:unit_requests", role_id=role.pk)


@login_required
def unit_licence(request, role_id, unit_id):
    role = role_of(request, role_id)
    unit = get_object_or_404(_pending(role), pk=unit_id)
    if not unit.licence:
        raise Http404
    return FileResponse(
        unit.licence.open("rb"), content_type="image/jpeg" if unit.licence.name.endswith("jpg") else "image/png"
    )
