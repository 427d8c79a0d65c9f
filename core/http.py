"""Small helpers of the request and response: ids from user input, stored files as responses."""

from django.http import FileResponse, Http404

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A database id from user input, or None for anything else (letters, ², huge numbers)."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def attachment_response(item) -> FileResponse:
    """A stored file shown inline, never cached by the browser; never a path on disk or a public URL."""
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response
