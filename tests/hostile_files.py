"""Files an attacker (or a careless phone) would upload, made in memory for the upload tests."""

import io

from PIL import ExifTags, Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject

HTML = b"<html><script>alert(1)</script></html>"


def jpeg(size=(60, 80), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "CMYK" else (0, 0, 0, 0)).save(buffer, "JPEG", **save)
    return buffer.getvalue()


def jpeg_with_html() -> bytes:
    """A valid JPEG followed by an HTML page: a browser sniffing the bytes could run it."""
    return jpeg() + HTML


def jpeg_with_gps(orientation: int = 1) -> bytes:
    """A 60×80 photo whose EXIF says where it was taken (and which way up it is)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (29.0, 33.0, 46.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 33.0, 15.0)
    return jpeg(exif=exif, comment=b"secret comment")


def huge_png(side: int = 12000) -> bytes:
    """A 144-megapixel PNG of a few kilobytes: one bit per pixel, all white, compresses to almost nothing."""
    buffer = io.BytesIO()
    Image.new("1", (side, side), 1).save(buffer, "PNG")
    return buffer.getvalue()


FAKE_PDF = b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n"


def _pdf(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    return writer


def clean_pdf() -> bytes:
    return _pdf(_writer())


def pdf_with_open_action_js() -> bytes:
    """Runs JavaScript when opened: /OpenAction → an indirect /S /JavaScript action."""
    writer = _writer()
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _pdf(writer)


def pdf_with_launch_link() -> bytes:
    """A link on the page that launches a program: /Annots → /A << /S /Launch >>."""
    writer = _writer()
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), NumberObject(100), NumberObject(100)]),
            NameObject("/A"): DictionaryObject(
                {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
            ),
        }
    )
    writer.add_annotation(0, link)
    return _pdf(writer)


def pdf_with_embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 not a certificate")
    return _pdf(writer)


def encrypted_pdf() -> bytes:
    writer = _writer()
    writer.encrypt("secret")
    return _pdf(writer)
