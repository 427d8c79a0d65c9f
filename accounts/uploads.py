"""Checks for uploaded files: the type comes from the content, never from the name.

Pictures (JPEG, PNG) are opened and verified with Pillow, at most 5 MB; PDFs must start
with a PDF header and end with an end-of-file marker, at most 20 MB. A file that passes
gets a random name with the extension its content proved, and its content_type set.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_PICTURE_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
PICTURE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}


def _rename(upload: UploadedFile, content_type: str, extension: str) -> UploadedFile:
    upload.seek(0)
    upload.content_type = content_type
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    return upload


def _looks_like_pdf(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(1024)
    if not head.startswith(b"%PDF-"):
        return False
    upload.seek(max(upload.size - 2048, 0))
    return b"%%EOF" in upload.read()


def clean_picture(upload: UploadedFile) -> UploadedFile:
    """Accept a real JPEG or PNG of at most 5 MB."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("请上传JPG或PNG格式的图片，该文件无法识别为图片"), code="not_image") from None
    if kind not in PICTURE_FORMATS:
        raise ValidationError(_("请上传JPG或PNG格式的图片"), code="wrong_type")
    if upload.size > MAX_PICTURE_BYTES:
        raise ValidationError(_("图片不能超过5MB，请压缩后重新上传"), code="too_large")
    return _rename(upload, *PICTURE_FORMATS[kind])


def clean_document(upload: UploadedFile) -> UploadedFile:
    """Accept a picture (as clean_picture) or a real PDF of at most 20 MB."""
    if _looks_like_pdf(upload):
        if upload.size > MAX_PDF_BYTES:
            raise ValidationError(_("PDF文件不能超过20MB"), code="too_large")
        return _rename(upload, "application/pdf", "pdf")
    try:
        return clean_picture(upload)
    except ValidationError as error:
        if error.code == "too_large":
            raise
        raise ValidationError(
            _("文件“%(name)s”不是有效的JPG、PNG图片或PDF文件") % {"name": upload.name[:60]}, code="wrong_type"
        ) from None
