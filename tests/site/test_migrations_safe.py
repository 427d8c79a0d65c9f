"""Migrations run while the old version still serves (docs/deploy.md, Upgrades): a new migration must
not lock or rewrite a big table for long, nor take away what the old code still reads.

Refused in a new migration: a plain AddIndex / RemoveIndex / AddConstraint on a big table (use
AddIndexConcurrently in a non-atomic migration); an AlterField on a big table that changes anything
the database sees (a type change rewrites the table); an AddField on a big table that the old code's
inserts would fail on (NOT NULL without db_default); removing or renaming a column or a table
anywhere outside SeparateDatabaseAndState (expand now, contract one release later).
"""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations
from django.db.migrations.loader import MigrationLoader
from django.db.models import NOT_PROVIDED

OURS = {"accounts", "titles", "reviews", "core"}
# The tables that grow with the province (hundreds of thousands to millions of rows).
BIG = {
    ("titles", name)
    for name in (
        "application", "attachment", "applicationevent", "submission", "basicinfo", "educationrow",
        "currenttitlerow", "adminpostrow", "academicpostrow", "socialpostrow", "trainingrow", "workhistoryrow",
        "achievementrow", "researchrow", "bookrow", "paperrow", "reportrow", "examrow", "patentrow", "awardrow",
        "continuingeducationrow", "otherrow",
    )
} | {("accounts", "user"), ("accounts", "auditevent"), ("accounts", "smscode"), ("reviews", "publicity")}  # fmt: skip
# Written before this check, each read for the above by hand (the early ones ran on empty tables).
REVIEWED = {
    ("accounts", "0001_initial"), ("accounts", "0002_department_talentcentre_unit"), ("accounts", "0003_throttle_keys"),
    ("accounts", "0004_unit_registration"), ("accounts", "0005_admin_audit"),
    ("accounts", "0006_held_post_reset_match"), ("accounts", "0007_unit_name_key"),
    ("reviews", "0001_initial"), ("reviews", "0002_publicity_ended_early"),
    ("titles", "0001_initial"), ("titles", "0002_review_fields"), ("titles", "0003_queue_indexes"),
}  # fmt: skip
# What of a field the database never sees.
NOT_IN_DATABASE = {
    "choices",
    "verbose_name",
    "help_text",
    "validators",
    "blank",
    "editable",
    "default",
    "error_messages",
}


def _database_view(field) -> dict:
    _name, path, args, kwargs = field.deconstruct()
    return {"path": path, "args": args, **{k: v for k, v in kwargs.items() if k not in NOT_IN_DATABASE}}


def problems(app: str, operations, state) -> list[str]:
    """What in `operations` (applied to `state`) would hurt a database the old version still serves."""
    found = []
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            found += problems(app, operation.database_operations, state)
            continue
        model = getattr(operation, "model_name", getattr(operation, "name", "")).lower()
        big = (app, model) in BIG
        what = f"{type(operation).__name__} {app}.{model}"
        if isinstance(operation, (AddIndexConcurrently, RemoveIndexConcurrently)):
            continue
        if big and isinstance(operation, (migrations.AddIndex, migrations.RemoveIndex, migrations.AddConstraint)):
            found.append(f"{what}: locks writes while the index is built; use AddIndexConcurrently")
        elif big and isinstance(operation, migrations.AlterField):
            old = state.models[app, model].fields[operation.name]
            if _database_view(old) != _database_view(operation.field):
                found.append(f"{what}.{operation.name}: changes the column (may rewrite the table)")
        elif big and isinstance(operation, migrations.AddField):
            field = operation.field
            if not field.null and field.db_default is NOT_PROVIDED and not field.many_to_many:
                found.append(f"{what}.{operation.name}: NOT NULL without db_default: the old code's inserts fail")
        elif isinstance(
            operation,
            (migrations.RemoveField, migrations.RenameField, migrations.DeleteModel, migrations.RenameModel,
             migrations.AlterModelTable),
        ):  # fmt: skip
            found.append(f"{what}: the old code still reads it; remove it one release after the code stops")
    return found


def test_new_migrations_are_safe_while_the_old_version_serves():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = []
    for key, migration in sorted(loader.disk_migrations.items()):
        if key[0] not in OURS or key in REVIEWED:
            continue
        state = loader.project_state(key, at_end=False)
        found += [f"{key[0]}.{key[1]}: {problem}" for problem in problems(key[0], migration.operations, state)]
    assert not found, "\n".join(found)


def test_the_check_refuses_what_it_should():
    from django.db import models

    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    index = models.Index(fields=["applicant_name"], name="titles_app_name_idx")
    assert problems("titles", [migrations.AddIndex("application", index)], state)
    assert not problems("titles", [AddIndexConcurrently("application", index)], state)
    retyped = models.TextField(verbose_name="申请人")
    assert problems("titles", [migrations.AlterField("application", "applicant_name", retyped)], state)
    relabelled = state.models["titles", "application"].fields["applicant_name"].clone()
    relabelled.verbose_name = "申报人"
    assert not problems("titles", [migrations.AlterField("application", "applicant_name", relabelled)], state)
    assert problems("titles", [migrations.AddField("application", "x", models.IntegerField(default=0))], state)
    assert not problems("titles", [migrations.AddField("application", "x", models.IntegerField(db_default=0))], state)
    assert problems("accounts", [migrations.RemoveField("unit", "review_note")], state)
