"""申请书预览 (我要提交), 继续提交, the read-only view of a submitted application, and its files."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.http import attachment_response
from core.net import client_ip
from reviews import workflow
from reviews.states import Action
from titles.access import own_application, own_attachment, verified_required
from titles.eligibility import eligibility_warnings
from titles.rendering import find_gaps, load_rows, render_application
from titles.views.sections import form_context


def _preview_context(application, error=None):
    if application.is_editable:
        rows = load_rows(application)
        data = render_application(application, rows)
        gaps = find_gaps(data)
        warnings = eligibility_warnings(application, rows)
    else:
        submission = application.submissions.order_by("-number").first()
        if submission is None:
            raise Http404
        data, gaps, warnings = submission.data, [], []
    context = {}
    if application.is_editable:
        counts = {section["key"]: len(section["rows"]) for section in data["sections"]}
        context = form_context(application, None, data["basic"]["saved"], counts=counts)
    context.update(
        application=application,
        data=data,
        gaps=gaps,
        warnings=warnings,
        error=error,
        events=application.events.select_related("actor").order_by("created_at", "pk"),
    )
    return context


@verified_required
def preview(request, pk):
    application = own_application(request, pk)
    return render(request, "titles/preview.html", _preview_context(application))


@verified_required
@require_POST
def submit(request, pk):
    application = own_application(request, pk)
    try:
        workflow.fire(Action.SUBMIT, application, request.user, ip=client_ip(request))
    except ApplicationError as error:
        application.refresh_from_db()
        return render(request, "titles/preview.html", _preview_context(application, error=error.message), status=400)
    messages.success(request, _("提交成功"))
    return redirect("titles:list")


@verified_required
def attachment(request, pk):
    """A file of one's own application."""
    return attachment_response(own_attachment(request, pk))
