"""Every application and file is fetched through these helpers: outside its owner's scope, 404."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from titles.models import Application, Attachment


def verified_required(view):
    """Logged in, with 实名认证 done: only verified people may apply."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_verified:
            messages.error(request, _("您的账号尚未完成实名认证，不能申报职称"))
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapper


def own_application(request, pk: int) -> Application:
    queryset = Application.objects.select_related("batch__committee", "title__specialty__series", "unit")
    return get_object_or_404(queryset, pk=pk, applicant=request.user)


def own_attachment(request, pk: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("application"), pk=pk, application__applicant=request.user
    )
