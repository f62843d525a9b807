import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from access.models import EmergencyReason
from access.services import emergency_access_start
from accounts.models import User
from audit.models import Action, Ground, Outcome
from audit.services import Actor, audit_record
from core import demo
from core.crypto import keyed_hash
from individuals.identity import parse_identity_number
from individuals.models import Individual
from individuals.services import consent_record, individual_find, individual_register
from organisations.models import Membership, Principal, Service, Unit
from organisations.roles import Role
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
        new_individuals = 0
        for person_spec in demo.INDIVIDUALS:
            new_individuals += self._individual(person_spec, units, principals)
        if new_individuals:
            self._history()
        return created + new_individuals

    def _history(self) -> None:
        """A little staff activity, so the manager's log review has something to show (all fictional):
        reads under a relation, an emergency access to someone at another municipality, a refused attempt."""
        worker = User.objects.get(username="demo.social_worker")
        therapist = User.objects.get(username="demo.therapist")
        unit = worker.memberships.get().unit
        as_worker = Actor(user_id=worker.pk, unit_id=unit.pk, role=Role.SOCIAL_WORKER)
        as_therapist = Actor(user_id=therapist.pk, unit_id=unit.pk, role=Role.THERAPIST)
        people = {
            spec.number: Individual.objects.get(identity_hash=keyed_hash(parse_identity_number(spec.number).value))
            for spec in demo.INDIVIDUALS
        }
        for number in ("19800101-D001", "19850505-D002"):
            audit_record(actor=as_worker, action=Action.READ, ground=Ground.RELATION, individual_id=people[number].pk)
        robin = people["20010707-D005"]
        emergency_access_start(
            individual=robin,
            user=worker,
            unit=unit,
            reason=EmergencyReason.LIFE_OR_HEALTH,
            explanation="Demo: akut risk, den enskilde kan inte nås (fiktivt).",
            actor=as_worker,
        )
        audit_record(actor=as_worker, action=Action.READ, ground=Ground.EMERGENCY, individual_id=robin.pk)
        audit_record(actor=as_therapist, action=Action.READ, outcome=Outcome.DENIED,
                     individual_id=people["19771130-D004"].pk)  # fmt: skip

    def _individual(self, spec: demo.DemoIndividual, units: dict, principals: dict) -> int:
        number = parse_identity_number(spec.number)
        if individual_find(number=number) is not None:
            return 0
        loader = User.objects.get(username="demo.county_admin")
        actor = Actor(user_id=loader.pk, unit_id=None, role="")
        individual = individual_register(
            number=number,
            first_name=spec.first_name,
            last_name=spec.last_name,
            municipality=principals[spec.municipality],
            unit=units[spec.unit],
            contact_kind=spec.contact_kind,
            actor=actor,
            user=loader,
        )
        individual.is_fictional = True
        # A reserve number carries no date; the demo numbers start with one, so show it.
        individual.birth_date = datetime.date(int(spec.number[:4]), int(spec.number[4:6]), int(spec.number[6:8]))
        individual.address = "Påhittade vägen 3 (fiktiv)"
        individual.phone = "070-174 06 99"
        individual.protected_identity = spec.protected
        individual.save()
        if spec.sip_consent_with:
            consent_record(
                individual=individual, given_by="individual", guardian_name="", for_sip=True, for_sharing=True,
                for_relatives=False, parties=[units[u] for u in spec.sip_consent_with], relatives=[],
                form="written", valid_from=timezone.localdate(), valid_until=None, actor=actor, user=loader,
                ground="registration",
            )  # fmt: skip
        return 1

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
            return 0
        user.set_password(demo.DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        Membership.objects.create(user=user, unit=unit, role=spec.role)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, demo.DEMO_TOTP_SECRET)
        return 1
