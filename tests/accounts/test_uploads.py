"""core.uploads: pictures are stored re-encoded, PDFs only when real and passive."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from core.uploads import clean_document, clean_picture
from tests import hostile_files as hostile


def upload(content: bytes, name="上传.bin", content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_bytes(cleaned) -> bytes:
    cleaned.seek(0)
    return cleaned.read()


def refusal(clean, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        clean(upload(content))
    return " ".join(caught.value.messages)


@pytest.mark.parametrize("clean", [clean_picture, clean_document])
def test_html_after_a_jpeg_is_not_stored(clean):
    cleaned = clean(upload(hostile.jpeg_with_html(), "证书.jpg"))
    content = stored_bytes(cleaned)
    assert b"<script>" not in content and b"<html>" not in content
    assert content.startswith(b"\xff\xd8") and content.endswith(b"\xff\xd9")
    assert cleaned.size == len(content)  # what Attachment.size records is the stored size
    assert cleaned.content_type == "image/jpeg" and cleaned.name.endswith(".jpg") and "证书" not in cleaned.name
    assert cleaned.original_name == "证书.jpg"
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG" and image.size == (60, 80)


def test_exif_with_gps_and_comments_is_stripped_and_the_orientation_applied():
    original = hostile.jpeg_with_gps(orientation=6)  # 6: the camera was turned, show rotated by 90°
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the sample really carries GPS data
    content = stored_bytes(clean_picture(upload(original, "照片.jpg")))
    assert b"Exif" not in content and b"PhoneMaker" not in content and b"secret comment" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif()
        assert image.size == (80, 60)  # turned upright, so the missing orientation tag changes nothing


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_144_megapixel_png_is_refused_before_it_is_decoded(monkeypatch):
    def no_decoding(self):
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    content = hostile.huge_png()
    assert len(content) < 1024 * 1024  # small on the wire, 144 million pixels once decoded
    for clean in (clean_picture, clean_document):
        assert "图片尺寸过大（超过4000万像素）" in refusal(clean, content)


def test_the_pixel_limit_comes_from_the_settings(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 60 * 80 - 1
    assert "图片尺寸过大" in refusal(clean_picture, hostile.jpeg())
    settings.UPLOAD_MAX_IMAGE_PIXELS = 60 * 80
    assert clean_picture(upload(hostile.jpeg())).content_type == "image/jpeg"


def test_a_cmyk_jpeg_is_stored_as_rgb():
    content = stored_bytes(clean_picture(upload(hostile.jpeg(mode="CMYK"))))
    with Image.open(io.BytesIO(content)) as image:
        assert (image.format, image.mode) == ("JPEG", "RGB")


def test_a_png_keeps_its_transparency():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (255, 0, 0, 0)).save(buffer, "PNG", pnginfo=None)
    palette = Image.open(io.BytesIO(buffer.getvalue())).convert("P")
    buffer = io.BytesIO()
    palette.save(buffer, "PNG", transparency=0)
    cleaned = clean_picture(upload(buffer.getvalue() + b"PK\x03\x04 a zip after the picture", "透明.png"))
    content = stored_bytes(cleaned)
    assert b"PK\x03\x04" not in content and cleaned.content_type == "image/png"
    with Image.open(io.BytesIO(content)) as image:
        assert image.convert("RGBA").getpixel((0, 0))[3] == 0


def test_a_file_that_only_starts_and_ends_like_a_pdf_is_refused():
    assert "该文件不是有效的PDF文件" in refusal(clean_document, hostile.FAKE_PDF)


@pytest.mark.parametrize(
    "content",
    [hostile.pdf_with_open_action_js(), hostile.pdf_with_launch_link(), hostile.pdf_with_embedded_file()],
    ids=["open-action-javascript", "launch-link", "embedded-file"],
)
def test_pdfs_with_scripts_launch_actions_or_embedded_files_are_refused(content):
    assert "PDF文件含有脚本或嵌入文件，请另存为普通PDF后重新上传" in refusal(clean_document, content)


def test_an_encrypted_pdf_is_refused():
    assert "PDF文件已加密" in refusal(clean_document, hostile.encrypted_pdf())


def test_a_plain_pdf_is_accepted_as_it_is():
    content = hostile.clean_pdf()
    cleaned = clean_document(upload(content, "扫描件.pdf"))
    assert stored_bytes(cleaned) == content
    assert cleaned.content_type == "application/pdf" and cleaned.name.endswith(".pdf")
    assert cleaned.original_name == "扫描件.pdf"


def test_the_pdf_size_limit_is_checked_before_parsing(monkeypatch):
    monkeypatch.setattr("core.uploads.MAX_PDF_BYTES", 10)
    monkeypatch.setattr("core.uploads.PdfReader", None)  # parsing would fail loudly
    assert "PDF文件不能超过20MB" in refusal(clean_document, hostile.clean_pdf())


def test_a_pdf_is_not_a_picture():
    assert "无法识别为图片" in refusal(clean_picture, hostile.clean_pdf())
