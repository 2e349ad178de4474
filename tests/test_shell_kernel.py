from django.urls import reverse

from avenirpro.middleware import SESSION_KEY
from tests import factories as f
from tests.conftest import membre


def test_sante_repond_sans_connexion(client, db):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_connexion_requise_par_defaut(client, db):
    response = client.get(reverse("accueil"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_la_page_de_connexion_est_publique(client, db):
    assert client.get(reverse("account_login")).status_code == 200


def test_changer_d_organisation_parmi_les_siennes(client, monde):
    user = monde.conseiller_a
    autre = f.MembershipFactory(user=user, organisation=monde.lycee_b.organisation, role="professeur")
    client.force_login(user)
    response = client.post(reverse("changer_organisation"), {"membership": str(autre.uuid), "next": "/"})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(autre.uuid)


def test_changer_vers_l_organisation_d_un_autre_est_ignore(client, monde):
    etrangere = monde.chef_b.memberships.get()
    client.force_login(monde.conseiller_a)
    client.post(reverse("changer_organisation"), {"membership": str(etrangere.uuid)})
    assert SESSION_KEY not in client.session


def test_redirection_externe_refusee(client, monde):
    client.force_login(monde.conseiller_a)
    response = client.post(reverse("changer_organisation"), {"next": "https://ailleurs.example/"})
    assert response["Location"] == "/"


__all__ = ["membre"]
