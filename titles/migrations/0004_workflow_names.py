"""One spelling for the talent centre's state (centre_review) and the workflow's action names in
events (reviews.states.Action): the rows already written are renamed."""

from django.db import migrations, models

RENAMED_ACTIONS = {
    "unit_approve": "approve",
    "dept_approve": "approve",
    "center_approve": "approve",
    "publicity_end": "close_publicity",
    "unit_report": "report",
    "committee_accept": "accept",
    "committee_vote": "vote",
}


def forwards(apps, schema_editor):
    Application = apps.get_model("titles", "Application")
    ApplicationEvent = apps.get_model("titles", "ApplicationEvent")
    Application.objects.filter(status="center_review").update(status="centre_review")
    ApplicationEvent.objects.filter(from_status="center_review").update(from_status="centre_review")
    ApplicationEvent.objects.filter(to_status="center_review").update(to_status="centre_review")
    for old, new in RENAMED_ACTIONS.items():
        ApplicationEvent.objects.filter(action=old).update(action=new)


def backwards(apps, schema_editor):
    Application = apps.get_model("titles", "Application")
    ApplicationEvent = apps.get_model("titles", "ApplicationEvent")
    Application.objects.filter(status="centre_review").update(status="center_review")
    ApplicationEvent.objects.filter(from_status="centre_review").update(from_status="center_review")
    ApplicationEvent.objects.filter(to_status="centre_review").update(to_status="center_review")
    # The approvals' old names differed by stage: the stage they left tells them apart.
    events = ApplicationEvent.objects
    events.filter(action="approve", from_status="unit_review").update(action="unit_approve")
    events.filter(action="approve", from_status="dept_review").update(action="dept_approve")
    events.filter(action="approve", from_status="center_review").update(action="center_approve")
    for old, new in RENAMED_ACTIONS.items():
        if new != "approve":
            events.filter(action=new).update(action=old)


class Migration(migrations.Migration):

    dependencies = [
        ("titles", "0003_queue_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(choices=[('draft', '填写中'), ('unit_review', '待单位审核'), ('unit_publicity', '单位公示中'), ('unit_report', '待单位上报'), ('dept_review', '待主管部门审核'), ('centre_review', '待人才交流中心审核'), ('committee_review', '待评审委员会审核'), ('passed', '评审通过'), ('failed', '评审未通过'), ('returned', '退回修改'), ('rejected', '不予通过')], default="draft", max_length=20, verbose_name="状态"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="from_status",
            field=models.CharField(choices=[('draft', '填写中'), ('unit_review', '待单位审核'), ('unit_publicity', '单位公示中'), ('unit_report', '待单位上报'), ('dept_review', '待主管部门审核'), ('centre_review', '待人才交流中心审核'), ('committee_review', '待评审委员会审核'), ('passed', '评审通过'), ('failed', '评审未通过'), ('returned', '退回修改'), ('rejected', '不予通过')], max_length=20, verbose_name="原状态"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="to_status",
            field=models.CharField(choices=[('draft', '填写中'), ('unit_review', '待单位审核'), ('unit_publicity', '单位公示中'), ('unit_report', '待单位上报'), ('dept_review', '待主管部门审核'), ('centre_review', '待人才交流中心审核'), ('committee_review', '待评审委员会审核'), ('passed', '评审通过'), ('failed', '评审未通过'), ('returned', '退回修改'), ('rejected', '不予通过')], max_length=20, verbose_name="新状态"),
        ),
        migrations.AlterField(
            model_name="applicationevent",
            name="action",
            field=models.CharField(choices=[('submit', '提交'), ('withdraw', '撤回'), ('approve', '通过'), ('close_publicity', '公示期满'), ('report', '上报'), ('accept', '受理'), ('vote', '录入评审结果'), ('return', '退回修改'), ('reject', '不予通过')], max_length=32, verbose_name="操作"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
