"""Every visible input, select and textarea of every page has a name people and screen readers can
find (a <label for>, a wrapping <label>, aria-label or aria-labelledby), no id is used twice, and no
drop-down offers Django's "---------" (it says 请选择…)."""

from html.parser import HTMLParser

from django.urls import reverse

from tests.site.conftest import client_for
from tests.site.test_hostile_input import CASES, EXTRA_PAGES

CONTROLS = {"input", "select", "textarea"}
UNNAMED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls, self.label_for, self.ids, self.open_labels = [], set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label":
            self.open_labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in CONTROLS and attrs.get("type", "text") not in UNNAMED_TYPES:
            self.controls.append((tag, attrs, self.open_labels > 0))

    def handle_endtag(self, tag):
        if tag == "label" and self.open_labels:
            self.open_labels -= 1

    def unnamed(self) -> list[str]:
        return [
            f"<{tag} name={attrs.get('name')!r} id={attrs.get('id')!r}>"
            for tag, attrs, wrapped in self.controls
            if not (
                wrapped or attrs.get("aria-label") or attrs.get("aria-labelledby") or attrs.get("id") in self.label_for
            )
        ]

    def repeated_ids(self) -> set[str]:
        return {one for one in self.ids if self.ids.count(one) > 1}


def pages(world):
    for name, (actor, arguments, mode) in CASES.items():
        if mode == "page":
            yield actor, reverse(name, kwargs=arguments(world))
    for group in EXTRA_PAGES.values():
        for actor, url in group:
            yield actor, url(world)


def test_every_control_of_every_page_has_a_label_and_every_id_is_unique(world):
    wrong, seen = [], 0
    for actor, url in pages(world):
        response = client_for(world, actor).get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue  # files and redirects have no controls
        html = response.content.decode()
        parsed = Controls()
        parsed.feed(html)
        if ">---------<" in html:
            wrong.append(f"{url} ({actor}): a drop-down offers ---------")
        seen += len(parsed.controls)
        wrong += [f"{url} ({actor}): unlabelled {control}" for control in parsed.unnamed()]
        wrong += [f"{url} ({actor}): id {one!r} used more than once" for one in parsed.repeated_ids()]
    assert seen > 100  # the walk reached the forms
    assert not wrong, "\n".join(wrong)
