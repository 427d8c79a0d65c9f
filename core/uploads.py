"""Checks for uploaded files: the type comes from the content, never from the name.

Pictures (JPEG, PNG) of at most 5 MB and UPLOAD_MAX_IMAGE_PIXELS are decoded by Pillow and
stored re-encoded: whatever followed the image (an appended HTML page, a ZIP) and all metadata
(EXIF with GPS, comments, text chunks) are gone, and the EXIF orientation is applied first.
PDFs of at most 20 MB must parse with pypdf, must not be encrypted and must carry no scripts,
launch actions or embedded files anywhere in their object graph. A file that passes gets a
random name with the extension its content proved, and its content_type set; the name the
person gave it stays readable as `original_name`.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MAX_PICTURE_BYTES = 5 * 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
PICTURE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
PICTURE_ACCEPT = "image/jpeg,image/png"
DOCUMENT_ACCEPT = "image/jpeg,image/png,application/pdf"

# Dictionary keys and name values that mean code, actions outside the viewer or files inside the PDF.
PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/RichMedia"}
PDF_ACTIVE_NAMES = {"/JavaScript", "/Launch", "/FileAttachment", "/EmbeddedFile", "/RichMedia"}
# A real certificate scan has hundreds of objects; the walk stops well before a crafted graph hurts.
PDF_MAX_OBJECTS = 200_000


def file_input_attrs(*, pictures_only: bool) -> dict[str, str]:
    """Attributes for a file input: what it accepts and the sizes static/js/site.js checks before sending."""
    return {
        "accept": PICTURE_ACCEPT if pictures_only else DOCUMENT_ACCEPT,
        "data-max-bytes": str(MAX_PICTURE_BYTES if pictures_only else max(MAX_PICTURE_BYTES, MAX_PDF_BYTES)),
        "data-max-total-bytes": str(settings.MAX_REQUEST_BYTES),
    }


def _rename(upload: UploadedFile, content_type: str, extension: str) -> UploadedFile:
    original = getattr(upload, "original_name", None) or upload.name
    upload.seek(0)
    upload.content_type = content_type
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    upload.original_name = original
    return upload


def _starts_like_pdf(upload: UploadedFile) -> bool:
    upload.seek(0)
    return upload.read(1024).startswith(b"%PDF-")


def _too_many_pixels_error(limit: int) -> ValidationError:
    return ValidationError(
        _("图片尺寸过大（超过%(count)s万像素），请缩小后重新上传") % {"count": limit // 10_000}, code="too_large"
    )


def _reencode(image: Image.Image, kind: str) -> bytes:
    """The pixels only, in the same format: no trailing bytes, no EXIF, ICC, comments or text chunks."""
    image = ImageOps.exif_transpose(image)
    if kind == "JPEG":
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
    elif "transparency" in image.info or image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
        # The transparency lives in info, which is cleared below: move it into an alpha channel.
        image = image.convert("RGBA")
    image.info.clear()
    buffer = io.BytesIO()
    if kind == "JPEG":
        image.save(buffer, "JPEG", quality=90, optimize=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def clean_picture(upload: UploadedFile) -> UploadedFile:
    """Accept a real JPEG or PNG of at most 5 MB and UPLOAD_MAX_IMAGE_PIXELS; return a re-encoded copy.

    The pixel count is checked from the header, before anything is decoded.
    """
    if upload.size > MAX_PICTURE_BYTES:
        raise ValidationError(_("图片不能超过5MB，请压缩后重新上传"), code="too_large")
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS
    if Image.MAX_IMAGE_PIXELS:
        # Pillow only warns between its own limit and twice that: treat its warning as a refusal too.
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    unreadable = ValidationError(_("请上传JPG或PNG格式的图片，该文件无法识别为图片"), code="not_image")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            # Phones save some photos as MPO (a JPEG with more pictures after it): its first picture is a JPEG.
            kind = "JPEG" if image.format == "MPO" else image.format
            if kind not in PICTURE_FORMATS:
                raise ValidationError(_("请上传JPG或PNG格式的图片"), code="wrong_type")
            width, height = image.size
            if width * height > limit:
                raise _too_many_pixels_error(limit)
            content = _reencode(image, kind)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels_error(limit) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise unreadable from None
    content_type, extension = PICTURE_FORMATS[kind]
    cleaned = SimpleUploadedFile(f"{uuid.uuid4().hex}.{extension}", content, content_type=content_type)
    cleaned.original_name = getattr(upload, "original_name", None) or upload.name
    return cleaned


def _pdf_active_content(reader: PdfReader) -> bool | None:
    """True if anything reachable from the trailer is a script, launch or embedded file; None if too big."""
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            return None
        if isinstance(item, DictionaryObject):  # streams too: their dictionary is what matters
            if any(name in PDF_ACTIVE_KEYS for name in item):
                return True
            values = item.values()
        elif isinstance(item, ArrayObject):
            values = item
        else:
            continue
        for value in values:
            if isinstance(value, NameObject):
                if value in PDF_ACTIVE_NAMES:
                    return True
            elif isinstance(value, IndirectObject | DictionaryObject | ArrayObject):
                stack.append(value)
    return False


def _check_pdf(upload: UploadedFile) -> None:
    invalid = ValidationError(_("该文件不是有效的PDF文件"), code="not_pdf")
    try:
        upload.seek(0)
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("PDF文件已加密，请取消密码保护后重新上传"), code="encrypted")
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject) or len(reader.pages) < 1:
            raise invalid
        active = _pdf_active_content(reader)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on broken input: all of them mean "not a PDF"
        raise invalid from None
    if active is None:
        raise ValidationError(_("PDF文件结构过于复杂，请另存为普通PDF后重新上传"), code="too_complex")
    if active:
        raise ValidationError(_("PDF文件含有脚本或嵌入文件，请另存为普通PDF后重新上传"), code="active_content")


def clean_document(upload: UploadedFile) -> UploadedFile:
    """Accept a picture (as clean_picture) or a real, passive PDF of at most 20 MB."""
    if _starts_like_pdf(upload):
        if upload.size > MAX_PDF_BYTES:
            raise ValidationError(_("PDF文件不能超过20MB"), code="too_large")
        _check_pdf(upload)
        return _rename(upload, "application/pdf", "pdf")
    try:
        return clean_picture(upload)
    except ValidationError as error:
        if error.code == "too_large":
            raise
        raise ValidationError(
            _("文件“%(name)s”不是有效的JPG、PNG图片或PDF文件") % {"name": upload.name[:60]}, code="wrong_type"
        ) from None
