from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from core import demo, demo_registry
from organisations.models import Membership, Principal, Service, Unit
from organisations.services import services_ensure


class Command(BaseCommand):
    help = "Load the fictional demo county (Västernorrland). Idempotent: a second run changes nothing."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("The demo county is loaded only with SAMVERKAN_DEMO=1 (it has published passwords).")
        with transaction.atomic():
            created = self._load()
        self.stdout.write(f"Demo county ready ({created} new rows).")

    def _load(self) -> int:
        created = 0
        services_ensure()
        services = {s.code: s for s in Service.objects.all()}
        principals = {}
        for name, kind, code, orgnr in demo.PRINCIPALS:
            principal, new = Principal.objects.get_or_create(
                name=name, defaults={"kind": kind, "municipality_code": code, "organisation_number": orgnr}
            )
            principals[name] = principal
            created += new
        units = {}
        for spec in demo.UNITS:
            unit, new = Unit.objects.get_or_create(
                principal=principals[spec.principal],
                name=spec.name,
                defaults={
                    "code": demo.UNIT_CODES[spec.name],
                    "unit_type": spec.unit_type,
                    "description": spec.description,
                    "street_address": "Exempelgatan 1 (fiktiv)",
                    "postal_code": "85230",
                    "city": spec.city,
                    "phone": spec.phone,
                    "opening_hours": spec.opening_hours,
                    "age_min": spec.age_min,
                    "age_max": spec.age_max,
                },
            )
            if new:
                unit.full_clean()
                unit.services.set([services[c] for c in spec.services])
                unit.serves_municipalities.set([principals[m] for m in spec.serves])
            units[spec.name] = unit
            created += new
        for index, person in enumerate(demo.USERS):
            created += self._user(person, units[person.unit], index)
        # Then each app's demo records, in order (core/demo_registry.py; e.g. individuals/demo.py).
        for loader in demo_registry.loaders():
            created += loader.load()
        return created

    def _user(self, spec: demo.DemoUser, unit: Unit, index: int) -> int:
        email = f"{spec.username}@demo.invalid"
        user, new = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "email": email,
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "title": f"{spec.title} (fiktiv)",
                "work_phone": f"070-174 06 {50 + index}",
                "is_demo": True,
                # The county administrator works in the product, not the Django admin (issue 7).
                "is_staff": False,
                "is_superuser": False,
            },
        )
        if not new:
            if user.is_staff or user.is_superuser:
                # A demo loaded before issue 7 made its county administrator a superuser.
                user.is_staff = user.is_superuser = False
                user.save(update_fields=["is_staff", "is_superuser"])
            return 0
        user.set_password(demo.DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        Membership.objects.create(user=user, unit=unit, role=spec.role)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, demo.DEMO_TOTP_SECRET)
        return 1
