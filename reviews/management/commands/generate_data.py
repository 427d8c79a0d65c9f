"""Generate a province's worth of data for load tests: units, applicants, applications in every state.

    manage.py generate_data --applications 200000 --seed 1

Everything hangs off the demo catalog (loaded first). Rows are written with PostgreSQL COPY on
PostgreSQL and bulk_create elsewhere (small sizes). Known accounts and ids for the benchmarks are
written to --known-file. Generated accounts are named bench_*; run it on a database of its own.
"""

import datetime
import json
import random
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Department, TalentCentre, User
from core.errors import ApplicationError
from reviews import workflow
from reviews.datagen import Weighted, words
from reviews.datagen.content import Content, previous_level, store_files
from reviews.datagen.people import UNIT_KINDS, People, joined_before, make_units
from reviews.datagen.reset import reset
from reviews.datagen.tables import Tables
from reviews.datagen.workflow import Workflow
from reviews.models import ReviewerRole
from reviews.states import Action, Role, Status
from titles.demo_catalog import load_demo_catalog
from titles.models import Application, Level, Submission
from titles.rendering import find_gaps, render_application
from titles.sections import ROW_SECTIONS

# Share of applications per committee's batch (last year's closed batch: "closed").
BATCH_WEIGHTS = {
    "closed": 20, "重庆市经济专业高级职务评审委员会": 25, "重庆市经济专业中级职务评审委员会": 15,
    "重庆市工程技术高级职务评审委员会": 12, "重庆市工程技术中级职务评审委员会": 12,
}  # fmt: skip
LEVEL_WEIGHTS = {Level.VICE_SENIOR: 4, Level.SENIOR: 1, Level.INTERMEDIATE: 1}
CENTRE_WEIGHTS = [6, 2, 2]
APPLICATION_TYPES = Weighted({"normal": 90, "exceptional": 5, "transfer": 5})
TO_DO_UNIT = {Status.UNIT_REVIEW, Status.UNIT_PUBLICITY, Status.UNIT_REPORT}
APPLICATION_KEYS = ("id", "applicant_id", "batch_id", "title_id", "status", "applicant_name", "unit_id",
                    "archive_centre_id", "pledged_at", "accepted_at", "return_sections", "correction_deadline",
                    "created_at", "updated_at", "submitted_at")  # fmt: skip


class Command(BaseCommand):
    help = "Generate units, applicants and applications in every workflow state, for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=10000)
        parser.add_argument("--applicants", type=int, help="default: as many as applications")
        parser.add_argument("--units", type=int, default=2000)
        parser.add_argument("--rows-per-application", type=int, default=10)
        parser.add_argument("--big-unit-applications", type=int, default=2000)
        parser.add_argument("--approve-pool", type=int, default=1000, help="of the big unit's, in 待单位审核")
        parser.add_argument("--draft-pool", type=int, default=200)
        parser.add_argument("--submit-pool", type=int, default=500)
        parser.add_argument("--big-rows", type=int, default=200, help="rows of bench_big's application")
        parser.add_argument("--password", default="Bench2026pass")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--chunk", type=int, default=5000, help="applications per transaction")
        parser.add_argument("--known-file", default="var/bench-known.json")
        parser.add_argument("--reset", action="store_true", help="delete earlier generated data first")

    def handle(self, *args, **options):
        started = time.monotonic()
        self.options = options
        total = options["applications"]
        applicants = total if options["applicants"] is None else options["applicants"]
        if total < 0 or applicants < min(total, 1) or options["units"] < 2:
            raise CommandError("需要 --applications ≥ 0，--applicants ≥ 1，--units ≥ 2")
        self._start_clean(options["reset"])
        people = self._organisations(options)
        plan, approve_pool = self._plan(total, applicants)
        persons = self._applicants(people, applicants, plan)
        self.log(f"{applicants} 个申报人")
        self._write_applications(plan, approve_pool, persons, started)
        pools = self._pools(people)
        tables = self.tables
        tables.flush()
        tables.wait()
        self.log(f"已写入数据库（{time.monotonic() - started:.0f} 秒）；校验外键、更新统计信息…")
        tables.finish()
        self.log(f"已整理（{time.monotonic() - started:.0f} 秒）；用服务试提交、核对提交内容…")
        self._check(pools)
        self._write_known(pools)
        self._summary(started)

    def _start_clean(self, reset_first: bool) -> None:
        if User.objects.filter(username__startswith="bench_").exists():
            if not reset_first:
                raise CommandError(
                    "数据库中已有生成的数据（bench_* 账号）。加 --reset 删除后重新生成，或换一个新数据库。"
                )
            self.log("删除之前生成的数据…")
            reset()

    def _organisations(self, options) -> "People":
        """The catalog, units, reviewers and the tables the applications are written to; returns People."""
        self.rng = rng = random.Random(options["seed"])
        self.now = timezone.now()
        self.catalog = load_demo_catalog(self.now)
        self.tables = tables = Tables()
        people = People(rng, tables, make_password(options["password"]))
        departments = {d.name: d.pk for d in Department.objects.all()}
        units = make_units(rng, tables, options["units"], departments)
        self.roles = tables.declare(
            ReviewerRole,
            ("id", "user_id", "role", "unit_id", "department_id", "centre_id", "committee_id", "created_at"),
        )
        self.applications = tables.declare(Application, APPLICATION_KEYS)
        self.content = Content(rng, tables, store_files(), self._titles_by_specialty())
        self.workflow = Workflow(rng, tables, self.now)
        self.personnel_types = {kind: Weighted(spec[2]) for kind, spec in UNIT_KINDS.items()}
        self.batches = self._batches()
        self.centres = list(TalentCentre.objects.order_by("pk").values_list("pk", "name"))
        self.units, self.big_unit = units, units[0]
        self.reviewers = self._reviewers(people, units, departments)
        tables.flush()
        self.log(f"{len(units)} 个单位，{len(self.roles_made)} 个审核人")
        return people

    def _write_applications(self, plan, approve_pool, persons, started) -> None:
        total, applicants = len(plan), len(persons)
        self.known = {"approve_pool": [], "publicity_id": None, "queue_names": []}
        chunk = max(self.options["chunk"], 1)
        for start in range(0, total, chunk):
            for i in range(start, min(total, start + chunk)):
                batch, title, unit, status, stage, centre = plan[i]
                app_id = self._application(persons[i % applicants], batch, title, unit, status, stage, centre)
                if i in approve_pool:
                    self.known["approve_pool"].append(app_id)
            self.tables.flush()
            self.log(f"{min(total, start + chunk)} / {total} 份申请书（{time.monotonic() - started:.0f} 秒）")

    def log(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    # The catalog, as plain data.
    def _titles_by_specialty(self) -> dict:
        by_specialty: dict = {}
        for title in self.catalog["titles"].values():
            by_specialty.setdefault(title.specialty_id, {})[title.level] = title.name
        return by_specialty

    def _batches(self) -> list[dict]:
        titles_by_specialty = self.content.titles_by_specialty
        result = []
        closed = self.catalog["closed_batch"]
        for batch in [*self.catalog["open_batches"], closed]:
            committee = batch.committee
            closes_at = batch.closes_at.astimezone(datetime.UTC).isoformat()  # as read back from the database
            titles = []
            for title in committee.titles.select_related("specialty__series").order_by("pk"):
                previous = previous_level(title.level)
                titles.append({
                    "id": title.pk, "name": title.name, "level": title.level, "specialty": title.specialty.name,
                    "series": title.specialty.series.name, "previous_level": previous,
                    "previous_title": titles_by_specialty[title.specialty_id][previous],
                    "weight": LEVEL_WEIGHTS.get(title.level, 1),
                    "choice": {
                        "series": title.specialty.series.name, "specialty": title.specialty.name, "title": title.name,
                        "committee": committee.name, "closes_at": closes_at,
                    },
                })  # fmt: skip
            is_closed = batch == closed
            result.append({
                "id": batch.pk, "committee_id": committee.pk, "opens_at": batch.opens_at, "closes_at": batch.closes_at,
                "closed": is_closed, "titles": titles,
                "title_choice": Weighted({i: t["weight"] for i, t in enumerate(titles)}),
                "weight": BATCH_WEIGHTS["closed"] if is_closed else BATCH_WEIGHTS.get(committee.name, 6),
                "deadline_year": timezone.localtime(batch.closes_at).year,
            })  # fmt: skip
        return result

    # Reviewers: one per unit, department, talent centre and committee; the known four among them.
    def _reviewers(self, people, units, departments) -> dict:
        rng, now = self.rng, self.now
        reviewers: dict = {"unit": {}, "department": {}, "centre": {}, "committee": {}}
        self.roles_made = []
        big_department = self.big_unit["department_id"]
        open_committee = self.catalog["open_batch"].committee_id

        def add(kind, scope_id, username, role):
            person = people.new(username, born_years=(1968, 1990), joined=joined_before(rng, now, 700))
            role_id = self.roles.new_id()
            scope = {"unit": None, "department": None, "centre": None, "committee": None}
            scope[kind] = scope_id
            self.roles.add((role_id, person["id"], role, scope["unit"], scope["department"], scope["centre"],
                            scope["committee"], now - datetime.timedelta(days=300)))  # fmt: skip
            reviewers[kind][scope_id] = person["id"]
            self.roles_made.append((username, role_id))

        for number, unit in enumerate(units):
            add("unit", unit["id"], "bench_unit" if number == 0 else f"bench_ru{number:05d}", Role.UNIT)
        for number, pk in enumerate(sorted(departments.values())):
            add("department", pk, "bench_dept" if pk == big_department else f"bench_rd{number:03d}", Role.DEPARTMENT)
        for number, (pk, _name) in enumerate(TalentCentre.objects.order_by("pk").values_list("pk", "name")):
            add("centre", pk, "bench_centre" if number == 0 else f"bench_rc{number:02d}", Role.CENTRE)
        for number, committee in enumerate(self.catalog["committees"]):
            name = "bench_committee" if committee.pk == open_committee else f"bench_rm{number:02d}"
            add("committee", committee.pk, name, Role.COMMITTEE)
        return reviewers

    # What each application will be: batch, title, unit, state.
    def _plan(self, total: int, applicants: int) -> tuple[list[tuple], set[int]]:
        rng, batches = self.rng, self.batches
        if total > applicants * len(batches):
            raise CommandError(f"{applicants} 个申报人每批次只能各有一份申请书，最多 {applicants * len(batches)} 份")
        weights = [b["weight"] for b in batches]
        batch_of = []
        for i in range(total):
            if i < applicants:
                batch_of.append(rng.choices(range(len(batches)), weights)[0])
            else:  # the same person again: a different batch each round
                batch_of.append((batch_of[i % applicants] + i // applicants) % len(batches))
        # The big unit: its share, with the approve pool in 待单位审核 of open batches.
        big = min(self.options["big_unit_applications"], total)
        open_indices = [i for i in range(total) if not batches[batch_of[i]]["closed"]]
        pool = set(rng.sample(open_indices, min(self.options["approve_pool"], big, len(open_indices))))
        others = [i for i in range(total) if i not in pool]
        big_set = pool | set(rng.sample(others, min(big - len(pool), len(others))))
        statuses = []
        for i in range(total):
            if i in pool:
                statuses.append((Status.UNIT_REVIEW, None))
            else:
                statuses.append(self.workflow.pick(batches[batch_of[i]]["closed"]))
        self._cover_every_state(statuses, batch_of, pool)
        # Units other than the big one: a Zipf-like spread (a few large employers, a long tail of small ones).
        rest = self.units[1:]
        cumulative, running = [], 0.0
        for rank in range(len(rest)):
            running += 1 / (rank + 50)
            cumulative.append(running)
        plan = []
        for i in range(total):
            batch = batches[batch_of[i]]
            title = batch["titles"][batch["title_choice"].draw(rng)]
            unit = self.big_unit if i in big_set else rng.choices(rest, cum_weights=cumulative)[0]
            status, stage = statuses[i]
            centre = self._centre(Status.CENTRE_REVIEW in (status, stage))
            plan.append((batch, title, unit, status, stage, centre))
        return plan, pool

    def _cover_every_state(self, statuses, batch_of, pool) -> None:
        """Small runs: make sure every state appears at least once (taken from the most common one)."""
        closed_states = {Status.PASSED, Status.FAILED}
        present = Counter(status for status, _stage in statuses)
        for status in Status:
            if present[status]:
                continue
            closed = status in closed_states
            candidates = [
                i for i, (s, _stage) in enumerate(statuses)
                if i not in pool and self.batches[batch_of[i]]["closed"] == closed and present[s] > 1
            ]  # fmt: skip
            if not candidates:
                continue
            i = max(candidates, key=lambda index: present[statuses[index][0]])
            present[statuses[i][0]] -= 1
            stage = Status.UNIT_REVIEW if status in (Status.RETURNED, Status.REJECTED) else None
            statuses[i] = (status, stage)
            present[status] += 1

    def _centre(self, needed: bool) -> tuple | None:
        if needed or self.rng.random() < 0.3:
            return self.rng.choices(self.centres, CENTRE_WEIGHTS[: len(self.centres)])[0]
        return None

    def _applicants(self, people, count: int, plan) -> list[dict]:
        rng, persons = self.rng, []
        earliest = min(b["opens_at"] for b in self.batches)
        for j in range(count):
            if j < len(plan):
                batch, title = plan[j][0], plan[j][1]
                senior = title["level"] in (Level.VICE_SENIOR, Level.SENIOR)
                born = (1966, 1990) if senior else (1978, 1997)
                joined = joined_before(rng, earliest if j + count < len(plan) else batch["opens_at"], 300)
            else:
                born, joined = (1970, 1998), joined_before(rng, self.now, 400)
            persons.append(people.new(f"bench_p{j + 1:07d}", born_years=born, joined=joined))
            if len(persons) % 50000 == 0:
                self.tables.flush()
        self.tables.flush()
        return persons

    # One application with everything its state implies.
    def _application(self, person, batch, title, unit, status, stage, centre, rows=None) -> int:
        rng = self.rng
        app_id = self.applications.new_id()
        kind = self.personnel_types[unit["kind"]]
        born = person["birth"]
        app = {
            "id": app_id, "batch": batch, "status": status, "stage": stage, "person": person,
            "applicant_id": person["id"], "unit_id": unit["id"], "unit_name": unit["name"],
            "centre_id": centre[0] if centre else None, "centre_name": centre[1] if centre else "",
            "choice": title["choice"], "series": title["series"], "specialty": title["specialty"],
            "previous_level": title["previous_level"], "previous_title": title["previous_title"],
            "deadline_year": batch["deadline_year"],
            "application_type": APPLICATION_TYPES.draw(rng),
            "direction": rng.choice(words.DIRECTIONS.get(title["series"], ["综合"])),
            "personnel_type": kind.draw(rng),
            "work_started_on": datetime.date(born.year + 22 + rng.choice((0, 0, 0, 1, 3)), 7, 1),
        }  # fmt: skip
        history = self.workflow.history(app)
        created = history["created"]
        app["created_at"] = created
        app["today"] = timezone.localdate(created)
        closes = timezone.localdate(batch["closes_at"])
        app["eligible_since"] = closes.replace(year=closes.year - 6, day=min(closes.day, 28))
        if rows is None:
            count = self.options["rows_per_application"]
            count = count + rng.randint(-2, 2) if count >= 7 else count
            rows = self.content.plan(count)
        data = self.content.write(app, rows, freeze=bool(history["steps"]))
        actors = {
            "unit": self.reviewers["unit"][unit["id"]],
            "department": self.reviewers["department"][unit["department_id"]],
            "centre": self.reviewers["centre"].get(app["centre_id"]),
            "committee": self.reviewers["committee"][batch["committee_id"]],
        }
        fields = self.workflow.write(app, history, data, actors)
        self.applications.add((
            app_id, person["id"], batch["id"], title["id"], status, person["name"], unit["id"], app["centre_id"],
            created, fields["accepted_at"], fields["return_sections"], fields["correction_deadline"], created,
            history["updated"], fields["submitted_at"],
        ))  # fmt: skip
        if unit is self.big_unit and status in TO_DO_UNIT:
            self.known["queue_names"].append(person["name"])
        running = status == Status.UNIT_PUBLICITY and fields.get("publicity_id") and not fields.get("objection")
        if running and (self.known["publicity_id"] is None or unit is self.big_unit):
            self.known["publicity_id"] = fields["publicity_id"]
        return app_id

    def _pools(self, people) -> dict:
        """bench_big (a 200-row draft), bench_a… (drafts to edit) and bench_s… (complete drafts to submit)."""
        rng, options = self.rng, self.options
        batch = next(b for b in self.batches if b["id"] == self.catalog["open_batch"].pk)
        title = next(t for t in batch["titles"] if t["id"] == self.catalog["economics_senior_title"].pk)
        small = self.units[1:]

        def one(username, rows=None) -> tuple[str, int]:
            person = people.new(username, born_years=(1972, 1988), joined=joined_before(rng, batch["opens_at"], 300))
            unit = rng.choice(small)
            return username, self._application(person, batch, title, unit, Status.DRAFT, None, None, rows=rows)

        keys = sorted(
            (ROW_SECTIONS[n % len(ROW_SECTIONS)].key for n in range(options["big_rows"])),
            key=[s.key for s in ROW_SECTIONS].index,
        )
        pools = {"big": one("bench_big", keys)[1]}
        pools["draft"] = [one(f"bench_a{n:05d}") for n in range(1, options["draft_pool"] + 1)]
        pools["submit"] = [one(f"bench_s{n:05d}") for n in range(1, options["submit_pool"] + 1)]
        return pools

    # Checks that what was generated works through the real services and renders as they would.
    def _check(self, pools) -> None:
        big = Application.objects.select_related("batch__committee", "title__specialty__series").get(pk=pools["big"])
        data = render_application(big)
        rows = sum(len(section["rows"]) for section in data["sections"])
        if find_gaps(data) or rows != self.options["big_rows"]:
            raise CommandError(f"bench_big 的申请书不完整：{rows} 条记录，缺 {find_gaps(data)}")
        if pools["submit"]:
            username, app_id = pools["submit"][0]
            application = Application.objects.get(pk=app_id)
            with transaction.atomic():
                try:
                    workflow.fire(Action.SUBMIT, application, User.objects.get(username=username))
                except ApplicationError as error:
                    raise CommandError(f"{username} 的申请书不能提交：{error.message} {error.gaps}") from None
                transaction.set_rollback(True)  # only a trial: the pool stays ready to submit
        submission = Submission.objects.select_related("application").order_by("pk").first()
        if submission is not None:
            fresh = render_application(
                Application.objects.select_related("batch__committee", "title__specialty__series").get(
                    pk=submission.application_id
                )
            )
            if json.loads(json.dumps(fresh)) != submission.data:
                self.stderr.write(
                    "注意：生成的提交内容与 titles.rendering 的格式不一致，请更新 reviews/datagen/content.py"
                )

    def _write_known(self, pools) -> None:
        roles = dict(self.roles_made)
        names = self.known["queue_names"]
        surname = Counter(name[0] for name in names).most_common(1)[0][0] if names else ""
        known = {
            "password": self.options["password"],
            "usernames": {"unit": "bench_unit", "department": "bench_dept", "centre": "bench_centre",
                          "committee": "bench_committee", "big": "bench_big"},
            "role_ids": {"unit": roles["bench_unit"], "department": roles["bench_dept"],
                         "centre": roles["bench_centre"], "committee": roles["bench_committee"]},
            "big_application_id": pools["big"],
            "big_application_rows": self.options["big_rows"],
            "draft_pool": [list(pair) for pair in pools["draft"]],
            "submit_pool": [list(pair) for pair in pools["submit"]],
            "approve_pool": self.known["approve_pool"],
            "publicity_id": self.known["publicity_id"],
            "name_filter": surname,
            "name_filter_matches": sum(surname in name for name in names) if surname else 0,
            "big_unit": {"id": self.big_unit["id"], "name": self.big_unit["name"]},
            "open_batch_id": self.catalog["open_batch"].pk,
            "generated_at": self.now.isoformat(),
        }  # fmt: skip
        path = Path(self.options["known_file"])
        if not path.is_absolute():
            path = Path(settings.BASE_DIR) / path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known, ensure_ascii=False, indent=1), encoding="utf-8")
        self.known_path = path

    def _summary(self, started) -> None:
        counts = dict(Application.objects.values_list("status").annotate(n=Count("pk")).order_by())
        written = {table.model._meta.label: table.written for table in self.tables.tables.values()}
        rows = sum(written[s.model._meta.label] for s in ROW_SECTIONS)
        self.log("申请书：" + "，".join(f"{Status(s).label} {counts.get(s, 0)}" for s in Status))
        self.log(
            f"写入：账号 {written['accounts.User']}，单位 {written['accounts.Unit']}，"
            f"申请书 {written['titles.Application']}，栏目记录 {rows}，附件 {written['titles.Attachment']}，"
            f"提交 {written['titles.Submission']}，办理记录 {written['titles.ApplicationEvent']}，"
            f"公示 {written['reviews.Publicity']}，异议 {written['reviews.Objection']}，"
            f"表决 {written['reviews.CommitteeVote']}"
        )
        self.log(f"已写入 {self.known_path}；用时 {time.monotonic() - started:.1f} 秒")
