"""The legal pages answer without login and are linked from the footer of every page."""

import pytest
from django.urls import reverse

from tests.outils import connecte

PAGES = ["mentions_legales", "accessibilite", "plan_du_site"]


@pytest.mark.parametrize("nom", PAGES)
def test_sans_connexion_200(client, db, nom):
    reponse = client.get(reverse(nom))
    assert reponse.status_code == 200
    assert 'href="/donnees-personnelles/"' in reponse.text


def test_liens_du_pied_de_page_sur_la_page_de_connexion_et_une_page_connectee(client, monde):
    for reponse in (
        client.get(reverse("account_login")),
        connecte(client, monde.chef_a).get(reverse("accueil")),
    ):
        pied = reponse.text.split('id="footer"', 1)[1]
        for nom in PAGES:
            assert f'href="{reverse(nom)}"' in pied
        assert 'href="/donnees-personnelles/"' in pied


def test_plan_du_site_montre_les_pages_du_role(client, monde):
    reponse = connecte(client, monde.chef_a).get(reverse("plan_du_site"))
    assert reverse("comptes:membres") in reponse.text
    assert reverse("plateforme:accueil") not in reponse.text


def test_declaration_d_accessibilite_donne_son_etat(client, db):
    assert "non conforme" in client.get(reverse("accessibilite")).text


def test_mon_espace_n_annonce_que_les_pages_qui_existent(client, monde):
    """A mission shows once its page exists: the regional pilot's dashboards now do; a mission whose page
    does not exist is left out."""
    from avenirpro.roles import DescriptionRole, Mission

    html = connecte(client, monde.pilote_a).get(reverse("accueil")).content.decode()
    assert "Vous ne voyez que des données agrégées" in html
    assert "Vous suivez les tableaux de bord de votre région académique." in html
    description = DescriptionRole("Essai", (Mission("Toujours"), Mission("Pas encore", "pas-construite")))
    assert [m.texte for m in description.missions_ouvertes(lambda nom: nom != "pas-construite")] == [
        "Toujours"
    ]
