"""The services of the FT/ML split: who assigns, to which operator, and who names which counsellors."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from avenirpro import access
from avenirpro.enums import Role
from lycees import perms as lycees_perms
from lycees.affectations import services
from lycees.models import Affectation
from tests import factories as f
from tests.affectations import factories as af
from tests.conftest import fresh


def _chiffres(r: services.Repartition) -> tuple[int, int, int]:
    return (r.france_travail, r.missions_locales, r.non_affectes)


def _region(jauge: services.Jauge, code: str) -> services.Repartition:
    return next(r for r in jauge.regions if r.code == code)


def _etat(lycee, annee):
    a = Affectation.objects.filter(lycee=lycee, annee=annee).first()
    return None if a is None else (a.operateur_id, sorted(a.conseillers.values_list("pk", flat=True)))


# --- Assigning --------------------------------------------------------------------------------------


def test_le_pilote_regional_affecte_un_lycee_puis_le_passe_de_ft_a_ml(monde, annee, ml_a):
    pilote = fresh(monde.pilote_a)
    region = monde.lycee_a.organisation.region.code
    assert _chiffres(_region(services.jauge(pilote, annee), region)) == (1, 0, 1)

    resultat = services.affecter_lycee(pilote, monde.lycee_a_non_affecte, annee, monde.ft_a)
    assert resultat.cree
    assert Affectation.objects.get(lycee=monde.lycee_a_non_affecte, annee=annee).operateur == monde.ft_a
    assert _chiffres(_region(services.jauge(pilote, annee), region)) == (2, 0, 0)

    resultat = services.affecter_lycee(pilote, monde.lycee_a, annee, ml_a)
    assert resultat.change and resultat.ancien_operateur == monde.ft_a
    assert resultat.conseillers_retires == [monde.conseiller_a]
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    assert affectation.operateur == ml_a
    assert list(affectation.conseillers.all()) == []  # they belong to the old operator
    jauge = _region(services.jauge(pilote, annee), region)
    assert _chiffres(jauge) == (1, 1, 0)
    assert (jauge.part_france_travail, jauge.part_missions_locales, jauge.equilibree) == (50.0, 50.0, True)
    # The old operator's counsellor no longer reaches the lycée's students.
    assert not lycees_perms.peut_lire(access.perimetre_de(monde.conseiller_a), monde.lycee_a.pk, annee.pk)


def test_reaffecter_au_meme_operateur_ne_change_rien(monde, annee):
    resultat = services.affecter_lycee(fresh(monde.pilote_a), monde.lycee_a, annee, monde.ft_a)
    assert not resultat.cree and not resultat.change
    assert _etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


def test_un_operateur_d_une_autre_region_est_refuse(monde, annee):
    avant = _etat(monde.lycee_a, annee)
    with pytest.raises(ValidationError) as erreur:
        services.affecter_lycee(fresh(monde.pilote_a), monde.lycee_a, annee, monde.ml_b)
    assert "n'est pas dans la région académique du lycée" in " ".join(erreur.value.messages)
    assert _etat(monde.lycee_a, annee) == avant
    with pytest.raises(ValidationError):
        services.affecter_lycee(fresh(monde.pilote_a), monde.lycee_a_non_affecte, annee, monde.ml_b)
    assert _etat(monde.lycee_a_non_affecte, annee) is None


def test_une_organisation_qui_n_est_pas_un_operateur_est_refusee(monde, annee):
    region = monde.pilote_a.memberships.get().organisation
    with pytest.raises(ValidationError) as erreur:
        services.affecter_lycee(fresh(monde.pilote_a), monde.lycee_a_non_affecte, annee, region)
    assert "agence France Travail ou à une mission locale" in erreur.value.messages[0]
    assert _etat(monde.lycee_a_non_affecte, annee) is None


@pytest.mark.parametrize(
    "qui", ["pilote_b", "conseiller_a", "admin_ft_a", "professeur_a", "chef_a", "pilote_national"]
)
def test_seul_le_pilote_de_la_region_affecte(monde, annee, ml_a, qui):
    avant = _etat(monde.lycee_a, annee)
    with pytest.raises(PermissionDenied):
        services.affecter_lycee(fresh(getattr(monde, qui)), monde.lycee_a, annee, ml_a)
    with pytest.raises(PermissionDenied):
        services.affecter_lycees(fresh(getattr(monde, qui)), [monde.lycee_a_non_affecte], annee, ml_a)
    with pytest.raises(PermissionDenied):
        services.retirer_affectation(fresh(getattr(monde, qui)), monde.lycee_a, annee)
    assert _etat(monde.lycee_a, annee) == avant
    assert _etat(monde.lycee_a_non_affecte, annee) is None


def test_affectation_groupee_tout_ou_rien(monde, annee, ml_a):
    pilote = fresh(monde.pilote_a)
    nouveaux = af.lycees(2)
    # One lycée of another région in the batch: nothing at all is assigned.
    with pytest.raises(PermissionDenied):
        services.affecter_lycees(pilote, [*nouveaux, monde.lycee_b], annee, ml_a)
    assert not Affectation.objects.filter(lycee__in=nouveaux).exists()
    with pytest.raises(ValidationError) as erreur:
        services.affecter_lycees(pilote, [], annee, ml_a)
    assert erreur.value.messages == ["Sélectionnez au moins un lycée."]

    resultats = services.affecter_lycees(pilote, [*nouveaux, monde.lycee_a], annee, ml_a)
    assert [r.cree for r in resultats] == [True, True, False]
    assert set(Affectation.objects.filter(operateur=ml_a).values_list("lycee", flat=True)) == {
        nouveaux[0].pk,
        nouveaux[1].pk,
        monde.lycee_a.pk,
    }
    assert resultats[2].conseillers_retires == [monde.conseiller_a]


def test_retirer_une_affectation(monde, annee):
    pilote = fresh(monde.pilote_a)
    services.retirer_affectation(pilote, monde.lycee_a, annee)
    assert _etat(monde.lycee_a, annee) is None
    with pytest.raises(ValidationError) as erreur:
        services.retirer_affectation(pilote, monde.lycee_a, annee)
    assert "n'est affecté à aucun opérateur" in erreur.value.messages[0]


def test_une_autre_annee_est_independante(monde, annee, ml_a):
    suivante, _ = type(annee).objects.get_or_create(annee_debut=annee.annee_debut + 1)
    services.affecter_lycee(fresh(monde.pilote_a), monde.lycee_a, suivante, ml_a)
    assert _etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
    assert _etat(monde.lycee_a, suivante) == (ml_a.pk, [])


# --- Naming counsellors -----------------------------------------------------------------------------


def test_l_administrateur_designe_les_conseillers_de_son_organisation(monde, annee):
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    services.designer_conseillers(
        fresh(monde.admin_ft_a), affectation, [monde.conseiller_a, monde.conseiller_a_non_designe]
    )
    assert set(affectation.conseillers.all()) == {monde.conseiller_a, monde.conseiller_a_non_designe}
    services.designer_conseillers(fresh(monde.admin_ft_a), affectation, [])
    assert list(affectation.conseillers.all()) == []


def test_un_conseiller_d_une_autre_organisation_est_refuse(monde, annee):
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    inactif = f.MembershipFactory(role=Role.CONSEILLER, organisation=monde.ft_a, user__is_active=False).user
    for intrus in (monde.conseiller_b, monde.admin_ft_a, monde.professeur_a, inactif):
        with pytest.raises(ValidationError) as erreur:
            services.designer_conseillers(
                fresh(monde.admin_ft_a), affectation, [monde.conseiller_a_non_designe, intrus]
            )
        message = erreur.value.messages[0]
        assert "Seuls les conseillers de « Agence France Travail A »" in message
        assert str(intrus.uuid) in message and intrus.nom not in message  # no name leaks
        assert list(affectation.conseillers.all()) == [monde.conseiller_a]


@pytest.mark.parametrize("qui", ["pilote_a", "conseiller_a", "chef_a", "pilote_national"])
def test_seul_l_administrateur_de_l_operateur_designe(monde, annee, qui):
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    with pytest.raises(PermissionDenied):
        services.designer_conseillers(
            fresh(getattr(monde, qui)), affectation, [monde.conseiller_a_non_designe]
        )
    assert list(affectation.conseillers.all()) == [monde.conseiller_a]


def test_l_administrateur_ne_touche_pas_l_affectation_d_un_autre_operateur(monde, annee):
    affectation_b = Affectation.objects.get(lycee=monde.lycee_b, annee=annee)
    with pytest.raises(PermissionDenied):
        services.designer_conseillers(fresh(monde.admin_ft_a), affectation_b, [])
    assert list(affectation_b.conseillers.all()) == [monde.conseiller_b]


# --- Lists ------------------------------------------------------------------------------------------


def test_listes_par_role(monde, annee):
    assert list(services.lycees_a_repartir(fresh(monde.pilote_a), annee)) == [
        monde.lycee_a,
        monde.lycee_a_non_affecte,
    ]
    assert list(services.lycees_a_repartir(fresh(monde.pilote_a), annee, operateur="non_affecte")) == [
        monde.lycee_a_non_affecte
    ]
    assert list(services.lycees_a_repartir(fresh(monde.pilote_a), annee, operateur="ft")) == [monde.lycee_a]
    assert list(services.lycees_a_repartir(fresh(monde.pilote_a), annee, operateur="ml")) == []
    assert list(services.lycees_a_repartir(fresh(monde.pilote_a), annee, operateur=str(monde.ft_a.uuid))) == [
        monde.lycee_a
    ]
    assert len(services.lycees_a_repartir(fresh(monde.pilote_national), annee)) == 3
    assert [a.lycee for a in services.affectations_de_l_operateur(fresh(monde.admin_ft_a), annee)] == [
        monde.lycee_a
    ]
    assert [a.lycee for a in services.affectations_de_l_operateur(fresh(monde.conseiller_a), annee)] == [
        monde.lycee_a
    ]
    assert list(services.affectations_de_l_operateur(fresh(monde.conseiller_a_non_designe), annee)) == []
    assert list(services.affectations_de_l_operateur(fresh(monde.pilote_a), annee)) == []


def test_visible_to_ne_repete_pas_une_affectation(monde, annee, ml_a):
    """An operator sees a lycée through its assignments of several years: each row once."""
    suivante, _ = type(annee).objects.get_or_create(annee_debut=annee.annee_debut + 1)
    f.AffectationFactory(lycee=monde.lycee_a, annee=suivante, operateur=monde.ft_a)
    visibles = list(Affectation.objects.visible_to(fresh(monde.admin_ft_a)))
    assert len(visibles) == len(set(visibles)) == 2


# --- The gauge --------------------------------------------------------------------------------------


def test_jauge_regionale_par_academie(monde, annee, ml_a):
    af.affectations(2, ml_a, "24", conseillers=0)  # académie de Créteil, same région
    jauge = services.jauge(fresh(monde.pilote_a), annee)
    assert not jauge.nationale
    assert [r.nom for r in jauge.regions] == ["Île-de-France"]
    region = jauge.regions[0]
    assert _chiffres(region) == (1, 2, 1)
    assert (region.part_france_travail, region.part_missions_locales) == (33.3, 66.7)
    assert region.reseau_en_exces == "Missions locales" and region.ecart_points == 16.7
    paris = next(a for a in region.academies if a.code == "01")
    creteil = next(a for a in region.academies if a.code == "24")
    assert _chiffres(paris) == (1, 0, 1) and paris.part_france_travail == 100.0 and not paris.equilibree
    assert paris.reseau_en_exces == "France Travail" and paris.ecart_points == 50.0
    assert _chiffres(creteil) == (0, 2, 0) and creteil.ecart == -50.0
    assert _chiffres(jauge.total) == (1, 2, 1)


def test_jauge_nationale(monde, annee):
    jauge = services.jauge(fresh(monde.pilote_national), annee)
    assert jauge.nationale
    assert len(jauge.regions) == 18
    assert _chiffres(_region(jauge, monde.lycee_a.organisation.region.code)) == (1, 0, 1)
    assert _chiffres(_region(jauge, monde.lycee_b.organisation.region.code)) == (0, 1, 0)
    assert _chiffres(jauge.total) == (1, 1, 1)
    assert jauge.total.part_france_travail == 50.0
    vide = next(r for r in jauge.regions if r.total == 0)
    assert vide.part_france_travail is None and vide.equilibree is None


def test_jauge_d_une_annee_sans_affectation(monde, annee):
    suivante, _ = type(annee).objects.get_or_create(annee_debut=annee.annee_debut + 1)
    jauge = services.jauge(fresh(monde.pilote_national), suivante)
    assert _chiffres(jauge.total) == (0, 0, 3)


@pytest.mark.parametrize("qui", ["conseiller_a", "admin_ft_a", "professeur_a", "chef_a"])
def test_jauge_reservee_aux_pilotes(monde, annee, qui):
    with pytest.raises(PermissionDenied):
        services.jauge(fresh(getattr(monde, qui)), annee)
