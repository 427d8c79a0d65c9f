"""deploy/backup.sh and deploy/restore.sh: a dump restored into a fresh database, and the uploads put
back into an empty storage, give every application, file record, event and file again."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TABLES = ["titles_application", "titles_attachment", "titles_applicationevent", "titles_submission",
          "reviews_publicity", "reviews_objection", "accounts_user", "accounts_unit"]  # fmt: skip

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
    pytest.mark.skipif(not shutil.which("pg_dump") or not shutil.which("pg_restore"), reason="needs pg_dump"),
]


def url(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def counts(database_url: str) -> dict:
    with psycopg.connect(database_url) as db:
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}  # noqa: S608


def run(script: str, folder: Path, database_url: str, media: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "DEBUG": "1",
        "PYTHON": sys.executable,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the scripts run the app's own settings
    subprocess.run([str(ROOT / "deploy" / script), str(folder)], cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603


def test_a_backup_restores_into_a_fresh_database_with_every_record_and_file(world, tmp_path):
    source = url(connection.settings_dict["NAME"])
    before = counts(source)
    assert before["titles_attachment"] > 0 and before["titles_applicationevent"] > 0
    run("backup.sh", tmp_path / "backup", source, Path(settings.MEDIA_ROOT))

    fresh = f"zc_restore_{os.getpid()}"
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restored_media = tmp_path / "restored-uploads"
        run("restore.sh", tmp_path / "backup", url(fresh), restored_media)
        assert counts(url(fresh)) == before
        original = Path(settings.MEDIA_ROOT) / world["file"].file.name
        assert (restored_media / world["file"].file.name).read_bytes() == original.read_bytes()
    finally:
        with psycopg.connect(url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
