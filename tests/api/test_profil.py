"""« Mon profil » (/profil/): identity, roles, and one's own API tokens (create, revoke)."""

import hashlib
import re

import pytest
from django.urls import reverse

from avenirpro.api import tokens
from avenirpro.models import JetonAPI
from tests import factories as f

INDEX = "/profil/"


def test_url():
    assert reverse("profil:index") == INDEX


def test_connexion_requise(client, db):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_page_identite_roles_et_liens(client, personne):
    client.force_login(personne)
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Mon profil — AvenirPro</title>" in html
    assert personne.email in html
    assert personne.get_full_name() in html
    for membership in personne.memberships.all():
        assert membership.organisation.nom in html
        assert membership.get_role_display() in html
    assert f'href="{reverse("account_change_password")}"' in html
    assert f'href="{reverse("mfa_index")}"' in html
    assert "INVALID" not in html


def test_la_page_ne_montre_que_mes_jetons(client, db):
    moi, autre = f.UserFactory(), f.UserFactory()
    mien, _ = tokens.creer_jeton(moi, "Mon script")
    sien, _ = tokens.creer_jeton(autre, "Script de quelqu'un d'autre")
    revoque, _ = tokens.creer_jeton(moi, "Ancien script")
    tokens.revoquer_jeton(moi, revoque.uuid)
    client.force_login(moi)
    html = client.get(INDEX).content.decode()
    assert "Mon script" in html
    assert mien.prefixe in html
    assert reverse("profil:revoquer_jeton", args=[mien.uuid]) in html
    assert "quelqu&#x27;un d&#x27;autre" not in html
    assert str(sien.uuid) not in html
    assert "Ancien script" not in html


def test_creer_un_jeton_montre_la_cle_une_seule_fois(client, db):
    user = f.UserFactory()
    client.force_login(user)
    response = client.post(reverse("profil:creer_jeton"), {"nom": "  Export hebdomadaire  "})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    cle = re.search(r'id="cle-jeton" type="text" value="(avp_[A-Za-z0-9_-]+)"', html).group(1)
    jeton = JetonAPI.objects.get(user=user)
    assert jeton.nom == "Export hebdomadaire"
    # Only the digest is stored, never the key.
    assert jeton.empreinte == hashlib.sha256(cle.encode()).hexdigest()
    assert jeton.prefixe == cle[:8]
    assert cle not in {
        str(v) for v in JetonAPI.objects.values_list(*[c.attname for c in JetonAPI._meta.fields]).get()
    }
    assert cle not in str(dict(client.session))
    # The key works, and is never shown again.
    assert client.get("/api/v1/moi/", HTTP_AUTHORIZATION=f"Token {cle}").status_code == 200
    assert cle not in client.get(INDEX).content.decode()


@pytest.mark.parametrize(
    ("nom", "message"),
    [
        ("", "Donnez un nom au jeton (par exemple, le script qui l&#x27;utilisera)."),
        ("   ", "Donnez un nom au jeton (par exemple, le script qui l&#x27;utilisera)."),
        ("x" * 101, "Le nom du jeton ne peut dépasser 100 caractères."),
    ],
)
def test_creer_un_jeton_nom_invalide(client, db, nom, message):
    user = f.UserFactory()
    client.force_login(user)
    response = client.post(reverse("profil:creer_jeton"), {"nom": nom})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert not JetonAPI.objects.exists()


def test_nombre_de_jetons_actifs_limite(client, db):
    user = f.UserFactory()
    for n in range(tokens.MAX_JETONS_ACTIFS):
        tokens.creer_jeton(user, f"Jeton {n}")
    client.force_login(user)
    response = client.post(reverse("profil:creer_jeton"), {"nom": "Un de trop"})
    assert response.status_code == 400
    assert "Vous avez déjà 20 jetons actifs : révoquez-en un avant d&#x27;en créer un autre." in (
        response.content.decode()
    )
    assert JetonAPI.objects.filter(user=user).count() == tokens.MAX_JETONS_ACTIFS


def test_creer_exige_post(client, db):
    client.force_login(f.UserFactory())
    assert client.get(reverse("profil:creer_jeton")).status_code == 405
    assert not JetonAPI.objects.exists()


def test_revoquer_demande_confirmation_puis_revoque(client, db):
    user = f.UserFactory()
    jeton, cle = tokens.creer_jeton(user, "Mon script")
    client.force_login(user)
    url = reverse("profil:revoquer_jeton", args=[jeton.uuid])

    confirmation = client.get(url)
    assert confirmation.status_code == 200
    html = confirmation.content.decode()
    assert "Révoquer le jeton « Mon script »" in html
    assert f'<form method="post" action="{url}">' in html
    jeton.refresh_from_db()
    assert jeton.revoque_le is None

    response = client.post(url, follow=True)
    assert response.redirect_chain == [(INDEX, 302)]
    assert "Le jeton « Mon script » est révoqué" in response.content.decode()
    jeton.refresh_from_db()
    assert jeton.revoque_le is not None
    assert client.get("/api/v1/moi/", HTTP_AUTHORIZATION=f"Token {cle}").status_code == 401


def test_revoquer_le_jeton_d_un_autre_404(client, db):
    moi, autre = f.UserFactory(), f.UserFactory()
    sien, cle = tokens.creer_jeton(autre, "Son script")
    client.force_login(moi)
    url = reverse("profil:revoquer_jeton", args=[sien.uuid])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    sien.refresh_from_db()
    assert sien.revoque_le is None
    assert client.get("/api/v1/moi/", HTTP_AUTHORIZATION=f"Token {cle}").status_code == 200


def test_revoquer_deux_fois_404(client, db):
    user = f.UserFactory()
    jeton, _ = tokens.creer_jeton(user, "Mon script")
    client.force_login(user)
    url = reverse("profil:revoquer_jeton", args=[jeton.uuid])
    client.post(url)
    jeton.refresh_from_db()
    revoque_le = jeton.revoque_le
    assert client.post(url).status_code == 404
    jeton.refresh_from_db()
    assert jeton.revoque_le == revoque_le


def test_nombre_de_requetes_borne(client, db, django_assert_max_num_queries):
    for nombre in (2, 6):
        user = f.UserFactory()
        for n in range(nombre):
            tokens.creer_jeton(user, f"Jeton {n}")
            f.MembershipFactory(user=user)
        client.force_login(user)
        with django_assert_max_num_queries(12):
            response = client.get(INDEX)
        assert response.content.decode().count("Révoquer<span") == nombre
