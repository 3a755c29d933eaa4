"""Fast test overrides on top of the env-driven settings."""

import os
import tempfile

os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="tearspace-test-"))
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789")
os.environ.setdefault("REDIS_PREFIX", f"tearspace-test-{os.getpid()}")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "test-encryption-key-0123456789abcdef")

# pytest-xdist workers start with the environment of the process that spawned them, which has
# already made DATA_DIR and REDIS_PREFIX above: give each worker media files and Redis keys of
# its own, or one worker's clean-up would delete another's files, cache keys and channel groups.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and not os.environ["REDIS_PREFIX"].endswith(f"-{_worker}"):
    os.environ["DATA_DIR"] = os.path.join(os.environ["DATA_DIR"], _worker)
    os.environ["REDIS_PREFIX"] += f"-{_worker}"

from config.settings import *  # noqa: E402, F403 - after the environment is ready

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
AXES_FAILURE_LIMIT = 5
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
