"""The registre (data inventory) is generated from the apps' declarations and misses nothing."""

from django.apps import apps
from django.urls import reverse

from avenirpro.donnees import registre
from avenirpro.donnees.historique import VersionHistorique
from avenirpro.scoping import PersonalDataModel
from tests.outils import connecte


def modeles_personnels():
    return [
        m
        for m in apps.get_models()
        if issubclass(m, PersonalDataModel) and not issubclass(m, VersionHistorique)
    ]


def test_chaque_modele_et_chaque_champ_personnel_est_au_registre():
    """Fails when an app adds a personal-data model, or a field to one, without saying why it keeps it."""
    manquants = []
    for modele in modeles_personnels():
        declaration = registre.declaration_de(modele)
        if declaration is None:
            manquants.append(modele._meta.label)
            continue
        manquants += [
            f"{modele._meta.label}.{c.name}"
            for c in modele._meta.concrete_fields
            if not declaration.finalite_de(c.name)
        ]
    assert manquants == []


def test_l_inventaire_donne_les_lecteurs_de_la_politique_d_acces():
    from lycees.models import Eleve

    declaration = registre.declaration_de(Eleve)
    assert "direction lycee" in declaration.lecteurs()
    assert any("comptages seulement" in lecteur for lecteur in declaration.lecteurs())
    lignes = {ligne.declaration.label: ligne for ligne in registre.inventaire()}
    champs = {nom: anonymisation for nom, _l, _f, anonymisation, _c in lignes["lycees.Eleve"].champs}
    assert champs["date_naissance"] == "réduit à l'année"
    assert champs["sexe"] == ""


def test_la_page_du_registre_est_pour_les_dpd_et_les_administrateurs(client, monde):
    from avenirpro.enums import Role, TypeOrganisation
    from tests import factories as f

    dpd = f.MembershipFactory(
        role=Role.DPD, organisation=f.OrganisationFactory(type=TypeOrganisation.ACADEMIE)
    ).user
    reponse = connecte(client, dpd).get(reverse("registre_donnees"))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    for modele in modeles_personnels():
        assert modele._meta.label in page
    assert "date_naissance" in page


def test_le_registre_est_refuse_aux_autres_roles(client, monde):
    assert connecte(client, monde.chef_a).get(reverse("registre_donnees")).status_code == 403


def test_l_administrateur_lit_le_registre(client, monde):
    assert connecte(client, monde.admin_ft_a).get(reverse("registre_donnees")).status_code == 200


def test_la_page_publique_se_lit_sans_compte(client, db):
    reponse = client.get("/donnees-personnelles/")
    assert reponse.status_code == 200
    page = reponse.content.decode()
    for attendu in ("intérêt public", "12 mois", "CNIL", "Délégués à la protection des données"):
        assert attendu in page
    assert reverse("donnees_personnelles") == "/donnees-personnelles/"
