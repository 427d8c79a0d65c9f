#!/usr/bin/env bash
# Backup: the database (pg_dump, custom format) and every upload it refers to, into one folder.
#   deploy/backup.sh /backups/zhicheng-$(date +%Y%m%d-%H%M)
# Run with the app's environment (DATABASE_URL, and S3_* when uploads are on object storage).
# The dump is consistent in itself; uploads are only ever added (never changed in place), so
# copying them after the dump finds every file the dump refers to.
set -euo pipefail
target="${1:?usage: deploy/backup.sh FOLDER}"
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$here/.venv/bin/python}"
mkdir -p "$target"
pg_dump --format=custom --no-owner --file="$target/database.dump" "${DATABASE_URL:?DATABASE_URL is not set}"
"$python" "$here/manage.py" uploads export "$target/uploads"
echo "backup in $target"
