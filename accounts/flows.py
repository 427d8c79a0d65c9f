"""Multi-step flows (registration, password reset) kept in the server-side session.

A step is reachable only when the flow's state says the previous one was passed; the
state lives in the session, never in the URL, and expires after ACCOUNT_FLOW_SECONDS.
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class Flow:
    def __init__(self, request, name: str):
        self.request = request
        self.key = f"flow:{name}"

    def start(self, **data) -> None:
        self.request.session[self.key] = {"step": 1, "started": time.time(), **data}

    @property
    def state(self) -> dict | None:
        state = self.request.session.get(self.key)
        if state is None:
            return None
        if time.time() - state["started"] > settings.ACCOUNT_FLOW_SECONDS:
            self.clear()
            return None
        return state

    def advance(self, step: int, **data) -> None:
        state = self.request.session[self.key]
        state.update(data, step=step)
        self.request.session.modified = True

    def clear(self) -> None:
        self.request.session.pop(self.key, None)


def requires_step(name: str, step: int, start_url: str, *, exact: bool = False):
    """Let a view run only when the flow `name` has reached `step` (exactly, if `exact`); else back to the start."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            flow = Flow(request, name)
            state = flow.state
            if state is None or state["step"] < step or (exact and state["step"] != step):
                messages.warning(request, _("请按步骤操作：请先完成上一步，或操作已超时，请重新开始。"))
                return redirect(start_url)
            return view(request, flow, *args, **kwargs)

        return wrapper

    return decorator
