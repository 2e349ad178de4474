import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError

from avenirpro.enums import Role, TypeOrganisation
from avenirpro.models import Academie, AnneeScolaire, Membership, Organisation, RegionAcademique, User
from lycees.models import Affectation, Lycee
from lycees.validators import valider_uai
from tests import factories as f


def test_territoires_charges_par_migration(db):
    assert RegionAcademique.objects.count() == 18
    assert Academie.objects.count() == 30
    assert set(Academie.objects.filter(region__nom="Île-de-France").values_list("nom", flat=True)) == {
        "Créteil",
        "Paris",
        "Versailles",
    }


@pytest.mark.parametrize("uai", ["0750654D", "0750654d", " 0750654D "])
def test_uai_valide(uai):
    valider_uai(uai)


@pytest.mark.parametrize(
    ("uai", "message"),
    [
        ("0750654E", "la lettre de contrôle devrait être D"),
        ("075065D", "7 chiffres suivis d'une lettre"),
        ("ABCDEFGH", "7 chiffres suivis d'une lettre"),
        ("", "7 chiffres suivis d'une lettre"),
    ],
)
def test_uai_invalide_message_clair(uai, message):
    with pytest.raises(ValidationError, match=message):
        valider_uai(uai)


def test_un_lycee_avec_un_uai_invalide_n_est_pas_enregistre(db):
    with pytest.raises(ValidationError):
        f.LyceeFactory(uai="0750654E")
    assert not Lycee.objects.filter(uai="0750654E").exists()


@pytest.mark.parametrize(
    ("jour", "debut"),
    [
        (datetime.date(2026, 9, 1), 2026),
        (datetime.date(2026, 8, 31), 2025),
        (datetime.date(2027, 1, 15), 2026),
    ],
)
def test_annee_scolaire_courante(db, jour, debut):
    annee = AnneeScolaire.objects.courante(jour)
    assert annee.annee_debut == debut
    assert annee.date_debut == datetime.date(debut, 9, 1)
    assert annee.date_fin == datetime.date(debut + 1, 8, 31)
    assert str(annee) == f"{debut}-{debut + 1}"
    assert AnneeScolaire.objects.courante(jour) == annee


def test_l_annee_courante_est_lue_une_fois_par_minute_et_oubliee_quand_une_annee_change(
    db, django_assert_num_queries, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC))
    premiere = AnneeScolaire.objects.courante()
    with django_assert_num_queries(0):
        assert AnneeScolaire.objects.courante() == premiere
        assert AnneeScolaire.objects.par_debut("2026") == premiere
    time_machine.shift(datetime.timedelta(seconds=61))
    with django_assert_num_queries(1):  # the minute is over: read again
        AnneeScolaire.objects.courante()
    AnneeScolaire.objects.create(annee_debut=2045)
    with django_assert_num_queries(1):  # a year saved in this process: read again at once
        assert AnneeScolaire.objects.courante().annee_debut == 2026


def test_role_inconnu_refuse(db):
    with pytest.raises(ValidationError, match="Rôle inconnu"):
        f.MembershipFactory(role="sorcier")
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("role", "type_organisation"),
    [
        (Role.CHEF_ETABLISSEMENT, TypeOrganisation.AGENCE_FT),
        (Role.CONSEILLER, TypeOrganisation.LYCEE),
        (Role.PILOTE_NATIONAL, TypeOrganisation.REGION_ACADEMIQUE),
        (Role.PILOTE_REGIONAL, TypeOrganisation.MISSION_LOCALE),
    ],
)
def test_role_incompatible_avec_l_organisation_refuse(db, role, type_organisation):
    org = f.OrganisationFactory(type=type_organisation)
    with pytest.raises(ValidationError, match="n'existe pas dans une organisation"):
        f.MembershipFactory(role=role, organisation=org)
    assert not Membership.objects.exists()


def test_instance_nationale_sans_territoire(db):
    with pytest.raises(IntegrityError):
        f.OrganisationFactory(type=TypeOrganisation.DGESCO)


def test_academie_hors_region_refusee(db):
    org = Organisation(
        nom="X", type=TypeOrganisation.AGENCE_FT, region=f.academie("09").region, academie=f.academie("01")
    )
    with pytest.raises(ValidationError, match="n'appartient pas"):
        org.full_clean()


def test_un_lycee_n_a_qu_un_operateur_par_annee(monde):
    with pytest.raises(IntegrityError):
        f.AffectationFactory(lycee=monde.lycee_a, operateur=monde.ml_b)


def test_utilisateur_se_connecte_par_e_mail(db):
    user = User.objects.create_user("Claire.Dupont@Exemple.FR", "un-mot-de-passe-solide")
    assert user.email == "claire.dupont@exemple.fr"
    assert not hasattr(user, "username")


def test_seed_demo_idempotent(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    compte = (
        User.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
        Lycee.objects.count(),
        Affectation.objects.count(),
    )
    premiers = json.loads((tmp_path / "demo-accounts.json").read_text())
    call_command("seed_demo")
    assert compte == (
        User.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
        Lycee.objects.count(),
        Affectation.objects.count(),
    )
    comptes = json.loads((tmp_path / "demo-accounts.json").read_text())
    assert comptes == premiers
    roles = {c["role"] for c in comptes}
    assert roles == set(Role.values)
    for c in comptes:
        assert set(c) >= {"email", "password", "role", "organisation", "region"}
        user = User.objects.get(email=c["email"])
        assert user.check_password(c["password"])
        assert user.memberships.filter(role=c["role"], organisation__nom=c["organisation"]).exists()
    # Two régions académiques, each with at least 3 lycées split between FT and ML.
    for region in RegionAcademique.objects.filter(organisations__type=TypeOrganisation.LYCEE).distinct():
        lycees = Lycee.objects.filter(organisation__region=region)
        assert lycees.count() >= 3
        types = set(Affectation.objects.filter(lycee__in=lycees).values_list("operateur__type", flat=True))
        assert types == {TypeOrganisation.AGENCE_FT, TypeOrganisation.MISSION_LOCALE}
    assert RegionAcademique.objects.filter(organisations__type=TypeOrganisation.LYCEE).distinct().count() == 2


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [("2026", 2026), (" 2025 ", 2025), ("x", None), ("", None), (None, None), ("1999", None)],
)
def test_annee_par_sa_premiere_annee(db, valeur, attendu):
    AnneeScolaire.objects.get_or_create(annee_debut=2025)
    AnneeScolaire.objects.get_or_create(annee_debut=2026)
    annee = AnneeScolaire.objects.par_debut(valeur)
    assert (annee.annee_debut if annee else None) == attendu


@pytest.mark.parametrize(
    ("jour", "debut"),
    [
        (datetime.date(2026, 8, 31), datetime.date(2025, 9, 1)),
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 1)),
        (datetime.date(2027, 2, 14), datetime.date(2026, 9, 1)),
    ],
)
def test_la_rentree_d_un_jour_est_le_1er_septembre_de_son_annee_scolaire(jour, debut):
    assert AnneeScolaire.date_debut_pour(jour) == debut
