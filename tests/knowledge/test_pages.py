"""The knowledge hub: who may read and write, versions and "what changed", the review-date flag,
search, and public vs staff-only through both URL trees."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from knowledge.models import KnowledgePage, KnowledgeVersion, Visibility
from knowledge.services import PageContent, knowledge_page_create, knowledge_page_update
from organisations.roles import Role
from tests.personas import CountyTestCase

TODAY = timezone.localdate()
NEXT_YEAR = TODAY + datetime.timedelta(days=365)
BODY = "# Vem gör vad\n\nPrimärvården frågar om alkohol.\n\nBeroendemottagningen behandlar beroende.\n"


class KnowledgeTestCase(CountyTestCase):
    def page(self, title: str = "Alkohol hos vuxna", *, visibility: str = Visibility.STAFF, body: str = BODY,
             review_by: datetime.date = NEXT_YEAR) -> KnowledgePage:  # fmt: skip
        content = PageContent(title, body, self.county.analyst, review_by, [Role.NURSE], visibility, "Första.")
        return knowledge_page_create(content=content, author=self.county.analyst)

    def form(self, **changes: object) -> dict:
        data = {"title": "Spel om pengar", "body": "# Stöd\n\nRing Stödlinjen.", "owner": self.county.analyst.pk,
                "review_by": NEXT_YEAR.isoformat(), "audience": ["nurse", "social_worker"],
                "visibility": "public", "note": "Ny sida."}  # fmt: skip
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}


class WhoMayTests(KnowledgeTestCase):
    def test_every_member_of_staff_reads_staff_only_pages(self) -> None:
        page = self.page()
        for name, user in self.county.staff.items():
            with self.subTest(role=name):
                self.sign_in(user)
                self.assertContains(self.client.get(f"/knowledge/{page.slug}/"), "Alkohol hos vuxna")
                self.assertEqual(self.client.get("/knowledge/").status_code, 200)

    def test_only_process_leaders_write(self) -> None:
        page = self.page()
        for name, user in self.county.staff.items():
            with self.subTest(role=name):
                self.sign_in(user)
                expected = 200 if user == self.county.analyst else 403
                self.assertEqual(self.client.get("/knowledge/new/").status_code, expected)
                self.assertEqual(self.client.get(f"/knowledge/{page.slug}/edit/").status_code, expected)
        self.sign_in(self.county.admin)
        self.assertEqual(self.client.post("/knowledge/new/", self.form()).status_code, 403)
        self.assertFalse(KnowledgePage.objects.filter(title="Spel om pengar").exists())

    def test_anonymous_is_sent_to_sign_in_and_no_membership_is_refused(self) -> None:
        page = self.page()
        for path in ("/knowledge/", f"/knowledge/{page.slug}/", "/knowledge/new/", f"/knowledge/{page.slug}/changes/"):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 302, path)
            self.assertIn("/accounts/login/", response["Location"])
        self.sign_in(self.county.no_membership, second_factor=False)
        self.assertEqual(self.client.get("/knowledge/").status_code, 403)

    def test_methods(self) -> None:
        page = self.page()
        self.sign_in(self.county.analyst)
        self.assertEqual(self.client.post(f"/knowledge/{page.slug}/").status_code, 405)
        self.assertEqual(self.client.delete(f"/knowledge/{page.slug}/edit/").status_code, 405)
        self.assertEqual(self.client.post(f"/hjalp/kunskap/{page.slug}/").status_code, 405)


class VisibilityTests(KnowledgeTestCase):
    def test_public_pages_on_both_trees_staff_only_on_one(self) -> None:
        public = self.page("Spel om pengar", visibility=Visibility.PUBLIC)
        staff = self.page("LARO internt", visibility=Visibility.STAFF)
        response = self.client.get(f"/hjalp/kunskap/{public.slug}/")
        self.assertContains(response, "Spel om pengar")
        self.assertContains(response, "<h2>Vem gör vad</h2>")
        self.assertNotContains(response, "Första.", msg_prefix="versions and notes are for staff")
        self.assertEqual(self.client.get(f"/hjalp/kunskap/{staff.slug}/").status_code, 404)
        self.assertEqual(self.client.get("/hjalp/kunskap/no-such-page/").status_code, 404)
        listing = self.client.get("/hjalp/kunskap/").content.decode()
        self.assertIn("Spel om pengar", listing)
        self.assertNotIn("LARO internt", listing)
        self.assertNotIn("LARO", self.client.get("/hjalp/kunskap/", {"q": "laro"}).content.decode())
        self.sign_in(self.county.nurse)
        staff_listing = self.client.get("/knowledge/").content.decode()
        self.assertIn("Spel om pengar", staff_listing)
        self.assertIn("LARO internt", staff_listing)

    def test_a_page_made_staff_only_leaves_the_public_site(self) -> None:
        page = self.page("Spel om pengar", visibility=Visibility.PUBLIC)
        self.assertEqual(self.client.get(f"/hjalp/kunskap/{page.slug}/").status_code, 200)
        content = PageContent(page.title, BODY, self.county.analyst, NEXT_YEAR, [], Visibility.STAFF, "Internt.")
        knowledge_page_update(page=page, content=content, author=self.county.analyst, base_version=1)
        self.assertEqual(self.client.get(f"/hjalp/kunskap/{page.slug}/").status_code, 404)


class VersionTests(KnowledgeTestCase):
    def test_editing_adds_a_version_and_the_diff_shows_what_changed(self) -> None:
        page = self.page()
        self.sign_in(self.county.analyst)
        body = BODY.replace("frågar om alkohol", "frågar om alkohol med AUDIT") + "\nAnhöriga får eget stöd.\n"
        response = self.client.post(
            f"/knowledge/{page.slug}/edit/",
            self.form(title="Alkohol hos vuxna", body=body, visibility="staff", base_version=1, note="AUDIT."),
        )
        self.assertRedirects(response, f"/knowledge/{page.slug}/", fetch_redirect_response=False)
        self.assertEqual(list(page.versions.values_list("number", flat=True)), [2, 1])
        self.assertEqual(page.versions.get(number=1).body, BODY.strip(), "the old text is kept whole")
        diff = self.client.get(f"/knowledge/{page.slug}/changes/", {"from": 1, "to": 2}).content.decode()
        self.assertIn("<del>Primärvården frågar om alkohol.</del>", diff)
        self.assertIn("<ins>Primärvården frågar om alkohol med AUDIT.</ins>", diff)
        self.assertIn("<ins>Anhöriga får eget stöd.</ins>", diff)
        self.assertIn("Beroendemottagningen behandlar beroende.", diff)
        first = page.versions.get(number=1)
        old = self.client.get(f"/knowledge/{page.slug}/versions/{first.pk}/")
        self.assertContains(old, "Primärvården frågar om alkohol.</p>")
        self.assertContains(old, 'href="/knowledge/alkohol-hos-vuxna/"')
        other = self.page("Annan sida").versions.get()
        self.assertEqual(self.client.get(f"/knowledge/{page.slug}/versions/{other.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/knowledge/{page.slug}/changes/", {"from": "x"}).status_code, 404)
        self.assertEqual(self.client.get(f"/knowledge/{page.slug}/changes/", {"to": "9"}).status_code, 404)

    def test_a_stale_edit_is_refused_and_nothing_is_stored(self) -> None:
        page = self.page()
        content = PageContent(page.title, BODY + "\nNy rad.", self.county.analyst, NEXT_YEAR, [], Visibility.STAFF, "")
        knowledge_page_update(page=page, content=content, author=self.county.analyst, base_version=1)
        self.sign_in(self.county.analyst)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(f"/knowledge/{page.slug}/edit/", self.form(base_version=1))
        self.assertContains(response, "Someone saved a newer version", status_code=400)
        self.assertContains(response, "Spel om pengar", status_code=400)  # what was typed is kept
        self.assertEqual(page.versions.count(), 2)
        self.assertEqual(KnowledgePage.objects.get(pk=page.pk).title, "Alkohol hos vuxna")

    def test_saving_nothing_new_is_refused(self) -> None:
        page = self.page()
        self.sign_in(self.county.analyst)
        self.client.cookies["django_language"] = "en"
        data = self.form(title=page.title, body=BODY, visibility="staff", audience=["nurse"], base_version=1)
        response = self.client.post(f"/knowledge/{page.slug}/edit/", data)
        self.assertContains(response, "Nothing has changed", status_code=400)
        self.assertEqual(page.versions.count(), 1)


class CreateTests(KnowledgeTestCase):
    def test_a_process_leader_publishes_a_page(self) -> None:
        self.sign_in(self.county.analyst)
        response = self.client.post("/knowledge/new/", self.form())
        page = KnowledgePage.objects.get()
        self.assertRedirects(response, f"/knowledge/{page.slug}/", fetch_redirect_response=False)
        self.assertEqual(page.slug, "spel-om-pengar")
        self.assertEqual(
            (page.owner, page.audience, page.visibility), (self.county.analyst, ["nurse", "social_worker"], "public")
        )  # noqa: E501
        version = KnowledgeVersion.objects.get()
        self.assertEqual((version.number, version.author, version.note), (1, self.county.analyst, "Ny sida."))
        self.assertEqual(self.client.get("/hjalp/kunskap/spel-om-pengar/").status_code, 200)

    def test_bad_input_is_explained_and_kept(self) -> None:
        self.sign_in(self.county.analyst)
        self.client.cookies["django_language"] = "en"
        cases = {
            "review_by": ((TODAY - datetime.timedelta(days=1)).isoformat(), "Give a review date from today on."),
            "title": ("   ", "This field is required."),
            "body": ("x" * 100_001, "Ensure this value has at most 100000 characters"),
            "visibility": ("everyone", "Select a valid choice."),
            "audience": (["pope"], "Select a valid choice."),
            "owner": (str(self.county.nurse.pk), "Select a valid choice."),
        }
        for field, (value, message) in cases.items():
            with self.subTest(field=field):
                response = self.client.post("/knowledge/new/", self.form(**{field: value}))
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, f'href="#id_{field}', status_code=400)
        far = TODAY.replace(year=TODAY.year + 6).isoformat()
        self.assertContains(
            self.client.post("/knowledge/new/", self.form(review_by=far)), "five years", status_code=400
        )
        self.assertFalse(KnowledgePage.objects.exists())

    def test_hostile_title_and_body_are_harmless(self) -> None:
        self.sign_in(self.county.analyst)
        self.client.post(
            "/knowledge/new/", self.form(title="<img src=x onerror=alert(1)>", body="<script>alert(1)</script>ok")
        )  # noqa: E501
        page = KnowledgePage.objects.get()
        html = self.client.get(f"/knowledge/{page.slug}/").content.decode()
        self.assertNotIn("<img src=x", html)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)
        self.assertNotIn("<script>alert(1)", html)

    def test_slugs_are_unique_and_never_a_path_of_our_own(self) -> None:
        first, second, new = self.page("Alkohol"), self.page("Alkohol"), self.page("New")
        self.assertEqual((first.slug, second.slug, new.slug), ("alkohol", "alkohol-2", "new-2"))


class ReviewAndSearchTests(KnowledgeTestCase):
    def test_a_page_past_its_review_date_says_so(self) -> None:
        page = self.page(visibility=Visibility.PUBLIC)
        KnowledgePage.objects.filter(pk=page.pk).update(review_by=TODAY - datetime.timedelta(days=1))
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(f"/hjalp/kunskap/{page.slug}/"), "Past its review date")
        self.assertContains(self.client.get("/hjalp/kunskap/"), "Past its review date")
        self.sign_in(self.county.nurse)
        self.assertContains(self.client.get(f"/knowledge/{page.slug}/"), "Past its review date")
        KnowledgePage.objects.filter(pk=page.pk).update(review_by=TODAY)
        self.assertNotContains(self.client.get(f"/knowledge/{page.slug}/"), "Past its review date")

    def test_search_by_word_beginnings_title_first(self) -> None:
        self.page("Spel om pengar", body="Ring Stödlinjen om spel.")
        self.page("Alkohol hos vuxna", body="Primärvården frågar om alkohol.")
        self.page("Anhöriga", body="Stöd till anhöriga vid alkohol och spel.")
        self.sign_in(self.county.nurse)

        def titles(query: str) -> list[str]:
            return [p.title for p in self.client.get("/knowledge/", {"q": query}).context["page"]]

        self.assertEqual(titles("alk"), ["Alkohol hos vuxna", "Anhöriga"])
        self.assertEqual(titles("ALKOHOL spel"), ["Anhöriga"])
        self.assertEqual(titles("stödlinjen"), ["Spel om pengar"])
        self.assertEqual(titles("primärvård"), ["Alkohol hos vuxna"])
        self.assertEqual(titles("kokain"), [])
        self.assertEqual(titles("%"), ["Alkohol hos vuxna", "Anhöriga", "Spel om pengar"], "no wildcard injection")
        self.assertEqual(self.client.get("/knowledge/", {"q": "x" * 500}).status_code, 200)

    def test_search_reads_the_current_version_only(self) -> None:
        page = self.page(body="Gammal formulering om abstinens.")
        content = PageContent(
            page.title, "Ny text om tillnyktring.", self.county.analyst, NEXT_YEAR, [], Visibility.STAFF, ""
        )  # noqa: E501
        knowledge_page_update(page=page, content=content, author=self.county.analyst, base_version=1)
        self.sign_in(self.county.nurse)
        self.assertEqual(len(self.client.get("/knowledge/", {"q": "abstinens"}).context["page"]), 0)
        self.assertEqual(len(self.client.get("/knowledge/", {"q": "tillnyktring"}).context["page"]), 1)

    def test_query_count_constant_in_the_number_of_pages(self) -> None:
        self.sign_in(self.county.nurse)
        self.page("Första", visibility=Visibility.PUBLIC)
        self.client.get("/knowledge/")

        def count(path: str) -> int:
            with CaptureQueriesContext(connection) as captured:
                self.client.get(path)
            return len(captured)

        few = count("/knowledge/"), count("/hjalp/kunskap/")
        for index in range(8):
            self.page(f"Sida {index}", visibility=Visibility.PUBLIC)
        self.assertEqual((count("/knowledge/"), count("/hjalp/kunskap/")), few)
