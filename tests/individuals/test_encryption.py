"""Personal data is encrypted at rest; keys rotate without losing old rows (security.md)."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from audit.services import Actor
from core import crypto
from individuals.identity import parse_identity_number
from individuals.models import Individual
from individuals.services import individual_find, individual_register
from tests.personas import County

NUMBER = "19121212-1212"


def _register(county: County) -> Individual:
    membership = county.social_worker.active_memberships[0]
    return individual_register(
        number=parse_identity_number(NUMBER),
        first_name="Hemlig",
        last_name="Personsdotter",
        municipality=None,
        unit=membership.unit,
        contact_kind="treatment",
        actor=Actor(user_id=county.social_worker.pk, unit_id=membership.unit_id, role=membership.role),
    )


def _raw_row(individual: Individual) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT identity_number, first_name, last_name, identity_hash FROM individuals_individual WHERE id = %s",
            [individual.pk],
        )
        return " ".join(cursor.fetchone())


@pytest.mark.django_db(transaction=True)
def test_number_and_names_are_not_in_the_database_file_in_clear_text(tmp_path, settings) -> None:
    if connection.vendor != "sqlite":
        # Same check on PostgreSQL through the raw row (its files are not ours to read).
        individual = _register(County())
        raw = _raw_row(individual)
        assert "191212121212" not in raw and "1212121212" not in raw and "Personsdotter" not in raw
        return
    # On SQLite write to a real file and search its raw bytes.
    database = tmp_path / "raw.sqlite3"
    with connection.cursor() as cursor:
        individual = _register(County())
        cursor.execute("VACUUM INTO %s", [str(database)])
    data = Path(database).read_bytes()
    for secret in (b"191212121212", b"1212121212", b"121212-1212", b"Personsdotter", b"Hemlig"):
        assert secret not in data, secret
    assert individual.pk


@pytest.mark.django_db
def test_look_up_by_keyed_hash(settings) -> None:
    individual = _register(County())
    assert individual_find(number=parse_identity_number("191212121212")) == individual
    assert individual.identity_hash == crypto.keyed_hash("191212121212")
    settings.IDENTITY_HASH_KEY = "another key"
    assert individual_find(number=parse_identity_number("191212121212")) is None


@pytest.mark.django_db
def test_key_rotation_keeps_old_rows_readable(settings) -> None:
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    individual = _register(County())
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert Individual.objects.get(pk=individual.pk).last_name == "Personsdotter"
    call_command("encryption_rotate", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    reloaded = Individual.objects.get(pk=individual.pk)
    assert (reloaded.last_name, reloaded.identity_number) == ("Personsdotter", "191212121212")


@pytest.mark.django_db
def test_rehash_after_hash_key_change(settings) -> None:
    individual = _register(County())
    settings.IDENTITY_HASH_KEY = "a new hash key"
    call_command("encryption_rotate", "--rehash", verbosity=0)
    assert individual_find(number=parse_identity_number(NUMBER)) == individual


@pytest.mark.django_db
def test_a_missing_key_is_a_clear_error_not_data(settings) -> None:
    individual = _register(County())
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(Exception, match="FIELD_ENCRYPTION_KEYS") as caught:
        Individual.objects.get(pk=individual.pk)
    assert "Personsdotter" not in str(caught.value)


def test_encrypted_fields_cannot_be_filtered() -> None:
    with pytest.raises(TypeError, match="cannot be filtered"):
        Individual.objects.filter(last_name="x")
