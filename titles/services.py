"""Writes to applications: create, fill, delete, submit. Views call these and show their errors."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import identity
from core.errors import ApplicationError
from reviews.states import EDITABLE
from titles.models import Application, Attachment, BasicInfo
from titles.sections import ROW_SECTIONS, Section


class ApplicationLimitError(ApplicationError):
    """A limit on what one application may hold; `field` names the form field the message belongs next to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _check_row_room(application: Application, section: Section) -> None:
    limit = settings.APPLICATION_MAX_ROWS_PER_SECTION
    if section.model.objects.filter(application=application).count() >= limit:
        raise ApplicationLimitError(_("每个栏目最多填写%(count)d条记录") % {"count": limit})


def _check_file_room(application: Application, uploads, *, field: str) -> None:
    """Refuse uploads that would take the application's files not deleted past APPLICATION_MAX_BYTES."""
    adding = sum(upload.size for upload in uploads)
    if not adding:
        return
    kept = Attachment.objects.filter(application=application, deleted_at__isnull=True)
    used = kept.aggregate(total=Sum("size"))["total"] or 0
    limit = settings.APPLICATION_MAX_BYTES
    if used + adding > limit:
        raise ApplicationLimitError(
            _("申请书附件总大小不能超过%(limit)sMB（已使用%(used)sMB）")
            % {"limit": _megabytes(limit), "used": _megabytes(used)},
            field=field,
        )


def _locked(application: Application) -> Application:
    """The application's row, locked for this transaction, checked to be editable."""
    locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if locked.status not in EDITABLE:
        raise ApplicationError(
            _("申请书已提交，当前状态为“%(status)s”，不能修改") % {"status": locked.get_status_display()}
        )
    return locked


def _attach(application: Application, upload, *, section: str, row_id: int | None, original_name: str) -> Attachment:
    return Attachment.objects.create(
        application=application,
        section=section,
        row_id=row_id,
        file=upload,
        original_name=original_name[:200],
        content_type=upload.content_type,
        size=upload.size,
    )


def application_create(*, applicant, title, batch, copy_from: Application | None = None) -> Application:
    """A new draft for an open batch. One per person and batch: the database constraint decides races."""
    try:
        with transaction.atomic():
            application = Application.objects.create(
                applicant=applicant,
                title=title,
                batch=batch,
                applicant_name=applicant.real_name,
                pledged_at=timezone.now(),
            )
            if copy_from is not None:
                _copy_content(copy_from, application)
    except IntegrityError:
        raise ApplicationError(_already_applied(applicant, batch)) from None
    return application


def _already_applied(applicant, batch) -> str:
    """What to say when the person already has an application in the batch: go on with it, or,
    when it is no longer theirs to fill in, where it stands."""
    existing = Application.objects.filter(applicant=applicant, batch=batch).first()
    if existing is None or existing.is_editable:
        return _("您在该批次已有申请书，请在“我的申请书”中继续填写")
    return _("您在该批次已有申请书（%(status)s），同一批次不能重复申报，请在“我的申请书”中查看") % {
        "status": existing.get_status_display()
    }


def _mirror_basic(application: Application, basic: BasicInfo) -> None:
    """Copy what lists and queues filter by from 基本信息 onto the application row."""
    application.applicant_name, application.unit, application.archive_centre = (
        basic.name,
        basic.unit,
        basic.archive_centre,
    )
    application.save(update_fields=["applicant_name", "unit", "archive_centre", "updated_at"])


def _copy_file(source: Attachment, target: Application, row_id) -> Attachment:
    with source.file.open("rb") as handle:
        content = ContentFile(handle.read(), name=source.file.name.rsplit("/", 1)[-1])
    content.content_type = source.content_type
    return _attach(target, content, section=source.section, row_id=row_id, original_name=source.original_name)


def _copy_content(source: Application, target: Application) -> None:
    """Copy 基本信息, every row and their files from an earlier application (people re-apply)."""
    files = Attachment.objects.filter(application=source, deleted_at__isnull=True)
    by_row = {}
    for attachment in files:
        by_row.setdefault((attachment.section, attachment.row_id), []).append(attachment)
    try:
        basic = source.basic
    except BasicInfo.DoesNotExist:
        basic = None
    # 基本信息 is copied only while its unit may still be chosen; otherwise it is filled in afresh.
    if basic is not None and basic.unit.is_approved:
        photo = files.filter(pk=basic.photo_id).first()
        basic.pk = None
        basic.application = target
        basic.photo = _copy_file(photo, target, None) if photo else None
        basic.save(force_insert=True)
        _mirror_basic(target, basic)
    for section in ROW_SECTIONS:
        for row in section.model.objects.filter(application=source):
            old_pk = row.pk
            row.pk, row.id, row.application, row.created_at = None, None, target, timezone.now()
            row.save(force_insert=True)
            for attachment in by_row.get((section.key, old_pk), []):
                _copy_file(attachment, target, row.pk)


def basic_info_save(*, application: Application, form, account) -> BasicInfo:
    """Save 基本信息 with name and ID number from the verified account, and the photo if one came.

    A photo that would take the application past APPLICATION_MAX_BYTES raises ApplicationLimitError.
    """
    with transaction.atomic():
        locked = _locked(application)
        basic = form.save(commit=False)
        basic.application = locked
        basic.name = account.real_name
        basic.id_number = account.id_number
        if form.from_id:
            basic.sex = identity.sex_from_id(account.id_number)
            basic.birth_date = identity.birth_date_from_id(account.id_number)
        upload = form.cleaned_data.get("photo_file")
        if upload:
            if basic.photo_id:
                Attachment.objects.filter(pk=basic.photo_id).update(deleted_at=timezone.now())
            _check_file_room(locked, [upload], field="photo_file")
            original = getattr(upload, "original_name", "") or _("免冠照")
            basic.photo = _attach(locked, upload, section="basic", row_id=None, original_name=original)
        basic.save()
        _mirror_basic(locked, basic)
    return basic


def row_save(*, application: Application, section: Section, form, original_names: list[str]):
    """Add or change one row of a section, with its new files and the files asked to be removed.

    Under the application's lock, refuses (ApplicationLimitError, nothing saved) a new row past
    APPLICATION_MAX_ROWS_PER_SECTION and files past APPLICATION_MAX_BYTES.
    """
    with transaction.atomic():
        locked = _locked(application)
        row = form.save(commit=False)
        row.application = locked
        if not row.pk:
            _check_row_room(locked, section)
        try:
            # An edited row must still exist: never bring back a row deleted meanwhile.
            row.save(force_update=bool(row.pk))
        except DatabaseError:
            raise ApplicationError(_("该记录已被删除，请重新填写")) from None
        removed = form.cleaned_data.get("remove_files") or []
        if removed:
            Attachment.objects.filter(
                application=locked, section=section.key, row_id=row.pk, pk__in=removed, deleted_at__isnull=True
            ).update(deleted_at=timezone.now())
        _check_file_room(locked, form.cleaned_data.get("files") or [], field="files")
        for upload, name in zip(form.cleaned_data.get("files") or [], original_names, strict=False):
            _attach(locked, upload, section=section.key, row_id=row.pk, original_name=name)
        Application.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return row


def row_delete(*, application: Application, section: Section, row_id: int) -> bool:
    """Delete one row of the application and mark its files deleted; False if there was no such row."""
    with transaction.atomic():
        locked = _locked(application)
        deleted, _count = section.model.objects.filter(application=locked, pk=row_id).delete()
        if deleted:
            Attachment.objects.filter(application=locked, section=section.key, row_id=row_id).update(
                deleted_at=timezone.now()
            )
    return bool(deleted)


def application_delete(*, application: Application) -> None:
    """Delete a draft that was never submitted, with its files."""
    with transaction.atomic():
        locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        if not locked.deletable or locked.submissions.exists():
            raise ApplicationError(_("已提交过的申请书不能删除"))
        files = [attachment.file for attachment in locked.attachments.all()]
        BasicInfo.objects.filter(application=locked).delete()
        locked.delete()
        transaction.on_commit(lambda: [file.delete(save=False) for file in files])
