"""No input a user can send gives a 500.

Every URL of the site is in CASES (a test fails when a new one is missing); each page is fetched
as the person who uses it, and every form on it is submitted with hostile values: one field at a
time (the other fields as the page filled them, so the hostile value reaches the code behind a
valid form) and all fields at once. POST-only URLs are swept directly too.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.site.conftest import client_for, unit_role
from tests.site.forms_in_pages import PageForm, forms_of
from titles.sections import ROW_SECTIONS

# One value that is both: a NUL byte (PostgreSQL refuses it in text) and 10,000 characters.
ONE_FIELD = ["a\x00b" + "长" * 10_000]
ALL_FIELDS = [
    "\x00",
    "-1",
    "９９９９９９９９９９９９９９９９９９９９９９",
    "2099-99-99",
    "<script>alert(1)</script>'\"😀",
]
NOT_OURS = {"admin", "captcha"}  # third-party URL sets; the admin's login is ours and listed


def url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            if pattern.namespace in NOT_OURS or module.split(".")[0] in NOT_OURS:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


# url name → (who uses it, its arguments from the world, "page" to fetch it and sweep its forms or
# "post" to post to it directly).
CASES = {
    "home": ("anon", lambda w: {}, "page"),
    "healthz": ("anon", lambda w: {}, "page"),
    "readyz": ("anon", lambda w: {}, "page"),
    "accounts:login": ("anon", lambda w: {}, "page"),
    "admin:login": ("anon", lambda w: {}, "page"),
    "accounts:logout": ("applicant", lambda w: {}, "post"),
    "accounts:register": ("anon", lambda w: {}, "page"),
    "accounts:register_verify": ("anon", lambda w: {}, "page"),
    "accounts:register_done": ("anon", lambda w: {}, "page"),
    "accounts:agreement": ("anon", lambda w: {}, "page"),
    "accounts:keepalive": ("applicant", lambda w: {}, "post"),
    "accounts:password_reset": ("anon", lambda w: {}, "page"),
    "accounts:password_reset_method": ("resetting", lambda w: {}, "page"),
    "accounts:password_reset_phone": ("resetting", lambda w: {}, "page"),
    "accounts:password_reset_face": ("resetting", lambda w: {}, "page"),
    "accounts:password_reset_manual": ("resetting", lambda w: {}, "page"),
    "accounts:password_reset_new": ("resetting", lambda w: {}, "page"),
    "accounts:password_reset_done": ("resetting", lambda w: {}, "page"),
    "titles:list": ("applicant", lambda w: {}, "page"),
    "titles:new": ("applicant", lambda w: {}, "page"),
    "titles:pledge": ("applicant", lambda w: {}, "page"),
    "titles:delete": ("applicant", lambda w: {"pk": w["draft"].pk}, "post"),
    "titles:withdraw": ("applicant", lambda w: {"pk": w["draft"].pk}, "post"),
    "titles:basic": ("applicant", lambda w: {"pk": w["draft"].pk}, "page"),
    "titles:section": ("applicant", lambda w: {"pk": w["draft"].pk, "key": "achievement"}, "page"),
    "titles:row_delete": (
        "applicant",
        lambda w: {"pk": w["draft"].pk, "key": "achievement", "row_id": w["row"].pk},
        "post",
    ),  # fmt: skip
    "titles:preview": ("applicant", lambda w: {"pk": w["draft"].pk}, "page"),
    "titles:submit": ("applicant", lambda w: {"pk": w["draft"].pk}, "post"),
    "titles:attachment": ("applicant", lambda w: {"pk": w["file"].pk}, "page"),
    "reviews:home": ("unit", lambda w: {}, "page"),
    "reviews:queue": ("unit", lambda w: {"role_id": unit_role(w)}, "page"),
    "reviews:bulk_approve": ("unit", lambda w: {"role_id": unit_role(w)}, "post"),
    "reviews:roster": ("unit", lambda w: {"role_id": unit_role(w)}, "page"),
    "reviews:detail": ("unit", lambda w: {"role_id": unit_role(w), "pk": w["waiting"].pk}, "page"),
    "reviews:act": ("unit", lambda w: {"role_id": unit_role(w), "pk": w["waiting"].pk, "action": "approve"}, "post"),
    "reviews:reveal": ("unit", lambda w: {"role_id": unit_role(w), "pk": w["waiting"].pk}, "post"),
    "reviews:settle": ("unit", lambda w: {"role_id": unit_role(w), "objection_id": w["objection"].pk}, "post"),
    "reviews:publicity_print": ("unit", lambda w: {"role_id": unit_role(w)}, "page"),
    "reviews:unit_requests": ("department", lambda w: {"role_id": w["roles"]["department"].pk}, "page"),
    "reviews:unit_decide": (
        "department",
        lambda w: {"role_id": w["roles"]["department"].pk, "unit_id": w["registered"].pk},
        "post",
    ),  # fmt: skip
    "reviews:unit_licence": (
        "department",
        lambda w: {"role_id": w["roles"]["department"].pk, "unit_id": w["registered"].pk},
        "page",
    ),  # fmt: skip
    "reviews:attachment": ("unit", lambda w: {"pk": w["file"].pk}, "page"),
    "reviews:my_units": ("applicant", lambda w: {}, "page"),
    "reviews:notices": ("anon", lambda w: {}, "page"),
    "reviews:objection": ("anon", lambda w: {"pk": w["publicity"].pk}, "page"),
}
# More pages of the same views that show other forms.
EXTRA_PAGES = {
    "every row section": [
        ("applicant", lambda w, key=s.key: reverse("titles:section", args=[w["draft"].pk, key])) for s in ROW_SECTIONS
    ],
    "a row being edited": [
        ("applicant", lambda w: reverse("titles:section", args=[w["draft"].pk, "achievement"]) + f"?edit={w['row'].pk}")
    ],
    "reviewer pages in each state": [
        ("unit", lambda w: reverse("reviews:detail", args=[unit_role(w), w["publicised"].pk])),
        ("committee", lambda w: reverse("reviews:detail", args=[w["roles"]["committee"].pk, w["voting"].pk])),
        ("committee", lambda w: reverse("reviews:queue", args=[w["roles"]["committee"].pk])),
        ("department", lambda w: reverse("reviews:queue", args=[w["roles"]["department"].pk])),
    ],
}
NEVER_SWEPT = {"accounts:logout"}  # would end the session the sweep runs in; posted once on its own


def test_every_url_of_the_site_is_in_the_sweep():
    assert url_names() == set(CASES) - {"admin:login"}


def submit(client: Client, form: PageForm, data: dict, page_url: str):
    action = form.action or page_url
    if form.method == "get":
        return client.get(action, {k: v for k, v in data.items() if not hasattr(v, "read")})
    return client.post(action, data)


def sweep_form(client: Client, form: PageForm, page_url: str) -> int:
    """Post hostile values into one form; returns how many requests were sent."""
    if resolve((form.action or page_url).split("?")[0]).view_name in NEVER_SWEPT:
        return 0
    sent = 0
    defaults = {name: values if len(values) > 1 else values[0] for name, values in form.defaults().items()}
    button_sets = [{b.name: b.value} for b in form.buttons()] or [{}]
    for button in button_sets:
        for name in form.text_fields():
            if name in form.file_fields():
                continue
            for payload in ONE_FIELD:
                response = submit(client, form, {**defaults, **button, name: payload}, page_url)
                assert response.status_code < 500, (form.action, name, payload[:20])
                sent += 1
        for name in form.file_fields():
            junk = SimpleUploadedFile("x\x00.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
            response = submit(client, form, {**defaults, **button, name: junk}, page_url)
            assert response.status_code < 500, (form.action, name)
            sent += 1
        for payload in ALL_FIELDS:
            hostile = dict.fromkeys(form.text_fields(), payload)
            hostile["csrfmiddlewaretoken"] = defaults.get("csrfmiddlewaretoken", "")
            response = submit(client, form, {**hostile, **button}, page_url)
            assert response.status_code < 500, (form.action, payload)
            sent += 1
    return sent


def sweep_page(client: Client, url: str, seen: set | None = None) -> int:
    """Sweep the forms of a page; a form already swept (same target view and fields) is skipped."""
    seen = set() if seen is None else seen
    response = client.get(url)
    assert response.status_code < 500, url
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return 0
    sent = 0
    for form in forms_of(response.content.decode()):
        target = resolve((form.action or url).split("?")[0])
        signature = (target.view_name, tuple(sorted(target.kwargs.items())), tuple(form.text_fields()))
        if signature not in seen:
            seen.add(signature)
            sent += sweep_form(client, form, url)
    return sent


HOSTILE_FIELDS = ["note", "decision", "comment", "reason", "ids", "id", "page", "next", "row", "sections"]


ACTORS = sorted({actor for actor, _arguments, _mode in CASES.values()})


@pytest.mark.parametrize("actor", ACTORS)
def test_no_hostile_input_gives_a_500(world, actor):
    """One world per kind of user (setting it up is the slow part); every URL that user has is swept."""
    seen, sent = set(), 0
    for name in sorted(CASES):
        who, arguments, mode = CASES[name]
        if who != actor:
            continue
        client = client_for(world, actor)
        url = reverse(name, kwargs=arguments(world))
        if mode == "page":
            sent += sweep_page(client, url, seen)
            # Hostile query strings on the page itself.
            for payload in ALL_FIELDS + ONE_FIELD:
                query = dict.fromkeys(["page", "edit", "status", "name", "unit", "q", "next"], payload)
                assert client.get(url, query).status_code < 500, (url, payload[:20])
        else:
            for payload in ALL_FIELDS + ONE_FIELD:
                response = client.post(url, dict.fromkeys(HOSTILE_FIELDS, payload))
                assert response.status_code < 500, (url, payload[:20])
    assert sent > 0, f"no form of {actor}'s pages was swept"


@pytest.mark.parametrize("group", sorted(EXTRA_PAGES))
def test_no_hostile_input_into_the_forms_of_more_pages_gives_a_500(world, group):
    sent, seen = 0, set()
    for actor, url in EXTRA_PAGES[group]:
        sent += sweep_page(client_for(world, actor), url(world), seen)
    assert sent > 0


def test_the_sweep_reaches_the_forms_behind_post_only_urls(world):
    """The forms that post to the action URLs are found on the pages, so they are swept with a valid rest."""
    reached = set()
    for name, (actor, arguments, mode) in CASES.items():
        if mode != "page":
            continue
        client = client_for(world, actor)
        url = reverse(name, kwargs=arguments(world))
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for form in forms_of(response.content.decode()):
                reached.add(resolve((form.action or url).split("?")[0]).view_name)
    for group in EXTRA_PAGES.values():
        for actor, url in group:
            response = client_for(world, actor).get(url(world))
            for form in forms_of(response.content.decode()):
                reached.add(resolve((form.action or url(world)).split("?")[0]).view_name)
    # 撤回 shows only for a submitted application; 继续保持登录 is posted by the idle warning script.
    post_only = {name for name, (_a, _b, mode) in CASES.items() if mode == "post"} - {
        "titles:withdraw",
        "accounts:keepalive",
    }
    assert post_only <= reached, post_only - reached
