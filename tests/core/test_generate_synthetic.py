"""The synthetic county for benchmarks: valid, scaled to N, and the same for the same seed."""

from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import TestCase

from accounts.backends import StaffModelBackend
from accounts.models import User
from core import synthetic
from organisations.models import Membership, Principal, PrincipalKind, Unit
from organisations.roles import Role

N = 2000


def snapshot() -> dict[str, list[tuple]]:
    """Everything generated, without database ids and timestamps."""
    return {
        "principals": list(
            Principal.objects.order_by("uuid").values_list(
                "uuid", "name", "kind", "municipality_code", "organisation_number"
            )
        ),
        "units": list(
            Unit.objects.order_by("uuid").values_list(
                "uuid", "principal__uuid", "name", "unit_type", "city", "postal_code", "phone", "age_min", "age_max"
            )
        ),
        "unit_services": sorted(Unit.services.through.objects.values_list("unit__uuid", "service__code")),
        "unit_serves": sorted(
            Unit.serves_municipalities.through.objects.values_list("unit__uuid", "principal__municipality_code")
        ),
        "users": list(
            User.objects.order_by("username").values_list(
                "username", "email", "first_name", "last_name", "title", "password", "is_demo"
            )
        ),
        "memberships": sorted(Membership.objects.values_list("user__username", "unit__uuid", "role", "ended_at")),
    }


def delete_all() -> None:
    Membership.objects.all().delete()
    User.objects.all().delete()
    Unit.objects.all().delete()
    Principal.objects.all().delete()


def generate(seed: int, individuals: int = N) -> str:
    out = StringIO()
    call_command("generate_synthetic", individuals=individuals, seed=seed, stdout=out)
    return out.getvalue()


class GenerateSyntheticTests(TestCase):
    def test_counts_follow_the_scale(self) -> None:
        output = generate(seed=1)
        scale = synthetic.Scale.for_individuals(N)
        self.assertEqual(Principal.objects.filter(kind=PrincipalKind.REGION).count(), 1)
        self.assertEqual(Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY).count(), 20)
        self.assertEqual(Unit.objects.count(), scale.units)
        self.assertEqual(User.objects.count(), scale.staff)
        self.assertEqual(EmailAddress.objects.count(), scale.staff)
        # Every unit has a manager, every user at least one active membership.
        self.assertEqual(
            Membership.objects.filter(role=Role.UNIT_MANAGER).values("unit").distinct().count(), scale.units
        )
        self.assertFalse(User.objects.filter(memberships__isnull=True).exists())
        self.assertGreater(Membership.objects.count(), scale.staff)
        self.assertIn(f"{scale.units} units, {scale.staff} staff", output)
        self.assertIn("Individuals: none generated yet", output)

        bigger = synthetic.Scale.for_individuals(50_000)
        self.assertEqual((bigger.units, bigger.staff), (376, 3000))

    def test_rows_pass_the_models_validation_and_cannot_sign_in(self) -> None:
        generate(seed=2)
        for principal in Principal.objects.all():
            principal.full_clean()
        for unit in Unit.objects.all()[:100]:
            unit.full_clean()
        user = User.objects.first()
        assert user is not None
        self.assertFalse(user.has_usable_password())
        self.assertFalse(StaffModelBackend().user_can_authenticate(user))

    def test_same_seed_same_data_other_seed_other_data(self) -> None:
        generate(seed=7)
        first = snapshot()
        delete_all()
        generate(seed=7)
        self.assertEqual(snapshot(), first)
        delete_all()
        generate(seed=8)
        other = snapshot()
        self.assertNotEqual(other["units"], first["units"])
        self.assertNotEqual(other["users"], first["users"])

    def test_refuses_a_database_that_has_data(self) -> None:
        generate(seed=1, individuals=100)
        before = Unit.objects.count()
        with self.assertRaisesMessage(CommandError, "empty"):
            generate(seed=2, individuals=100)
        self.assertEqual(Unit.objects.count(), before)
