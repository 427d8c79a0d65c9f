"""The forms of a rendered page, as a browser would submit them (stdlib HTML parser)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    name: str
    kind: str  # input type, "textarea", "select", "button"
    value: str = ""
    checked: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    action: str
    method: str
    enctype: str
    controls: list[Control] = field(default_factory=list)

    def defaults(self) -> dict[str, list[str]]:
        """What the browser sends as the form stands (first named submit button excluded)."""
        data: dict[str, list[str]] = {}
        for control in self.controls:
            if control.kind in ("submit", "button", "image", "reset", "file"):
                continue
            if control.kind in ("checkbox", "radio") and not control.checked:
                if control.kind == "radio" and control.name not in data:
                    data.setdefault(control.name, [control.value])  # pick one, as a person would
                continue
            if control.kind == "select":
                data.setdefault(control.name, []).append(control.value or (control.options[:1] or [""])[0])
                continue
            data.setdefault(control.name, []).append(control.value)
        return data

    def buttons(self) -> list[Control]:
        return [c for c in self.controls if c.kind == "submit" and c.name]

    def text_fields(self) -> list[str]:
        skip = {"csrfmiddlewaretoken"}
        return sorted({c.name for c in self.controls if c.name not in skip and c.kind not in ("submit", "button")})

    def file_fields(self) -> list[str]:
        return sorted({c.name for c in self.controls if c.kind == "file"})


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.current: PageForm | None = None
        self.select: Control | None = None
        self.textarea: Control | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.current = PageForm(a.get("action", ""), a.get("method", "get").lower(), a.get("enctype", ""))
            self.forms.append(self.current)
        if self.current is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            self.current.controls.append(Control(a["name"], kind, value, "checked" in a))
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self.current.controls.append(Control(a["name"], "submit", a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self.textarea = Control(a["name"], "textarea")
            self.current.controls.append(self.textarea)
        elif tag == "select" and a.get("name"):
            self.select = Control(a["name"], "select")
            self.current.controls.append(self.select)
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.select.options.append(value)
            if "selected" in a:
                self.select.value = value

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_of(html: str) -> list[PageForm]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms
