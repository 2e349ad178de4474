"""/api/v1/moi/: the caller, their roles, and the current one (chosen by X-Organisation)."""

from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from avenirpro.api import tokens
from avenirpro.enums import Role
from avenirpro.middleware import SESSION_KEY
from lycees import perms as lycees_perms
from tests import factories as f
from tests.api.conftest import client_jeton

MOI = "/api/v1/moi/"


def _resume(membership) -> dict:
    return {
        "uuid": str(membership.uuid),
        "organisation": {
            "uuid": str(membership.organisation.uuid),
            "nom": membership.organisation.nom,
            "type": membership.organisation.type,
            "type_libelle": membership.organisation.get_type_display(),
        },
        "role": membership.role,
        "role_libelle": membership.get_role_display(),
    }


def test_contenu(personne):
    conseil, professeur = personne.memberships.order_by("cree_le", "pk")
    client, _ = client_jeton(personne)
    data = client.get(MOI).json()
    assert data == {
        "uuid": str(personne.uuid),
        "email": personne.email,
        "prenom": personne.prenom,
        "nom": personne.nom,
        "memberships": [_resume(conseil), _resume(professeur)],
        "membership_courante": _resume(conseil),
    }


def test_sans_role(db):
    client, _ = client_jeton(f.UserFactory())
    data = client.get(MOI).json()
    assert data["memberships"] == []
    assert data["membership_courante"] is None


def test_x_organisation_par_uuid_du_role(personne):
    professeur = personne.memberships.get(role=Role.PROFESSEUR)
    client, _ = client_jeton(personne)
    data = client.get(MOI, HTTP_X_ORGANISATION=str(professeur.uuid)).json()
    assert data["membership_courante"]["uuid"] == str(professeur.uuid)


def test_x_organisation_par_uuid_de_l_organisation(personne):
    professeur = personne.memberships.get(role=Role.PROFESSEUR)
    client, _ = client_jeton(personne)
    data = client.get(MOI, HTTP_X_ORGANISATION=str(professeur.organisation.uuid)).json()
    assert data["membership_courante"]["uuid"] == str(professeur.uuid)


def test_x_organisation_d_un_autre_est_ignoree(personne, monde):
    conseil = personne.memberships.get(role=Role.CONSEILLER)
    etrangere = monde.chef_b.memberships.get()
    client, _ = client_jeton(personne)
    for valeur in (str(etrangere.uuid), str(etrangere.organisation.uuid), "pas-un-uuid"):
        data = client.get(MOI, HTTP_X_ORGANISATION=valeur).json()
        assert data["membership_courante"]["uuid"] == str(conseil.uuid)
        assert str(etrangere.uuid) not in [m["uuid"] for m in data["memberships"]]


def test_session_garde_le_choix_de_la_session(personne):
    conseil = personne.memberships.get(role=Role.CONSEILLER)
    professeur = personne.memberships.get(role=Role.PROFESSEUR)
    client = APIClient()
    client.force_login(personne)
    session = client.session
    session[SESSION_KEY] = str(professeur.uuid)
    session.save()
    assert client.get(MOI).json()["membership_courante"]["uuid"] == str(professeur.uuid)
    # The header wins over the session, for this request only.
    data = client.get(MOI, HTTP_X_ORGANISATION=str(conseil.uuid)).json()
    assert data["membership_courante"]["uuid"] == str(conseil.uuid)
    assert client.session[SESSION_KEY] == str(professeur.uuid)


class Perimetre(APIView):
    def get(self, request):
        perimetre = request.perimetre
        return Response(
            {"lycee": lycees_perms.lycee_id(perimetre), "courante": str(perimetre.membership.uuid)}
        )


def test_x_organisation_pilote_le_perimetre(monde):
    """The chosen membership is the one the access policy uses (request.membership and perimetre)."""
    user = monde.conseiller_a
    ddfpt = f.MembershipFactory(user=user, organisation=monde.lycee_b.organisation, role=Role.DDFPT)
    _, cle = tokens.creer_jeton(user, "Tests")
    vue = Perimetre.as_view()

    sans = vue(APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Token {cle}")).data
    assert sans == {"lycee": None, "courante": str(user.memberships.get(role=Role.CONSEILLER).uuid)}

    requete = APIRequestFactory().get(
        "/", HTTP_AUTHORIZATION=f"Token {cle}", HTTP_X_ORGANISATION=str(ddfpt.uuid)
    )
    assert vue(requete).data == {"lycee": monde.lycee_b.pk, "courante": str(ddfpt.uuid)}


def test_nombre_de_requetes_borne(db, django_assert_max_num_queries):
    for nombre in (1, 3):
        user = f.UserFactory()
        for _ in range(nombre):
            f.MembershipFactory(user=user)
        client, _ = client_jeton(user)
        client.get(MOI)  # records the first use
        with django_assert_max_num_queries(4):
            assert len(client.get(MOI).json()["memberships"]) == nombre
