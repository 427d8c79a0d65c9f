from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.identity import id_check_char
from accounts.models import User
from reviews.demo import load_demo_application, load_demo_reviewers
from titles.demo_catalog import load_demo_catalog

DEMO_PASSWORD = "Demo2026pass"  # noqa: S105 (demo accounts only, printed on start)


def demo_id(first17: str) -> str:
    return first17 + id_check_char(first17)


DEMO_USERS = [
    # username, real name, phone, ID number (first 17 digits), staff?, what for
    ("admin", "系统管理员", "13900000001", "50010319800101001", True, "管理员：系统管理（/admin/）"),
    ("shenbao", "杨学东", "15012345655", "51000119821023001", False, "申报人：已实名认证的个人用户"),
]


class Command(BaseCommand):
    help = "Create or refresh the demo accounts and print them."

    @transaction.atomic
    def handle(self, *args, **options):
        catalog = load_demo_catalog()
        rows = []
        for username, name, phone, id17, staff, role in DEMO_USERS:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.real_name, user.phone, user.id_number = name, phone, demo_id(id17)
            user.verified_at = user.verified_at or timezone.now()
            user.is_staff = user.is_superuser = staff
            user.is_active = True
            user.set_password(DEMO_PASSWORD)
            user.save()
            rows.append((role, username, user.phone, user.id_number))
        for label, user in load_demo_reviewers(catalog, DEMO_PASSWORD):
            rows.append((label, user.username, user.phone, user.id_number))
        applicant, _application = load_demo_application(catalog, DEMO_PASSWORD)
        rows.append(("申报人：已提交一份待单位审核的申请书", applicant.username, applicant.phone, applicant.id_number))
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}；可用用户名、手机号或身份证号登录）：")
        for role, username, phone, id_number in rows:
            self.stdout.write(f"  用户名 {username:<9} 手机号 {phone}  身份证号 {id_number}  {role}")
        batch = catalog["open_batch"]
        self.stdout.write(f"开放申报：{batch}，截止 {timezone.localtime(batch.closes_at):%Y-%m-%d %H:%M}")
        self.stdout.write("短信验证码会打印在本窗口（SMS_BACKEND=console）。打开 http://127.0.0.1:8000/\n")
