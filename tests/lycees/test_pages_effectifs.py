"""Pages of the classes and students: who sees what, who changes what, bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lycees.enums import Diplome, MoyenInformation, Sexe
from lycees.models import Division, Eleve
from tests import factories as f
from tests.comptes.outils import avec_totp
from tests.conftest import fresh
from tests.lycees.test_import_fichiers import RAISON


def urls_objets(monde):
    eleve = monde.eleves_a[0]
    division = eleve.division
    lecture = [
        reverse("lycees:eleve", args=[eleve.uuid]),
        reverse("lycees:division", args=[division.uuid]),
        reverse("lycees:division_notice", args=[division.uuid]),
    ]
    ecriture = [
        reverse("lycees:eleve_modifier", args=[eleve.uuid]),
        reverse("lycees:eleve_supprimer", args=[eleve.uuid]),
        reverse("lycees:division_modifier", args=[division.uuid]),
        reverse("lycees:division_supprimer", args=[division.uuid]),
    ]
    post_seul = [reverse("lycees:division_familles_informees", args=[division.uuid])]
    return lecture, ecriture, post_seul


def instantane():
    return sorted(
        Eleve.objects.unscoped(RAISON).values_list(
            "uuid", "nom", "prenom", "division_id", "famille_informee_le", "famille_informee_par"
        )
    ) + sorted(Division.objects.unscoped(RAISON).values_list("uuid", "nom", "diplome", "specialite"))


POST_VALIDE = {
    "nom": "TBP NOUVELLE",
    "prenom": "Zoé",
    "diplome": Diplome.CAP,
    "specialite": "X",
    "date_naissance": "2008-01-01",
    "sexe": Sexe.FEMININ,
    "date": "2026-10-01",
    "moyen": MoyenInformation.COURRIER,
}


@pytest.mark.parametrize(
    "qui", ["chef_b", "conseiller_b", "conseiller_a_non_designe", "pilote_a", "admin_ft_a"]
)
def test_les_objets_d_un_autre_lycee_repondent_404(client, monde, qui):
    user = getattr(monde, qui)
    if qui in ("pilote_a", "admin_ft_a"):
        avec_totp(user)  # their second factor is mandatory before any page
    client.force_login(user)
    lecture, ecriture, post_seul = urls_objets(monde)
    avant = instantane()
    for url in lecture + ecriture:
        assert client.get(url).status_code == 404, url
    for url in ecriture + post_seul:
        assert client.post(url, POST_VALIDE).status_code == 404, url
    assert instantane() == avant


@pytest.mark.parametrize("qui", ["professeur_a", "conseiller_a"])
def test_lecture_seule_pour_le_professeur_et_le_conseiller(client, monde, qui):
    client.force_login(getattr(monde, qui))
    lecture, ecriture, post_seul = urls_objets(monde)
    avant = instantane()
    for url in lecture:
        assert client.get(url).status_code == 200, url
    for url in ecriture:
        assert client.get(url).status_code == 403, url
    for url in ecriture + post_seul:
        assert client.post(url, POST_VALIDE).status_code == 403, url
    for nom in ["lycees:division_creer", "lycees:eleve_creer", "lycees:import"]:
        assert client.get(reverse(nom)).status_code == 403, nom
        assert client.post(reverse(nom), POST_VALIDE).status_code == 403, nom
    assert instantane() == avant
    liste = client.get(reverse("lycees:eleves")).content.decode()
    assert monde.eleves_a[0].nom in liste
    assert "Ajouter un élève" not in liste and "Importer les effectifs" not in liste


@pytest.mark.parametrize("qui", ["chef_b", "conseiller_b", "pilote_a", "pilote_national"])
def test_les_listes_ne_montrent_pas_les_eleves_des_autres(client, monde, qui):
    user = getattr(monde, qui)
    if qui.startswith("pilote"):
        avec_totp(user)
    client.force_login(user)
    for nom in ["lycees:eleves", "lycees:divisions"]:
        page = client.get(reverse(nom))
        assert page.status_code == 200
        html = page.content.decode()
        for eleve in monde.eleves_a:
            assert str(eleve.uuid) not in html
        assert str(monde.eleves_a[0].division.uuid) not in html


def _remplir(monde, n):
    division = f.DivisionFactory(lycee=monde.lycee_a)
    f.EleveFactory.create_batch(n, division=division)
    return division


@pytest.mark.parametrize("qui", ["chef_a", "professeur_a", "conseiller_a"])
@pytest.mark.parametrize(
    ("nom", "bornes"),
    # lycees:eleve: + its change history, one query per historised model (the fiche, its attendance,
    # its interviews, notes, restitutions, alerts, follow-ups, AvenirPro+ enrolment, interview, actions…).
    [("lycees:eleves", 17), ("lycees:divisions", 16), ("lycees:division", 13), ("lycees:eleve", 22)],
)
def test_nombre_de_requetes_borne(client, monde, django_assert_max_num_queries, qui, nom, bornes):
    client.force_login(getattr(monde, qui))
    for n in (10, 30):
        division = _remplir(monde, n)
        if nom == "lycees:division":
            url = reverse(nom, args=[division.uuid])
        elif nom == "lycees:eleve":
            url = reverse(
                nom, args=[Eleve.objects.visible_to(fresh(monde.chef_a)).filter(division=division)[0].uuid]
            )
        else:
            url = reverse(nom)
        with django_assert_max_num_queries(bornes):
            assert client.get(url).status_code == 200


def test_liste_des_eleves_recherche_filtre_et_pagine(client, monde):
    client.force_login(monde.chef_a)
    division = f.DivisionFactory(lycee=monde.lycee_a, nom="TCAP EPC", diplome=Diplome.CAP)
    f.EleveFactory.create_batch(57, division=division)
    cible = f.EleveFactory(division=division, nom="Zyxwvutsr", prenom="Aïcha", ine="1234567890A")
    cible.famille_informee_le = datetime.date(2026, 10, 1)
    cible.famille_informee_par = MoyenInformation.ENT
    cible.save()

    page = client.get(reverse("lycees:eleves")).content.decode()
    assert "61 élèves ; familles informées : 1." in page
    assert "1 / 2" in page
    assert client.get(reverse("lycees:eleves"), {"page": 2}).context["page"].object_list.__len__() == 11

    for recherche in ["zyxw", "Aïcha zyx", "1234567890a"]:
        trouves = list(client.get(reverse("lycees:eleves"), {"q": recherche}).context["page"].object_list)
        assert trouves == [cible], recherche
    par_classe = client.get(reverse("lycees:eleves"), {"division": str(division.uuid)}).context
    assert par_classe["comptes"]["total"] == 58
    informees = client.get(reverse("lycees:eleves"), {"famille": "informee"}).context
    assert list(informees["page"].object_list) == [cible]
    autre = client.get(reverse("lycees:eleves"), {"division": str(monde.eleves_b[0].division.uuid)})
    assert autre.status_code == 404, "another lycée's class is not found"
    assert client.get(reverse("lycees:eleves"), {"annee": "1990", "page": "abc"}).status_code == 200


def test_annee_precedente_pour_le_lycee(client, monde):
    passee = f.AnneeScolaireFactory(annee_debut=monde.eleves_a[0].annee.annee_debut - 1)
    ancien = f.EleveFactory(division=f.DivisionFactory(lycee=monde.lycee_a, annee=passee), nom="Ancien")
    client.force_login(monde.chef_a)
    assert "Ancien" not in client.get(reverse("lycees:eleves")).content.decode()
    page = client.get(reverse("lycees:eleves"), {"annee": passee.annee_debut}).content.decode()
    assert "Ancien" in page
    client.force_login(monde.conseiller_a)
    page = client.get(reverse("lycees:eleves"), {"annee": passee.annee_debut}).content.decode()
    assert "Ancien" not in page, "a counsellor sees the lycée's students of the year of the assignment only"
    assert client.get(reverse("lycees:eleve", args=[ancien.uuid])).status_code == 404


def test_conseiller_de_plusieurs_lycees_filtre_par_lycee(client, monde):
    second = f.LyceeFactory(nom="Lycée A bis")
    f.AffectationFactory(lycee=second, operateur=monde.ft_a, conseillers=[monde.conseiller_a])
    autre = f.EleveFactory(division=f.DivisionFactory(lycee=second), nom="Bisounours")
    client.force_login(monde.conseiller_a)
    tous = client.get(reverse("lycees:eleves"))
    assert tous.context["comptes"]["total"] == 4
    assert "Lycée A bis" in tous.content.decode()
    seulement = client.get(reverse("lycees:eleves"), {"lycee": str(second.uuid)}).context
    assert list(seulement["page"].object_list) == [autre]
    etranger = client.get(reverse("lycees:eleves"), {"lycee": str(monde.lycee_b.uuid)})
    assert etranger.status_code == 404, "another lycée is not found, never the user's own list instead"


# --- divisions -----------------------------------------------------------------------------------


def test_creer_modifier_supprimer_une_classe(client, monde):
    client.force_login(monde.chef_a)
    reponse = client.post(
        reverse("lycees:division_creer"),
        {"nom": " tbp  mcv ", "diplome": Diplome.BAC_PRO, "specialite": "Vente"},
    )
    division = Division.objects.visible_to(fresh(monde.chef_a)).get(nom="TBP MCV")
    assert reponse["Location"] == reverse("lycees:division", args=[division.uuid])

    doublon = client.post(reverse("lycees:division_creer"), {"nom": "TBP mcv", "diplome": Diplome.CAP})
    assert "Une classe « TBP MCV » existe déjà" in doublon.content.decode()
    sans_diplome = client.post(reverse("lycees:division_creer"), {"nom": "TX", "diplome": "licence"})
    assert sans_diplome.status_code == 200 and "Sélectionnez un choix valide" in sans_diplome.content.decode()

    eleve = f.EleveFactory(division=division, diplome=Diplome.BAC_PRO, specialite="Vente")
    client.post(
        reverse("lycees:division_modifier", args=[division.uuid]),
        {"nom": "TBP MCV B", "diplome": Diplome.BMA, "specialite": "Vente et commerce"},
    )
    division.refresh_from_db()
    eleve.refresh_from_db()
    assert (division.nom, division.diplome) == ("TBP MCV B", Diplome.BMA)
    assert (eleve.diplome, eleve.specialite) == (Diplome.BMA, "Vente et commerce"), "the students follow"

    refus = client.post(reverse("lycees:division_supprimer", args=[division.uuid]))
    assert refus.status_code == 400
    assert "La classe TBP MCV B compte 1 élève" in refus.content.decode()
    assert Division.objects.visible_to(fresh(monde.chef_a)).filter(pk=division.pk).exists()

    eleve.delete()
    assert client.get(reverse("lycees:division_supprimer", args=[division.uuid])).status_code == 200
    client.post(reverse("lycees:division_supprimer", args=[division.uuid]))
    assert not Division.objects.visible_to(fresh(monde.chef_a)).filter(pk=division.pk).exists()


def test_marquer_les_familles_informees(client, monde):
    client.force_login(monde.chef_a)
    division = monde.eleves_a[0].division
    deja = monde.eleves_a[0]
    deja.famille_informee_le = datetime.date(2026, 9, 15)
    deja.famille_informee_par = MoyenInformation.REUNION
    deja.save()
    url = reverse("lycees:division_familles_informees", args=[division.uuid])
    futur = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    refus = client.post(url, {"date": futur, "moyen": MoyenInformation.COURRIER})
    assert refus.status_code == 400 and "ne peut pas être dans le futur" in refus.content.decode()
    assert client.post(url, {"date": "2026-10-01", "moyen": ""}).status_code == 400

    client.post(url, {"date": "2026-10-01", "moyen": MoyenInformation.COURRIER})
    valeurs = {
        e.pk: (e.famille_informee_le, e.famille_informee_par)
        for e in Eleve.objects.visible_to(fresh(monde.chef_a)).filter(division=division)
    }
    assert valeurs[deja.pk] == (datetime.date(2026, 9, 15), MoyenInformation.REUNION), "the first date stays"
    assert sorted(set(valeurs.values())) == sorted(
        {(datetime.date(2026, 9, 15), "reunion"), (datetime.date(2026, 10, 1), "courrier")}
    )


# --- élèves --------------------------------------------------------------------------------------


def test_creer_et_modifier_un_eleve(client, monde):
    client.force_login(monde.chef_a)
    division = monde.eleves_a[0].division
    page = client.get(reverse("lycees:eleve_creer"), {"division": str(division.uuid)})
    assert page.status_code == 200 and "«INVALID" not in page.content.decode()
    annee = division.annee.annee_debut
    donnees = {
        "division": str(division.uuid),
        "nom": "Nouvel",
        "prenom": "Élève",
        "date_naissance": f"{annee - 18}-03-04",
        "sexe": Sexe.MASCULIN,
        "ine": "12345 67890 a",
        "parcours": "insertion",
    }
    reponse = client.post(reverse("lycees:eleve_creer"), donnees)
    eleve = Eleve.objects.visible_to(fresh(monde.chef_a)).get(nom="Nouvel")
    assert reponse["Location"] == reverse("lycees:eleve", args=[eleve.uuid])
    assert (eleve.ine, eleve.diplome, eleve.specialite) == (
        "1234567890A",
        division.diplome,
        division.specialite,
    )

    doublon = client.post(reverse("lycees:eleve_creer"), {**donnees, "ine": ""}).content.decode()
    assert "est déjà inscrit(e) dans ce lycée cette année" in doublon
    mauvais = client.post(
        reverse("lycees:eleve_creer"),
        {
            **donnees,
            "nom": "Autre",
            "ine": "123",
            "date_naissance": "1950-01-01",
            "famille_informee_le": "2026-10-01",
        },
    ).content.decode()
    assert "INE « 123 » invalide" in mauvais
    assert "peu plausible" in mauvais
    assert "Indiquez comment la famille a été informée." in mauvais
    autre_classe = client.post(
        reverse("lycees:eleve_creer"),
        {**donnees, "nom": "Autre", "division": str(monde.eleves_b[0].division.uuid)},
    )
    assert "Choisissez une classe de ce lycée" in autre_classe.content.decode()
    assert Eleve.objects.visible_to(fresh(monde.chef_a)).filter(nom="Autre").count() == 0

    fiche = client.get(reverse("lycees:eleve_modifier", args=[eleve.uuid]))
    assert "«INVALID" not in fiche.content.decode()
    client.post(
        reverse("lycees:eleve_modifier", args=[eleve.uuid]),
        {
            **donnees,
            "resultat_examen": "admis",
            "solution": "apprentissage",
            "famille_informee_le": "2026-10-02",
            "famille_informee_par": "ent",
        },
    )
    eleve.refresh_from_db()
    assert (eleve.resultat_examen, eleve.solution, eleve.famille_informee_par) == (
        "admis",
        "apprentissage",
        "ent",
    )
    detail = client.get(reverse("lycees:eleve", args=[eleve.uuid])).content.decode()
    assert "Apprentissage" in detail and "Espace numérique de travail" in detail

    client.post(reverse("lycees:eleve_supprimer", args=[eleve.uuid]))
    assert not Eleve.objects.visible_to(fresh(monde.chef_a)).filter(pk=eleve.pk).exists()


@pytest.mark.parametrize("qui", ["chef_a", "professeur_a", "conseiller_a"])
def test_pages_sans_variable_inconnue(client, monde, qui):
    client.force_login(getattr(monde, qui))
    eleve = monde.eleves_a[0]
    for url in [
        reverse("lycees:eleves"),
        reverse("lycees:divisions"),
        reverse("lycees:eleve", args=[eleve.uuid]),
        reverse("lycees:division", args=[eleve.division.uuid]),
    ]:
        html = client.get(url).content.decode()
        assert "«INVALID" not in html, url


def test_le_filtre_des_classes_d_un_conseiller_de_plusieurs_lycees(client, monde):
    """Every class of the lycées he serves, named with its lycée; the chosen one selected; a class he
    does not read is a 404."""
    second = f.LyceeFactory(nom="Lycée A bis")
    f.AffectationFactory(lycee=second, operateur=monde.ft_a, conseillers=[monde.conseiller_a])
    classe = f.DivisionFactory(lycee=second, nom="TCAP <Vente>")
    f.EleveFactory(division=classe, nom="Bisounours")
    client.force_login(monde.conseiller_a)

    page = client.get(reverse("lycees:eleves"), {"division": str(classe.uuid)})

    html = page.content.decode()
    assert f'<option value="{classe.uuid}" selected>TCAP &lt;Vente&gt; — Lycée A bis</option>' in html
    assert f'<option value="{monde.eleves_a[0].division.uuid}">' in html
    assert [e.nom for e in page.context["page"].object_list] == ["Bisounours"]
    une_du_seul_lycee = client.get(reverse("lycees:eleves"), {"lycee": str(second.uuid)}).content.decode()
    assert f'<option value="{classe.uuid}">TCAP &lt;Vente&gt;</option>' in une_du_seul_lycee
    assert f'value="{monde.eleves_a[0].division.uuid}"' not in une_du_seul_lycee
    autre = f.DivisionFactory(lycee=monde.lycee_b)
    assert client.get(reverse("lycees:eleves"), {"division": str(autre.uuid)}).status_code == 404
