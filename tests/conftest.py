"""Shared fixtures. ``monde`` builds three tenants so that every view gets an outsider test:

- région A (Île-de-France, académie de Paris): agence France Travail A, its counsellor and administrator,
  lycée A assigned to it this year (with its head, its professeur, a class and students), and a lycée of
  the same region assigned to nobody;
- région B (Hauts-de-France, académie de Lille): mission locale B, its counsellor, lycée B assigned to it
  (with its head, a class and students);
- pilots: regional pilots of A and B, a national pilot.
"""

import importlib
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.cache import cache

from avenirpro.cache import MemoireLocale
from avenirpro.enums import Role, TypeOrganisation
from avenirpro.models import Membership, Organisation, User
from lycees.models import Eleve, Lycee
from tests import factories as f


@dataclass
class Monde:
    ft_a: Organisation
    ml_b: Organisation
    lycee_a: Lycee
    lycee_b: Lycee
    lycee_a_non_affecte: Lycee
    conseiller_a: User
    conseiller_a_non_designe: User
    admin_ft_a: User
    conseiller_b: User
    chef_a: User
    professeur_a: User
    chef_b: User
    pilote_a: User
    pilote_b: User
    pilote_national: User
    eleves_a: list[Eleve]
    eleves_b: list[Eleve]


def charger_donnees_de_reference() -> None:
    """What the migrations load (régions, académies), when a transactional test's flush has deleted it."""
    if not apps.get_model("avenirpro", "RegionAcademique").objects.exists():
        importlib.import_module("avenirpro.migrations.0002_territoires").charger(apps, None)


def _transactionnel(request) -> bool:
    marqueur = request.node.get_closest_marker("django_db")
    return bool({"transactional_db", "live_server"} & set(request.fixturenames)) or bool(
        marqueur and marqueur.kwargs.get("transaction")
    )


@pytest.fixture(autouse=True)
def donnees_de_reference(request):
    """A transactional test (``transactional_db``, ``live_server``, ``django_db(transaction=True)``) runs on
    a database that the previous one of its worker flushed: put the reference data back first. Autouse, so
    that it comes before ``monde`` whatever the argument order. (pytest-django's serialized rollback would
    clash with the content types that the flush of other transactional tests recreates.)"""
    if _transactionnel(request):
        request.getfixturevalue("transactional_db")
        charger_donnees_de_reference()


@pytest.fixture(autouse=True)
def _cache_vide():
    """Each test starts with an empty cache (live dashboards, rate limits, cached options): nothing one
    test counted or blocked leaks into the next of its worker; nor the school years a process keeps (a
    year of a rolled-back test is not another test's)."""
    MemoireLocale.oublier_toutes()
    yield
    cache.clear()
    MemoireLocale.oublier_toutes()


def membre(role: str, organisation: Organisation, **kwargs) -> User:
    return f.MembershipFactory(role=role, organisation=organisation, **kwargs).user


@pytest.fixture
def monde(db) -> Monde:
    paris, lille = f.academie("01"), f.academie("09")
    ft_a = f.OrganisationFactory(nom="Agence France Travail A", academie=paris)
    ml_b = f.OrganisationFactory(nom="Mission locale B", mission_locale=True, academie=lille)
    conseiller_a = membre(Role.CONSEILLER, ft_a)
    conseiller_b = membre(Role.CONSEILLER, ml_b)
    lycee_a = f.LyceeFactory(nom="Lycée A", academie=paris)
    lycee_b = f.LyceeFactory(nom="Lycée B", academie=lille)
    f.AffectationFactory(lycee=lycee_a, operateur=ft_a, conseillers=[conseiller_a])
    f.AffectationFactory(lycee=lycee_b, operateur=ml_b, conseillers=[conseiller_b])
    region_a = f.OrganisationFactory(nom="Région académique A", regionale=True, academie=paris)
    region_b = f.OrganisationFactory(nom="Région académique B", regionale=True, academie=lille)
    division_a = f.DivisionFactory(lycee=lycee_a)
    division_b = f.DivisionFactory(lycee=lycee_b)
    return Monde(
        ft_a=ft_a,
        ml_b=ml_b,
        lycee_a=lycee_a,
        lycee_b=lycee_b,
        lycee_a_non_affecte=f.LyceeFactory(nom="Lycée A sans opérateur", academie=paris),
        conseiller_a=conseiller_a,
        conseiller_a_non_designe=membre(Role.CONSEILLER, ft_a),
        admin_ft_a=membre(Role.ADMINISTRATEUR, ft_a),
        conseiller_b=conseiller_b,
        chef_a=membre(Role.CHEF_ETABLISSEMENT, lycee_a.organisation),
        professeur_a=membre(Role.PROFESSEUR, lycee_a.organisation),
        chef_b=membre(Role.CHEF_ETABLISSEMENT, lycee_b.organisation),
        pilote_a=membre(Role.PILOTE_REGIONAL, region_a),
        pilote_b=membre(Role.PILOTE_REGIONAL, region_b),
        pilote_national=membre(Role.PILOTE_NATIONAL, f.OrganisationFactory(nom="DGESCO", nationale=True)),
        eleves_a=f.EleveFactory.create_batch(3, division=division_a),
        eleves_b=f.EleveFactory.create_batch(2, division=division_b),
    )


def fresh(user: User) -> User:
    """The same user as a new request would see it (no per-request caches)."""
    return User.objects.get(pk=user.pk)


__all__ = ["Membership", "Monde", "TypeOrganisation", "fresh", "membre"]


def pytest_configure(config):
    """``AVENIRPRO_DATE=2027-04-02 make test`` runs the whole suite as if it were that day (time-machine,
    the clock ticking from there): tests must not depend on the day they run (``make test-dates``)."""
    import datetime
    import os

    jour = os.environ.get("AVENIRPRO_DATE")
    if jour:
        import time_machine

        debut = datetime.datetime.fromisoformat(jour).replace(hour=10, tzinfo=datetime.UTC)
        config._avenirpro_voyage = time_machine.travel(debut, tick=True)
        config._avenirpro_voyage.start()
