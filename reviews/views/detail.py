"""One application as a reviewer sees it: the frozen submission, its files, its timeline, and the actions."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import record
from accounts.models import AuditEvent
from core.errors import ApplicationError
from core.http import attachment_response
from core.net import client_ip
from reviews import workflow
from reviews.forms import ApproveForm, RejectForm, ReturnForm, SettleForm, VoteForm
from reviews.models import Objection, ReviewerRole
from reviews.scopes import application_of, in_scope, role_of
from reviews.services import objection_settle
from reviews.states import Action, Role, Status
from reviews.workdays import CalendarUnknown
from titles.models import Attachment
from titles.rendering import file_ids, mask_personal_numbers

# 显示完整信息 lasts this long; the session remembers when each role asked for each application.
REVEAL_SECONDS = 10 * 60
REVEALED_SESSION_KEY = "reviews_revealed"


def _revealed(request) -> dict:
    """The still-valid reveals in this session: "role:application" → when it was asked for."""
    now = time.time()
    return {k: t for k, t in request.session.get(REVEALED_SESSION_KEY, {}).items() if now - t < REVEAL_SECONDS}


def _shows_numbers(request, role, application) -> bool:
    """The committee sees full ID and phone numbers (it issues the certificates); other reviewers see
    them masked, unless they asked for them on this application in the last REVEAL_SECONDS."""
    return role.role == Role.COMMITTEE or f"{role.pk}:{application.pk}" in _revealed(request)


def _context(request, role, application, **forms):
    submission = application.submissions.order_by("-number").first()
    full_numbers = _shows_numbers(request, role, application)
    data = submission.data if submission else None
    publicity = workflow.latest_publicity(application)
    actions = workflow.allowed_actions(request.user, application, role)
    initial = {}
    if "approve" in actions and actions["approve"].publicity:
        try:
            initial = dict(zip(("starts_on", "ends_on"), workflow.default_publicity_period(), strict=True))
        except CalendarUnknown as error:
            initial = {"calendar_error": error.message}
    return {
        "role": role,
        "application": application,
        "data": data if data is None or full_numbers else mask_personal_numbers(data),
        "numbers_masked": data is not None and not full_numbers,
        "file_url": "reviews:attachment",
        "events": application.events.select_related("actor").order_by("created_at", "pk"),
        "publicity": publicity,
        "objections": Objection.objects.filter(publicity__application=application).select_related("settled_by"),
        "actions": actions,
        "settles_objections": role.role == Role.UNIT,
        # 上报 appears once the publicity has ended; until then the unit reads when.
        "waiting_for_publicity": workflow.publicity_wait(application) if role.role == Role.UNIT else None,
        "approve_form": forms.get("approve_form")
        or ApproveForm(
            initial={k: v for k, v in initial.items() if k != "calendar_error"}, auto_id=AUTO_ID[Action.APPROVE]
        ),
        "calendar_error": initial.get("calendar_error"),
        "return_form": forms.get("return_form") or ReturnForm(auto_id=AUTO_ID[Action.RETURN]),
        "reject_form": forms.get("reject_form") or RejectForm(auto_id=AUTO_ID[Action.REJECT]),
        "vote_form": forms.get("vote_form") or VoteForm(auto_id=AUTO_ID[Action.VOTE]),
        "settle_form": SettleForm(),
        "vote": getattr(application, "vote", None) if application.status in workflow.VOTED else None,
    }


@login_required
def detail(request, role_id, pk):
    role = role_of(request, role_id)
    application = application_of(role, pk)
    return render(request, "reviews/detail.html", _context(request, role, application))


@login_required
@require_POST
def reveal(request, role_id, pk):
    """显示完整信息: lets this reviewer see the full ID and phone numbers of one application in their
    scope for REVEAL_SECONDS, and records that they asked in the audit trail."""
    role = role_of(request, role_id)
    application = application_of(role, pk)
    revealed = _revealed(request)
    revealed[f"{role.pk}:{application.pk}"] = time.time()
    request.session[REVEALED_SESSION_KEY] = revealed
    note = _("%(role)s（%(scope)s）查看申请书%(pk)s（%(name)s）的完整证件号码和手机号码") % {
        "role": role.get_role_display(), "scope": role.scope, "pk": application.pk, "name": application.applicant_name,
    }  # fmt: skip
    record(AuditEvent.Kind.PERSONAL_DATA_VIEWED, request, user=request.user, detail=note)
    return redirect("reviews:detail", role_id=role.pk, pk=application.pk)


FORMS = {Action.APPROVE: ApproveForm, Action.RETURN: ReturnForm, Action.REJECT: RejectForm, Action.VOTE: VoteForm}
# The page shows several forms: each its own ids (退回原因 and 不予通过原因 are both "reason").
AUTO_ID = {action: f"{action}_%s" for action in FORMS}
# What a reviewer fires from this page (submit and withdraw are the applicant's, the publicity close the system's).
REVIEW_ACTIONS = {Action.APPROVE, Action.REPORT, Action.ACCEPT, Action.VOTE, Action.RETURN, Action.REJECT}


@login_required
@require_POST
def act(request, role_id, pk, action):
    if action not in REVIEW_ACTIONS:
        raise Http404
    role = role_of(request, role_id)
    application = application_of(role, pk)
    ip = client_ip(request)
    form = FORMS[action](request.POST, auto_id=AUTO_ID[action]) if action in FORMS else None
    if form is not None and not form.is_valid():
        messages.error(request, _("操作未完成，请按提示修改"))
        return render(
            request, "reviews/detail.html", _context(request, role, application, **{f"{action}_form": form}), status=400
        )
    data = form.cleaned_data if form else {}
    try:
        workflow.fire(action, application, request.user, ip=ip, **data)
    except ApplicationError as error:
        messages.error(request, error.message)
        application.refresh_from_db()
        forms = {f"{action}_form": form} if form else {}
        return render(request, "reviews/detail.html", _context(request, role, application, **forms), status=400)
    application.refresh_from_db()
    messages.success(request, _("操作成功，申请书状态为“%(status)s”") % {"status": application.get_status_display()})
    return redirect("reviews:detail", role_id=role.pk, pk=application.pk)


@login_required
@require_POST
def settle(request, role_id, objection_id):
    role = role_of(request, role_id)
    objection = get_object_or_404(
        Objection.objects.select_related("publicity__application"),
        pk=objection_id,
        publicity__application__in=in_scope(role),
    )
    form = SettleForm(request.POST)
    application = objection.publicity.application
    if not form.is_valid():
        messages.error(request, form.errors["settlement"][0])
    else:
        try:
            objection_settle(objection=objection, user=request.user, settlement=form.cleaned_data["settlement"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("异议已处理"))
    return redirect("reviews:detail", role_id=role.pk, pk=application.pk)


@login_required
def attachment(request, pk):
    """A file that was submitted with an application in any of the reviewer's scopes.

    Reviewers read what was submitted: a file the applicant added or replaced since (while the
    application was returned) is not theirs to see until it is submitted.
    """
    for role in ReviewerRole.objects.filter(user=request.user):
        item = Attachment.objects.filter(pk=pk, application__in=in_scope(role)).select_related("application").first()
        if item is None:
            continue
        submitted = set().union(*(file_ids(s.data) for s in item.application.submissions.all()))
        if item.pk in submitted:
            return attachment_response(item)
    raise Http404


@login_required
def publicity_print(request, role_id):
    """公示表: what the unit has on publicity now, for printing and posting."""
    role = role_of(request, role_id)
    if role.role != Role.UNIT:
        raise Http404
    applications = (
        in_scope(role)
        .filter(status=Status.UNIT_PUBLICITY)
        .select_related("title__specialty__series", "batch__committee")
        .prefetch_related("publicities", "submissions")
        .order_by("applicant_name")
    )
    rows = []
    for application in applications:
        publicity = max(application.publicities.all(), key=lambda p: p.pk)
        submission = max(application.submissions.all(), key=lambda s: s.number)
        basic = {item["name"]: item["value"] for item in submission.data["basic"]["items"]}
        rows.append({"application": application, "publicity": publicity, "basic": basic})
    return render(request, "reviews/publicity_print.html", {"role": role, "rows": rows})
