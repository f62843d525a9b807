import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from organisations.models import Membership, Principal, PrincipalKind, Unit, UnitType
from organisations.roles import Role

_FACTORY_COUNTIES = "01 03 04 05 06 07 08 09 10 12 13 14 17 18 19 20 21 23 24 25".split()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principal

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    kind = PrincipalKind.MUNICIPALITY
    # Västernorrland's 22xx are the personas' and tests' own: factories count through other counties,
    # 2,000 codes before one repeats (a repeat would break the unique code, whatever the test order).
    municipality_code = factory.Sequence(
        lambda n: f"{_FACTORY_COUNTIES[n // 100 % len(_FACTORY_COUNTIES)]}{n % 100:02d}"
    )


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principal

    name = factory.Sequence(lambda n: f"Testregion {n}")
    kind = PrincipalKind.REGION
    organisation_number = "2321000206"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    principal = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"TEST-{n}")
    name = factory.Sequence(lambda n: f"Testenhet {n}")
    unit_type = UnitType.ADULT_SOCIAL_SERVICES
    city = "Sundsvall"
    phone = "070-174 06 99"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def email_address(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.SOCIAL_WORKER
