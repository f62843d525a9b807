"""The signed agreement: a real PDF, checked by its content; refused with a message otherwise;
stored outside the web root and served only to staff through a view."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from agreements import documents, services
from agreements.models import AgreementDocument
from tests.agreements.helpers import DISGUISED, actor_of, make_agreement, real_pdf
from tests.personas import CountyTestCase


@override_settings(AGREEMENT_DOCUMENT_DIR=tempfile.mkdtemp(prefix="agreement-docs-"),
                   AGREEMENT_DOCUMENT_MAX_BYTES=64 * 1024)  # fmt: skip
class DocumentTests(CountyTestCase):
    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"
        self.agreement = make_agreement(self.county)

    def upload(self, content: bytes, name: str = "avtal.pdf") -> object:
        self.sign_in(self.county.analyst)
        return self.client.post(
            reverse("agreements:document_upload", args=[self.agreement.uuid]),
            {"document": SimpleUploadedFile(name, content, content_type="application/pdf")},
        )

    def test_a_real_pdf_is_stored_outside_the_web_root_under_a_name_of_ours(self) -> None:
        response = self.upload(real_pdf(pages=2), name="../../etc/Överenskommelse 2014.pdf")
        self.assertRedirects(response, self.agreement.get_absolute_url(), fetch_redirect_response=False)
        document = AgreementDocument.objects.get(agreement=self.agreement)
        self.assertEqual(document.pages, 2)
        self.assertEqual(document.original_name, "Överenskommelse 2014.pdf")
        path = documents.document_path(document.stored_name)
        self.assertTrue(path.is_file())
        self.assertEqual(path.parent, Path(settings.AGREEMENT_DOCUMENT_DIR))
        self.assertNotIn(str(settings.STATIC_ROOT), str(path))
        self.assertEqual(path.stat().st_mode & 0o077, 0, "readable by the server's user only")

    def test_files_disguised_as_pdf_are_refused_and_nothing_is_stored(self) -> None:
        for kind, content in DISGUISED.items():
            with self.subTest(kind=kind):
                before = set(Path(settings.AGREEMENT_DOCUMENT_DIR).glob("*"))
                response = self.upload(content)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "error-summary", status_code=400)
                self.assertFalse(AgreementDocument.objects.exists())
                self.assertEqual(set(Path(settings.AGREEMENT_DOCUMENT_DIR).glob("*")), before)

    def test_the_messages_say_what_to_fix(self) -> None:
        for content, expected in ((DISGUISED["zip"], "is not a PDF"),
                                  (DISGUISED["header_then_garbage"], "cannot be read as one"),
                                  (b"", "empty")):  # fmt: skip
            with self.subTest(expected=expected), self.assertRaisesMessage(ValidationError, expected):
                documents.pdf_check(SimpleUploadedFile("a.pdf", content))

    def test_an_oversized_upload_is_refused_before_it_is_parsed(self) -> None:
        big = real_pdf()[:-6] + b" " * (70 * 1024) + b"%%EOF\n"
        response = self.upload(big)
        self.assertContains(response, "larger than", status_code=400)
        self.assertFalse(AgreementDocument.objects.exists())

    def test_a_file_that_lies_about_its_size_is_still_cut_off(self) -> None:
        upload = SimpleUploadedFile("a.pdf", real_pdf() + b" " * (70 * 1024))
        upload.size = 10
        with self.assertRaisesMessage(ValidationError, "larger than"):
            documents.pdf_check(upload)

    def test_a_name_that_is_not_ours_is_never_opened(self) -> None:
        for name in ("../secrets", "/etc/passwd", "x.pdf", "00000000-0000-0000-0000-000000000000.pdf.exe"):
            with self.subTest(name=name), self.assertRaises(ValueError):
                documents.document_path(name)

    def test_served_to_staff_only_as_a_download(self) -> None:
        document = services.agreement_document_add(
            agreement=self.agreement, upload=SimpleUploadedFile("a.pdf", real_pdf()), actor=actor_of(self.county)
        )
        url = reverse("agreements:document_download", args=[document.uuid])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302, "signed out: to the sign-in page")
        self.sign_in(self.county.no_membership)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.sign_in(self.county.nurse)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF-"))  # type: ignore[attr-defined]
        nobody = reverse("agreements:document_download", args=["00000000-0000-4000-8000-000000000000"])
        self.assertEqual(self.client.get(nobody).status_code, 404)

    def test_only_editors_upload(self) -> None:
        self.sign_in(self.county.nurse)
        url = reverse("agreements:document_upload", args=[self.agreement.uuid])
        self.assertEqual(self.client.post(url, {"document": SimpleUploadedFile("a.pdf", real_pdf())}).status_code, 403)
        self.assertFalse(AgreementDocument.objects.exists())

    def test_no_file_at_all(self) -> None:
        self.sign_in(self.county.analyst)
        response = self.client.post(reverse("agreements:document_upload", args=[self.agreement.uuid]), {})
        self.assertEqual(response.status_code, 400)
