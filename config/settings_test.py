"""Fast test overrides on top of the env-driven settings."""

import os
import tempfile

os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="tearspace-test-"))
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789")
os.environ.setdefault("REDIS_PREFIX", f"tearspace-test-{os.getpid()}")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "test-encryption-key-0123456789abcdef")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
AXES_FAILURE_LIMIT = 5
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
