#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database (create it first), then put the
# uploads back into the configured storage:
#   createdb zhicheng_restored && DATABASE_URL=postgres://…/zhicheng_restored deploy/restore.sh /backups/…
set -euo pipefail
source="${1:?usage: deploy/restore.sh FOLDER}"
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$here/.venv/bin/python}"
pg_restore --no-owner --exit-on-error --dbname="${DATABASE_URL:?DATABASE_URL is not set}" "$source/database.dump"
"$python" "$here/manage.py" uploads import "$source/uploads"
"$python" "$here/manage.py" migrate --check >/dev/null && echo "restored; migrations up to date"
