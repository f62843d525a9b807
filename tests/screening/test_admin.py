"""An administrator adds a new instrument version in the Django admin, checked as a whole, and
makes it current; a version that results use is read-only and cannot be deleted."""

import copy
import json
import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.db import connection, models
from django.test import Client, TestCase

from accounts.models import User
from screening.loader import load_instruments
from screening.models import InstrumentVersion
from tests.factories import UserFactory
from tests.personas import sign_in, with_second_factor

ADD = "/admin/screening/instrumentversion/add/"
LIST = "/admin/screening/instrumentversion/"


def sign_in_fresh(client: Client, user: User) -> None:
    """Signed in with a second factor proven just now: the admin asks for that on every change."""
    sign_in(client, user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": time.time()} for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_instruments()
        cls.admin = with_second_factor(UserFactory(username="instrument-admin", is_staff=True, is_superuser=True))

    def setUp(self) -> None:
        sign_in_fresh(self.client, self.admin)
        self.audit = InstrumentVersion.objects.get(instrument__code="audit", is_current=True)

    def add(self, definition: dict, version: str = "2"):  # type: ignore[no-untyped-def]
        return self.client.post(
            ADD,
            {
                "instrument": self.audit.instrument_id,
                "version": version,
                "definition": json.dumps(definition, ensure_ascii=False),
                "note": "Threshold over 65 corrected",
            },
        )

    def test_a_new_version_is_added_then_made_current_and_the_old_one_stays(self) -> None:
        data = copy.deepcopy(self.audit.definition)
        data["version"] = "2"
        data["cutoffs"][0]["zones"]["hazardous"] = 7
        response = self.add(data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        new = InstrumentVersion.objects.get(instrument__code="audit", version="2")
        self.assertEqual((new.is_current, new.created_by), (False, self.admin))
        response = self.client.post(LIST, {"action": "make_current", "_selected_action": [new.pk]})
        self.assertEqual(response.status_code, 302)
        new.refresh_from_db()
        self.audit.refresh_from_db()
        self.assertEqual((new.is_current, self.audit.is_current), (True, False))
        self.assertEqual(self.audit.definition["cutoffs"][0]["zones"]["hazardous"], 8)

    def test_a_broken_definition_is_refused_with_every_problem_named(self) -> None:
        data = copy.deepcopy(self.audit.definition)
        data["version"] = "2"
        data["items"][9]["options"] = "missing"
        data["cutoffs"][1]["zones"]["harmful"] = 3
        response = self.add(data)
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("items[9].options: no option set named", page)
        self.assertIn("cutoffs[1].zones: starts must rise", page)
        self.assertFalse(InstrumentVersion.objects.filter(version="2").exists())

    def test_the_version_name_must_match_the_definition(self) -> None:
        response = self.add(copy.deepcopy(self.audit.definition), version="2")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(InstrumentVersion.objects.filter(version="2").exists())


class UsedVersionInAdminTests(TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        # A stand-in for a stored result (the care records build the real one on this app).
        class AdminFakeResult(models.Model):
            version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="+")

            class Meta:
                app_label = "screening"

        cls.Result = AdminFakeResult
        with connection.schema_editor() as editor:
            editor.create_model(AdminFakeResult)
        super().setUpClass()

    def test_read_only_and_not_deletable(self) -> None:
        load_instruments()
        admin = with_second_factor(UserFactory(username="instrument-admin-2", is_staff=True, is_superuser=True))
        sign_in_fresh(self.client, admin)
        version = InstrumentVersion.objects.get(instrument__code="dudit", is_current=True)
        self.Result.objects.create(version=version)
        page = self.client.get(f"/admin/screening/instrumentversion/{version.pk}/change/").content.decode()
        self.assertNotIn('name="definition"', page)
        delete = self.client.get(f"/admin/screening/instrumentversion/{version.pk}/delete/")
        self.assertEqual(delete.status_code, 403)
