"""Settings for the test suite: production settings, made fast and local."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "t" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", os.environ.get("TEST_DATABASE_URL", ""))
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SAMVERKAN_TESTING", "1")
# Never the developer's own audit checkpoints (var/audit-checkpoints): an empty directory per run.
os.environ.setdefault("AUDIT_CHECKPOINT_DIR", tempfile.mkdtemp(prefix="samverkan-test-checkpoints-"))
# Nor the developer's stored agreement PDFs (var/agreement-documents).
os.environ.setdefault("AGREEMENT_DOCUMENT_DIR", tempfile.mkdtemp(prefix="samverkan-test-agreements-"))

from samverkan.settings import *  # noqa: E402,F403
from samverkan.settings import DATABASES, STORAGES  # noqa: E402

# Fast hashing: Argon2 is for real passwords (settings.PASSWORD_HASHERS).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
LANGUAGE_COOKIE_SECURE = False
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Several runs may share one server (developers, helpers): each gets its own database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_samverkan_{os.getpid()}"}
