"""Filling the application: 基本信息 first, then the row sections, all driven by the registry."""

from django.contrib import messages
from django.db.models import CharField, Value
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import identity
from core import compiled
from core.errors import ApplicationError
from core.http import parse_id
from reviews.states import Status
from titles.access import own_application, verified_required
from titles.forms import BasicInfoForm, row_form
from titles.models import Attachment, BasicInfo
from titles.sections import BY_KEY, ROW_SECTIONS, SECTIONS, Files
from titles.services import ApplicationLimitError, basic_info_save, row_delete, row_save


def row_counts(application) -> dict[str, int]:
    """How many rows each section has, in one query (a UNION over the section tables)."""
    counts = dict.fromkeys(BY_KEY, 0)
    for key, _pk in compiled.run("section row ids", _row_ids, application.pk):
        counts[key] += 1
    return counts


def _row_ids(application_id: int):
    queries = [
        section.model.objects.filter(application_id=application_id)
        .order_by()
        .values_list(Value(section.key, output_field=CharField()), "pk")
        for section in ROW_SECTIONS
    ]
    return queries[0].union(*queries[1:], all=True)


def form_context(application, current: str | None, basic_saved: bool, counts: dict | None = None) -> dict:
    if counts is None:
        counts = row_counts(application) if basic_saved else dict.fromkeys(BY_KEY, 0)
    counts = {**dict.fromkeys(BY_KEY, 0), **counts}
    counts["basic"] = int(basic_saved)
    menu = [
        {"key": s.key, "label": s.label, "count": counts[s.key], "required": s.required, "locked": not basic_saved}
        for s in SECTIONS
    ]
    menu[0]["locked"] = False
    returned = None
    if application.status == Status.RETURNED:
        returned = application.events.filter(to_status=Status.RETURNED).order_by("-created_at", "-pk").first()
        for item in menu:
            item["to_fix"] = item["key"] in application.return_sections
    return {"application": application, "menu": menu, "current": BY_KEY.get(current), "returned": returned}


def _not_editable(request, application):
    messages.info(
        request, _("申请书已提交，当前状态为“%(status)s”，不能修改") % {"status": application.get_status_display()}
    )
    return redirect("titles:preview", pk=application.pk)


@verified_required
@require_http_methods(["GET", "POST"])
def basic_info(request, pk):
    application = own_application(request, pk)
    if not application.is_editable:
        return _not_editable(request, application)
    basic = BasicInfo.objects.filter(application=application).select_related("photo").first()
    instance = basic or BasicInfo(application=application, phone=request.user.phone, application_type="normal")
    posted = request.method == "POST"
    form = BasicInfoForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=instance,
        account=request.user,
        has_photo=bool(basic and basic.photo_id),
    )
    photo_name = request.FILES["photo_file"].name if "photo_file" in request.FILES else ""
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("photo_file"):
            form.cleaned_data["photo_file"].original_name = photo_name
        try:
            basic_info_save(application=application, form=form, account=request.user)
        except ApplicationLimitError as error:
            form.add_error(error.field, error.message)  # shown next to the form, typed text kept
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("titles:preview", pk=application.pk)
        else:
            messages.success(request, _("基本信息已保存"))
            return redirect("titles:section", pk=application.pk, key=ROW_SECTIONS[0].key)
    if request.method == "POST":
        messages.error(request, _("保存失败，请按提示修改后重新保存"))
        if request.FILES:
            messages.warning(request, _("出于安全原因，浏览器不会保留已选择的文件，请重新选择文件"))
    context = form_context(application, "basic", basic is not None)
    context.update(form=form, basic=basic, account=request.user)
    if form.from_id:
        context.update(
            sex_from_id=identity.sex_from_id(request.user.id_number),
            birth_from_id=identity.birth_date_from_id(request.user.id_number),
        )
    return render(request, "titles/basic.html", context, status=400 if form.errors else 200)


def _row_being_edited(request, application, spec):
    """The row named by ?edit= (or the posted `row`), or None for a new one; 404 for one not there."""
    edit_id = request.POST.get("row") if request.method == "POST" else request.GET.get("edit")
    if not edit_id:
        return None
    editing = spec.model.objects.filter(application=application, pk=parse_id(edit_id)).first()
    if editing is None:
        raise Http404
    return editing


def _files_by_row(application, spec) -> dict:
    files = Attachment.objects.filter(application=application, section=spec.key, deleted_at__isnull=True)
    by_row = {}
    for attachment in files.order_by("pk"):
        by_row.setdefault(attachment.row_id, []).append(attachment)
    return by_row


def _save_row(request, application, spec, form):
    """保存: the redirect when saved (or refused as a whole); None to show the form again with its
    messages, everything typed kept."""
    # The names people gave their files, kept for display before validation renames them.
    names = [upload.name for upload in request.FILES.getlist("files")]
    if form.is_valid():
        try:
            row_save(application=application, section=spec, form=form, original_names=names)
        except ApplicationLimitError as error:
            form.add_error(error.field, error.message)  # shown next to the form, typed text kept
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("titles:section", pk=application.pk, key=spec.key)
        else:
            messages.success(request, _("已保存"))
            return redirect("titles:section", pk=application.pk, key=spec.key)
    messages.error(request, _("保存失败，请按提示修改后重新保存"))
    if request.FILES:
        messages.warning(request, _("出于安全原因，浏览器不会保留已选择的文件，请重新选择文件"))
    return None


@verified_required
@require_http_methods(["GET", "POST"])
def section(request, pk, key):
    application = own_application(request, pk)
    spec = BY_KEY.get(key)
    if spec is None or spec.is_basic:
        raise Http404
    if not application.is_editable:
        return _not_editable(request, application)
    if not BasicInfo.objects.filter(application=application).exists():
        messages.warning(request, _("请先填写完基本信息，点击保存"))
        return redirect("titles:basic", pk=application.pk)

    editing = _row_being_edited(request, application, spec)
    files_by_row = _files_by_row(application, spec)
    posted = request.method == "POST"
    form = row_form(spec)(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=editing,
        existing_files=files_by_row.get(editing.pk, []) if editing else [],
    )
    if posted:
        saved = _save_row(request, application, spec, form)
        if saved is not None:
            return saved

    rows = list(spec.model.objects.filter(application=application).order_by("created_at", "pk"))
    for row in rows:
        row.files = files_by_row.get(row.pk, [])
    context = form_context(application, spec.key, True)
    context.update(
        form=form,
        rows=rows,
        editing=editing,
        columns=spec.columns(),
        has_files=spec.files != Files.NONE,
    )
    return render(request, "titles/section.html", context, status=400 if form.errors else 200)


@verified_required
@require_POST
def section_row_delete(request, pk, key, row_id):
    application = own_application(request, pk)
    spec = BY_KEY.get(key)
    if spec is None or spec.is_basic:
        raise Http404
    try:
        deleted = row_delete(application=application, section=spec, row_id=row_id)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("titles:preview", pk=application.pk)
    if not deleted:
        raise Http404
    messages.success(request, _("已删除"))
    return redirect("titles:section", pk=application.pk, key=spec.key)
