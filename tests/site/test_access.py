"""Who may open each URL: every URL of the site is in ACCESS (a new view without its line fails).

Each line says, by hand, what a visitor who is not signed in gets and what a signed-in stranger gets
(a verified applicant with no reviewer role, who owns nothing of the world): the page, a redirect to
the login (or to the first step of a reset), or 404 (what is not theirs does not exist for them).
GET on a URL that only takes POST answers 405 to the signed-in.
"""

from django.test import Client
from django.urls import reverse

from tests.conftest import make_user
from tests.site.conftest import unit_role
from tests.site.test_hostile_input import url_names

LOGIN = "login"  # a redirect to the login page, coming back here after it
RESET = "reset"  # a redirect to the first step of the password reset
PAGE = 200
POST_ONLY = 405

DEPARTMENT = lambda w: w["roles"]["department"].pk  # noqa: E731 - a table of small lookups

# url name → (its arguments from the world, the method, anonymous visitor, signed-in stranger).
ACCESS = {
    "home": (lambda w: {}, "get", PAGE, PAGE),
    "healthz": (lambda w: {}, "get", PAGE, PAGE),
    "readyz": (lambda w: {}, "get", PAGE, PAGE),
    "accounts:login": (lambda w: {}, "get", PAGE, 302),  # the signed-in are sent on
    "admin:login": (lambda w: {}, "get", PAGE, PAGE),
    "accounts:logout": (lambda w: {}, "post", 302, 302),
    "accounts:register": (lambda w: {}, "get", PAGE, PAGE),
    "accounts:register_verify": (lambda w: {}, "get", 302, 302),
    "accounts:register_done": (lambda w: {}, "get", 302, 302),  # only after registering
    "accounts:agreement": (lambda w: {}, "get", PAGE, PAGE),
    "accounts:keepalive": (lambda w: {}, "post", 401, 200),
    "accounts:password_reset": (lambda w: {}, "get", PAGE, PAGE),
    "accounts:password_reset_method": (lambda w: {}, "get", RESET, RESET),
    "accounts:password_reset_phone": (lambda w: {}, "get", RESET, RESET),
    "accounts:password_reset_face": (lambda w: {}, "get", RESET, RESET),
    "accounts:password_reset_manual": (lambda w: {}, "get", RESET, RESET),
    "accounts:password_reset_new": (lambda w: {}, "get", RESET, RESET),
    "accounts:password_reset_done": (lambda w: {}, "get", RESET, RESET),  # only after a reset
    "titles:list": (lambda w: {}, "get", LOGIN, PAGE),
    "titles:new": (lambda w: {}, "get", LOGIN, PAGE),
    "titles:pledge": (lambda w: {}, "get", PAGE, PAGE),  # the 承诺书 text, public
    "titles:delete": (lambda w: {"pk": w["draft"].pk}, "post", LOGIN, 404),
    "titles:withdraw": (lambda w: {"pk": w["waiting"].pk}, "post", LOGIN, 404),
    "titles:basic": (lambda w: {"pk": w["draft"].pk}, "get", LOGIN, 404),
    "titles:section": (lambda w: {"pk": w["draft"].pk, "key": "achievement"}, "get", LOGIN, 404),
    "titles:row_delete": (
        lambda w: {"pk": w["draft"].pk, "key": "achievement", "row_id": w["row"].pk},
        "post",
        LOGIN,
        404,
    ),
    "titles:preview": (lambda w: {"pk": w["draft"].pk}, "get", LOGIN, 404),
    "titles:submit": (lambda w: {"pk": w["draft"].pk}, "post", LOGIN, 404),
    "titles:attachment": (lambda w: {"pk": w["file"].pk}, "get", LOGIN, 404),
    "reviews:home": (lambda w: {}, "get", LOGIN, 302),  # to 首页, saying there is no reviewer role
    "reviews:queue": (lambda w: {"role_id": unit_role(w)}, "get", LOGIN, 404),
    "reviews:bulk_approve": (lambda w: {"role_id": unit_role(w)}, "post", LOGIN, 404),
    "reviews:roster": (lambda w: {"role_id": unit_role(w)}, "get", LOGIN, 404),
    "reviews:detail": (lambda w: {"role_id": unit_role(w), "pk": w["waiting"].pk}, "get", LOGIN, 404),
    "reviews:act": (
        lambda w: {"role_id": unit_role(w), "pk": w["waiting"].pk, "action": "approve"},
        "post",
        LOGIN,
        404,
    ),
    "reviews:reveal": (lambda w: {"role_id": unit_role(w), "pk": w["waiting"].pk}, "post", LOGIN, 404),
    "reviews:settle": (lambda w: {"role_id": unit_role(w), "objection_id": w["objection"].pk}, "post", LOGIN, 404),
    "reviews:publicity_print": (lambda w: {"role_id": unit_role(w)}, "get", LOGIN, 404),
    "reviews:unit_requests": (lambda w: {"role_id": DEPARTMENT(w)}, "get", LOGIN, 404),
    "reviews:unit_decide": (lambda w: {"role_id": DEPARTMENT(w), "unit_id": w["registered"].pk}, "post", LOGIN, 404),
    "reviews:unit_licence": (lambda w: {"role_id": DEPARTMENT(w), "unit_id": w["registered"].pk}, "get", LOGIN, 404),
    "reviews:attachment": (lambda w: {"pk": w["file"].pk}, "get", LOGIN, 404),
    "reviews:my_units": (lambda w: {}, "get", LOGIN, PAGE),
    "reviews:notices": (lambda w: {}, "get", PAGE, PAGE),
    "reviews:objection": (lambda w: {"pk": w["publicity"].pk}, "get", PAGE, PAGE),
}


def test_every_url_has_its_line():
    assert url_names() == set(ACCESS) - {"admin:login"}, "add the new URL to ACCESS (and to test_hostile_input.CASES)"


def answer(response, url: str):
    if response.status_code == 302:
        target = response["Location"]
        if target.startswith(reverse("accounts:login")) and "next=" in target:
            return LOGIN
        if target == reverse("accounts:password_reset"):
            return RESET
    return response.status_code


def test_every_url_answers_strangers_as_its_line_says(world):
    stranger = make_user(username="wangwu", phone="13700000099", id17="50010219920101331", name="王五")
    wrong = []
    for name, (kwargs, method, anonymous, signed_in) in ACCESS.items():
        url = reverse(name, kwargs=kwargs(world))
        for who, want in (("anonymous", anonymous), ("stranger", signed_in)):
            client = Client()
            if who == "stranger":
                client.force_login(stranger)
            got = answer(getattr(client, method)(url), url)
            if got != want:
                wrong.append(f"{name} as {who}: {got}, want {want}")
            if method == "post" and who == "stranger":  # (the anonymous are sent to the login first)
                got = client.get(url).status_code
                if got != POST_ONLY:
                    wrong.append(f"{name} as {who} by GET: {got}, want {POST_ONLY}")
    assert not wrong, "\n".join(wrong)
