"""/healthz answers 200 only when the database and the task queue really answer."""

from django.db import connection
from django.test import TestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class HealthzTests(TestCase):
    url = reverse("healthz")

    def assert_health(self, status: int, checks: dict[str, str]) -> None:
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, status)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("no-cache", response["Cache-Control"])
        body = response.json()
        self.assertEqual(body["checks"], checks)
        self.assertEqual(body["status"], "ok" if status == 200 else "error")

    def test_healthy_without_signing_in(self) -> None:
        self.assert_health(200, {"database": "ok", "tasks": "ok"})

    @override_settings(TASKS=DATABASE_QUEUE)
    def test_healthy_with_the_database_task_queue(self) -> None:
        self.assert_health(200, {"database": "ok", "tasks": "ok"})

    @override_settings(TASKS=DATABASE_QUEUE)
    def test_unreachable_task_queue_is_503(self) -> None:
        table = DBTaskResult._meta.db_table
        with connection.cursor() as cursor:
            # Rolled back with the test's transaction: the queue's table is gone for this test only.
            cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_gone")
        self.assert_health(503, {"database": "ok", "tasks": "error"})
        # The failed check leaves the connection usable.
        self.assertEqual(self.client.get(self.url).status_code, 503)
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_gone RENAME TO {table}")
        self.assert_health(200, {"database": "ok", "tasks": "ok"})

    def test_only_get(self) -> None:
        self.assertEqual(self.client.post(self.url).status_code, 405)
