from django.db import migrations, models

from accounts.identity import unit_name_key


def fill_name_keys(apps, schema_editor):
    """Give every unit its key. Look-alikes that already exist keep working: the first one (lowest id)
    gets the plain key, later ones a key suffixed with their id, so the constraint holds; they stay
    listed for an administrator to merge, and cannot be saved again under that name."""
    Unit = apps.get_model("accounts", "Unit")
    seen = set()
    for unit in Unit.objects.order_by("pk").only("pk", "name"):
        key = unit_name_key(unit.name)
        if key in seen:
            key = f"{key}#{unit.pk}"
        seen.add(key)
        Unit.objects.filter(pk=unit.pk).update(name_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_held_post_reset_match'),
    ]

    operations = [
        migrations.AddField(
            model_name='unit',
            name='name_key',
            field=models.CharField(default='', editable=False, max_length=255, verbose_name='单位名称（比对用）'),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.UniqueConstraint(fields=('name_key',), name='accounts_unit_name_key_unique'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='kind',
            field=models.CharField(choices=[('login', '登录成功'), ('login_failed', '登录失败'), ('login_locked', '登录锁定'), ('logout', '退出登录'), ('registered', '用户注册'), ('password_reset', '重置密码'), ('reset_request', '人工找回申请'), ('sms_sent', '发送短信验证码'), ('admin_change', '后台管理操作'), ('personal_data_viewed', '查看完整个人信息')], max_length=24, verbose_name='事件'),
        ),
    ]
