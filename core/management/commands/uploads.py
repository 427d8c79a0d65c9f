"""Copies every stored upload the database refers to out of the file storage into a folder, or back.

`manage.py uploads export DIR` after `pg_dump`, `manage.py uploads import DIR` after `pg_restore`
(deploy/backup.sh and deploy/restore.sh run both). It works the same whether uploads are on local
disk or on S3-compatible storage (the configured default storage), and only copies the files the
database knows, so a backup of the two is consistent.
"""

from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models


def stored_names() -> set[str]:
    """The name of every file a FileField of the project's models refers to."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names.update(
                    model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True).iterator()
                )
    return names


class Command(BaseCommand):
    help = "Export the stored uploads the database refers to into a folder, or import them back."

    def add_arguments(self, parser):
        parser.add_argument("direction", choices=["export", "import"])
        parser.add_argument("folder", type=Path)

    def handle(self, *args, direction, folder, **options):
        names = sorted(stored_names())
        missing = 0
        for name in names:
            outside = folder / name
            if ".." in Path(name).parts or Path(name).is_absolute():
                raise CommandError(f"unexpected file name in the database: {name!r}")
            if direction == "export":
                if not default_storage.exists(name):
                    missing += 1
                    continue
                outside.parent.mkdir(parents=True, exist_ok=True)
                with default_storage.open(name, "rb") as source, open(outside, "wb") as target:
                    for chunk in iter(lambda: source.read(1 << 20), b""):
                        target.write(chunk)
            else:
                if not outside.exists():
                    missing += 1
                    continue
                if default_storage.exists(name):
                    default_storage.delete(name)
                with open(outside, "rb") as source:
                    saved = default_storage.save(name, File(source))
                if saved != name:
                    raise CommandError(f"the storage renamed {name!r} to {saved!r}")
        verb = "导出" if direction == "export" else "导入"
        self.stdout.write(f"{verb} {len(names) - missing} 个文件；缺少 {missing} 个")
        if missing:
            raise CommandError(f"{missing} 个文件在{'存储' if direction == 'export' else '备份目录'}中找不到")
