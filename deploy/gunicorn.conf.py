"""gunicorn settings: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Sync workers serve one request at a time on one thread for their whole life, so each keeps
its database connection between requests (health-checked before reuse).
"""

import multiprocessing
import os

os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
