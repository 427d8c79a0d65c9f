"""Checks for uploaded pictures: the type comes from the content, never from the name."""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_PICTURE_BYTES = 5 * 1024 * 1024
PICTURE_FORMATS = {"JPEG": "jpg", "PNG": "png"}


def clean_picture(upload: UploadedFile) -> UploadedFile:
    """Accept a real JPEG or PNG of at most 5 MB; give it a random name with the true extension."""
    if upload.size > MAX_PICTURE_BYTES:
        raise ValidationError(_("图片不能超过5MB，请压缩后重新上传"), code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("请上传JPG或PNG格式的图片，该文件无法识别为图片"), code="not_image") from None
    if kind not in PICTURE_FORMATS:
        raise ValidationError(_("请上传JPG或PNG格式的图片"), code="wrong_type")
    upload.seek(0)
    upload.name = f"{uuid.uuid4().hex}.{PICTURE_FORMATS[kind]}"
    return upload
