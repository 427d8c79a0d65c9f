"""Where each generated application stands in the review workflow, and the records that position implies.

For a state it picks a believable history (created, submitted, approved, on publicity, reported…) inside its
batch's window and before now, and writes what the real transitions would have written: one ApplicationEvent
per transition (actor = the reviewer account of that scope), the frozen Submission, the Publicity, an
occasional Objection, the CommitteeVote.
"""

import datetime
import random

from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.datagen import Weighted, words
from reviews.models import CommitteeVote, Objection, Publicity
from reviews.states import APPLICANT, OWNER, SYSTEM, Action, Role, Status
from reviews.workdays import CalendarUnknown, WorkCalendar, add_working_days
from reviews.workflow import PUBLICITY_WORKING_DAYS, vote_passes
from titles.models import ApplicationEvent, Submission

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

# Share of each state among applications of an open batch, and of last year's closed batch.
OPEN_STATES = {
    Status.DRAFT: 28, Status.UNIT_REVIEW: 30, Status.UNIT_PUBLICITY: 8, Status.UNIT_REPORT: 5,
    Status.DEPT_REVIEW: 10, Status.CENTRE_REVIEW: 3, Status.COMMITTEE_REVIEW: 9, Status.RETURNED: 5,
    Status.REJECTED: 2,
}  # fmt: skip
CLOSED_STATES = {Status.PASSED: 62, Status.FAILED: 23, Status.REJECTED: 6, Status.RETURNED: 3, Status.DRAFT: 6}
# Where returned and rejected applications were stopped.
STOPPED_AT = {
    Status.UNIT_REVIEW: 50, Status.UNIT_PUBLICITY: 10, Status.UNIT_REPORT: 5, Status.DEPT_REVIEW: 15,
    Status.CENTRE_REVIEW: 5, Status.COMMITTEE_REVIEW: 15,
}  # fmt: skip
# The forward moves of reviews.workflow.TABLE, as (action, who).
STEP = {
    (Status.UNIT_REVIEW, Status.UNIT_PUBLICITY): (Action.APPROVE, Role.UNIT),
    (Status.UNIT_PUBLICITY, Status.UNIT_REPORT): (Action.CLOSE_PUBLICITY, SYSTEM),
    (Status.UNIT_REPORT, Status.DEPT_REVIEW): (Action.REPORT, Role.UNIT),
    (Status.DEPT_REVIEW, Status.CENTRE_REVIEW): (Action.APPROVE, Role.DEPARTMENT),
    (Status.DEPT_REVIEW, Status.COMMITTEE_REVIEW): (Action.APPROVE, Role.DEPARTMENT),
    (Status.CENTRE_REVIEW, Status.COMMITTEE_REVIEW): (Action.APPROVE, Role.CENTRE),
}
EVENT_KEYS = ("id", "application_id", "actor_id", "role", "action", "from_status", "to_status", "comment",
              "created_at", "ip")  # fmt: skip


def chain(status: str, stage: str | None, has_centre: bool) -> list[str]:
    """The review states an application passed through, in order, ending where it is (or was stopped)."""
    full = [Status.UNIT_REVIEW, Status.UNIT_PUBLICITY, Status.UNIT_REPORT, Status.DEPT_REVIEW]
    full += [Status.CENTRE_REVIEW, Status.COMMITTEE_REVIEW] if has_centre else [Status.COMMITTEE_REVIEW]
    if status == Status.DRAFT:
        return []
    if status in (Status.PASSED, Status.FAILED):
        return full
    last = stage if status in (Status.RETURNED, Status.REJECTED) else status
    return full[: full.index(last) + 1]


class Workflow:
    def __init__(self, rng: random.Random, tables, now: datetime.datetime):
        self.rng, self.now = rng, now
        self.today = timezone.localdate(now)
        self.calendar = WorkCalendar()
        self.ends: dict[datetime.date, datetime.date] = {}
        self.submissions = tables.declare(Submission, ("id", "application_id", "number", "submitted_at", "data"))
        self.events = tables.declare(ApplicationEvent, EVENT_KEYS)
        self.publicities = tables.declare(
            Publicity, ("id", "application_id", "unit_id", "starts_on", "ends_on", "ended_early", "created_by_id",
                        "created_at"),
        )  # fmt: skip
        self.objections = tables.declare(
            Objection, ("id", "publicity_id", "name", "phone", "content", "status", "created_at", "ip", "settlement",
                        "settled_by_id", "settled_at"),
        )  # fmt: skip
        self.votes = tables.declare(
            CommitteeVote, ("id", "application_id", "experts_present", "votes_for", "passed", "recorded_by_id",
                            "recorded_at"),
        )  # fmt: skip
        self.open_states, self.closed_states = Weighted(OPEN_STATES), Weighted(CLOSED_STATES)
        self.stopped_at = Weighted(STOPPED_AT)
        # The comments reviews.services records, translated once.
        self.texts = {
            "accepted": _("已受理"),
            "period": _("公示期%(start)s至%(end)s"),
            "ended": _("公示期满"),
            "vote": _("出席专家%(present)d人，同意%(for)d票"),
        }

    # Choosing a state.
    def pick(self, closed: bool) -> tuple[str, str | None]:
        status = (self.closed_states if closed else self.open_states).draw(self.rng)
        stage = None
        if status in (Status.RETURNED, Status.REJECTED):
            stage = self.stopped_at.draw(self.rng)
        return status, stage

    def publicity_end(self, starts_on: datetime.date) -> datetime.date:
        if starts_on not in self.ends:
            try:
                self.ends[starts_on] = add_working_days(starts_on, PUBLICITY_WORKING_DAYS, self.calendar)
            except CalendarUnknown:
                self.ends[starts_on] = starts_on + datetime.timedelta(days=7)
        return self.ends[starts_on]

    def _local(self, day: datetime.date, hours: float) -> datetime.datetime:
        naive = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(hours=hours)
        return timezone.make_aware(naive)

    def _gap(self, low_hours: float, high_hours: float, scale: float) -> datetime.timedelta:
        return datetime.timedelta(hours=self.rng.uniform(low_hours, high_hours) * scale)

    # A history for the application.
    def history(self, app: dict) -> dict:
        """Times of every step of the application's chain, and its creation; see plan()."""
        rng, batch = self.rng, app["batch"]
        states = chain(app["status"], app["stage"], app["centre_id"] is not None)
        limit = self.now - datetime.timedelta(minutes=5)
        opens = batch["opens_at"]
        if not states:
            end = min(limit, batch["closes_at"])
            created = opens + (end - opens) * rng.random()
            return {
                "created": created,
                "steps": [],
                "states": states,
                "updated": created + (end - created) * rng.random(),
            }
        if app["status"] == Status.UNIT_REVIEW or (app["status"] == Status.UNIT_PUBLICITY and len(states) == 2):
            return self._recent(app, states, limit)
        for scale in (1.0, 0.4, 0.1, 0.02):
            created = opens + (batch["closes_at"] - opens) * 0.15 * rng.random() * scale
            steps = self._forward(app, states, created, scale)
            if steps[-1][1] <= limit:
                return {"created": created, "steps": steps, "states": states, "updated": steps[-1][1]}
        raise RuntimeError(f"no history fits for {app['status']} in batch {batch['id']}")

    def _recent(self, app, states, limit) -> dict:
        """Submitted lately (most applicants submit late), and for 单位公示中 a publicity running today."""
        rng, opens = self.rng, app["batch"]["opens_at"]
        if len(states) == 1:
            submitted = opens + (limit - opens) * (1 - rng.random() ** 2)
            created = max(opens, submitted - self._gap(0.5, 72, 1))
            return {"created": created, "steps": [(Action.SUBMIT, submitted)], "states": states, "updated": submitted}
        # 单位公示中: approved on a day whose publicity still runs today.
        day = self.today - datetime.timedelta(days=rng.randrange(0, 5))
        while self.publicity_end(day) < self.today:
            day += DAY
        approved = self._local(day, rng.uniform(8.5, 18))
        if approved > limit:
            approved = limit - self._gap(0.05, 1, 1)
        submitted = max(opens + HOUR, approved - self._gap(1, 72, 1))
        created = max(opens, submitted - self._gap(0.5, 48, 1))
        steps = [(Action.SUBMIT, submitted), (Action.APPROVE, approved)]
        return {"created": created, "steps": steps, "states": states, "updated": approved}

    def _forward(self, app, states, created, scale) -> list[tuple[str, datetime.datetime]]:
        """Each step after the one before, with working gaps shrunk by `scale` when the window is short."""
        batch, status = app["batch"], app["status"]
        closed = batch["closed"]
        when = min(created + self._gap(0.5, 72, scale), batch["closes_at"] - HOUR)
        steps = [(Action.SUBMIT, when)]
        for before, after in zip(states, states[1:], strict=False):
            action = STEP[before, after][0]
            if action == Action.CLOSE_PUBLICITY:
                ends_on = self.publicity_end(timezone.localdate(when))
                when = self._local(ends_on + DAY, 0.5)
            else:
                when = when + self._gap(1, 48 if not closed else 120, scale)
            steps.append((action, when))
        last = states[-1]
        accept = status in (Status.PASSED, Status.FAILED) or (
            last == Status.COMMITTEE_REVIEW and status != Status.PASSED and self.rng.random() < 0.5
        )
        if last == Status.COMMITTEE_REVIEW and accept:
            # A closed batch's committee meets after the deadline.
            when = max(when, batch["closes_at"]) + self._gap(24, 240, 1) if closed else when + self._gap(2, 36, scale)
            steps.append((Action.ACCEPT, when))
        if status in (Status.PASSED, Status.FAILED):
            steps.append((Action.VOTE, when + self._gap(240, 720, 1)))
        elif status in (Status.RETURNED, Status.REJECTED):
            if last == Status.UNIT_PUBLICITY:
                ends = self._local(self.publicity_end(timezone.localdate(when)), 17)
                when = when + (ends - when) * self.rng.uniform(0.1, 0.9)
            else:
                when = when + self._gap(2, 48, scale)
            steps.append((Action.RETURN if status == Status.RETURNED else Action.REJECT, when))
        return steps

    # Writing what the history implies.
    def write(self, app: dict, history: dict, data: dict | None, actors: dict) -> dict:
        """Events, submission, publicity, objection and vote; returns the application's workflow fields."""
        rng, status = self.rng, app["status"]
        fields = {"submitted_at": None, "accepted_at": None, "return_sections": [], "correction_deadline": None}
        if not history["steps"]:
            return fields
        states = history["states"]
        current = Status.DRAFT
        position = -1  # index in `states` of where the application is
        publicity = None
        for action, when in history["steps"]:
            comment, ip = "", None
            if action == Action.SUBMIT:
                to, role, actor = Status.UNIT_REVIEW, APPLICANT, app["applicant_id"]
                fields["submitted_at"] = when
                ip = f"113.204.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                position = 0
                self.submissions.add((self.submissions.new_id(), app["id"], 1, when, data))
            elif action in (Action.ACCEPT, Action.VOTE):
                role, actor = Role.COMMITTEE, actors["committee"]
                if action == Action.ACCEPT:
                    to, comment = current, self.texts["accepted"]
                    fields["accepted_at"] = when
                else:
                    to = status
                    comment = self._vote(app, status, actor, when)
            elif action in (Action.RETURN, Action.REJECT):
                to, role = status, OWNER[current]
                actor = actors[role]
                if action == Action.RETURN:
                    comment, sections = rng.choice(words.RETURN_REASONS)
                    fields["return_sections"] = sections
                    fields["accepted_at"] = None
                    if app["batch"]["closed"]:
                        fields["correction_deadline"] = app["batch"]["closes_at"] + 15 * DAY
                else:
                    comment = rng.choice(words.REJECT_REASONS)
                if publicity is not None and current == Status.UNIT_PUBLICITY:
                    publicity[5] = True  # the notice comes down with the return or rejection
            else:
                position += 1
                to = states[position]
                role = STEP[current, to][1]
                actor = actors.get(role)
                if action == Action.APPROVE and current == Status.UNIT_REVIEW:
                    starts_on = timezone.localdate(when)
                    ends_on = self.publicity_end(starts_on)
                    publicity = [self.publicities.new_id(), app["id"], app["unit_id"], starts_on, ends_on, False,
                                 actor, when]  # fmt: skip
                    period = self.texts["period"] % {
                        "start": starts_on.isoformat(),
                        "end": ends_on.isoformat(),
                    }
                    comment = "；".join(filter(None, [rng.choice(words.APPROVE_COMMENTS), period]))
                elif action == Action.CLOSE_PUBLICITY:
                    comment = self.texts["ended"]
                else:
                    comment = rng.choice(words.APPROVE_COMMENTS)
                if role != SYSTEM:
                    ip = f"222.178.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            self.events.add((self.events.new_id(), app["id"], actor, role, action, current, to, comment, when, ip))
            current = to
        if publicity is not None:
            self.publicities.add(tuple(publicity))
            fields["publicity_id"] = publicity[0]
            fields["objection"] = rng.random() < 0.02
            if fields["objection"]:
                self._objection(publicity, status, actors["unit"])
        return fields

    def _vote(self, app, status, actor, when) -> str:
        rng = self.rng
        present = rng.randrange(15, 26)
        needed = -(-present * 2 // 3)  # at least two thirds, rounded up
        votes = rng.randrange(needed, present + 1) if status == Status.PASSED else rng.randrange(0, needed)
        assert vote_passes(present, votes) == (status == Status.PASSED)
        self.votes.add((self.votes.new_id(), app["id"], present, votes, status == Status.PASSED, actor, when))
        return self.texts["vote"] % {"present": present, "for": votes}

    def _objection(self, publicity, status, unit_actor) -> None:
        rng = self.rng
        starts_on, ends_on = publicity[3], publicity[4]
        filed = self._local(starts_on, rng.uniform(9, 17)) + DAY * rng.randrange(0, max((ends_on - starts_on).days, 1))
        filed = min(filed, self.now - HOUR)
        settled = status != Status.UNIT_PUBLICITY and not publicity[5]
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        row = (self.objections.new_id(), publicity[0], rng.choice(("", "群众")), phone, rng.choice(words.OBJECTIONS),
               Objection.Status.SETTLED if settled else Objection.Status.OPEN, filed, None,
               rng.choice(words.SETTLEMENTS) if settled else "", unit_actor if settled else None,
               filed + self._gap(2, 48, 1) if settled else None)  # fmt: skip
        self.objections.add(row)
