"""单位注册 gets a status (待审核 / 已通过 / 未通过) in place of is_approved and a note, who decided and
when; the audit trail records the decision."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")
    Unit.objects.filter(is_approved=True).update(status="approved")
    Unit.objects.filter(is_approved=False).exclude(review_note="").update(status="refused")
    Unit.objects.filter(is_approved=False, review_note="").update(status="pending")


def backwards(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")
    Unit.objects.update(is_approved=False)
    Unit.objects.filter(status="approved").update(is_approved=True)


def keep_old_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE accounts_unit ALTER COLUMN is_approved SET DEFAULT true")
    else:  # a development database serves one version at a time
        Unit = apps.get_model("accounts", "Unit")
        schema_editor.remove_field(Unit, Unit._meta.get_field("is_approved"))


def drop_old_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE accounts_unit ALTER COLUMN is_approved DROP DEFAULT")
    else:
        Unit = apps.get_model("accounts", "Unit")
        schema_editor.add_field(Unit, Unit._meta.get_field("is_approved"))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_unit_name_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="status",
            field=models.CharField(
                choices=[("pending", "待审核"), ("approved", "已通过"), ("refused", "未通过")],
                db_default="approved",
                default="approved",
                max_length=16,
                verbose_name="审核状态",
            ),
        ),
        migrations.AddField(
            model_name="unit",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="审核时间"),
        ),
        migrations.AddField(
            model_name="unit",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="审核人",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        # Expand now, contract later: the old version, still serving while this runs, reads and writes
        # is_approved; the column stays (with a default, so this version's inserts work) and is dropped
        # by a migration of the next release.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="unit", name="is_approved")],
            database_operations=[migrations.RunPython(keep_old_column, drop_old_column)],
        ),
    ]
