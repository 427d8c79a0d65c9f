"""Test settings: the real settings with a fast hasher, captured SMS and private upload folder."""

import os
import tempfile

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SMS_BACKEND = "accounts.sms.LocmemBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="zc-test-uploads-")
CAPTCHA_TEST_MODE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A file-backed SQLite test database lets the browser tests' live server use its own
# connections instead of sharing the test thread's in-memory one.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.mkdtemp(prefix="zc-test-db-"), "test.sqlite3")}  # noqa: F405
