"""Errors of the API: JSON, in French, ``{"detail": …}`` plus one list of messages per field."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from tests import factories as f


class Saisie(serializers.Serializer):
    nom = serializers.CharField(max_length=5)
    date = serializers.DateField()


class Service(APIView):
    """Stands for a viewset calling a service: the service raises, the view does nothing about it."""

    erreur: Exception = RuntimeError("erreur non précisée")

    def post(self, request):
        if request.data.get("valider"):
            Saisie(data=request.data["valider"]).is_valid(raise_exception=True)
        raise self.erreur


def appeler(erreur: Exception, donnees=None, user=None):
    requete = APIRequestFactory().post("/", donnees or {}, format="json")
    force_authenticate(requete, user=user or f.UserFactory())
    return Service.as_view(erreur=erreur)(requete)


def test_validation_error_d_un_service_400(db):
    response = appeler(ValidationError("Cette séance est déjà close."))
    assert response.status_code == 400
    assert response.data == {"detail": "Cette séance est déjà close."}


def test_validation_error_par_champ_400(db):
    erreur = ValidationError(
        {
            "date": "La date doit tomber dans l'année scolaire.",
            "__all__": ["Cette division n'est pas de ce lycée."],
        }
    )
    response = appeler(erreur)
    assert response.status_code == 400
    assert response.data == {
        "detail": "Cette division n'est pas de ce lycée.",
        "date": ["La date doit tomber dans l'année scolaire."],
    }


def test_validation_error_avec_parametres(db):
    response = appeler(ValidationError("Au plus %(n)s élèves.", params={"n": 30}))
    assert response.data == {"detail": "Au plus 30 élèves."}


def test_erreurs_de_saisie_du_serializer_en_francais(db):
    response = appeler(RuntimeError("jamais atteint"), {"valider": {"nom": "beaucoup trop long"}})
    assert response.status_code == 400
    assert response.data == {
        "detail": "Les données envoyées ne sont pas valides.",
        "nom": ["Assurez-vous que ce champ comporte au plus 5\xa0caractères."],
        "date": ["Ce champ est obligatoire."],
    }


def test_erreurs_non_liees_a_un_champ_du_serializer(db):
    response = appeler(exceptions.ValidationError({"non_field_errors": ["Doublon."], "nom": "Trop court."}))
    assert response.data == {"detail": "Doublon.", "nom": ["Trop court."]}


@pytest.mark.parametrize(
    ("erreur", "statut", "message"),
    [
        (Http404("No Eleve matches the given query."), 404, "Ressource introuvable."),
        (exceptions.NotFound(), 404, "Ressource introuvable."),
        (exceptions.PermissionDenied(), 403, "Vous n'avez pas la permission d'effectuer cette action."),
        (
            exceptions.PermissionDenied("Réservé à la direction du lycée."),
            403,
            "Réservé à la direction du lycée.",
        ),
        (exceptions.AuthenticationFailed(), 401, "Informations d'authentification incorrectes."),
        (exceptions.ParseError(), 400, "Requête malformée."),
    ],
)
def test_messages_en_francais(db, erreur, statut, message):
    response = appeler(erreur)
    assert response.status_code == statut
    assert response.data == {"detail": message}


def test_json_invalide_400_en_francais(db):
    requete = APIRequestFactory().post("/", "{pas du json", content_type="application/json")
    force_authenticate(requete, user=f.UserFactory())
    response = Service.as_view(erreur=RuntimeError())(requete)
    assert response.status_code == 400
    assert response.data == {"detail": "Le corps de la requête n'est pas du JSON valide."}


def test_405_en_francais(db):
    requete = APIRequestFactory().delete("/")
    force_authenticate(requete, user=f.UserFactory())
    response = Service.as_view(erreur=RuntimeError())(requete)
    assert response.status_code == 405
    assert response.data == {"detail": "Méthode «\xa0DELETE\xa0» non autorisée."}


class Frein(BaseThrottle):
    def allow_request(self, request, view):
        return False

    def wait(self):
        return 30


def test_429_en_francais(db):
    requete = APIRequestFactory().post("/", {}, format="json")
    force_authenticate(requete, user=f.UserFactory())
    response = Service.as_view(erreur=RuntimeError(), throttle_classes=[Frein])(requete)
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert response.data == {"detail": "Requête ralentie. Disponible à nouveau dans 30 secondes."}


def test_une_autre_exception_n_est_pas_masquee(db):
    with pytest.raises(RuntimeError):
        appeler(RuntimeError("bogue"))


def test_un_navigateur_recoit_aussi_du_json(client, db):
    response = client.get("/api/v1/moi/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Authentification requise")


def test_multipart_mal_forme_400_en_francais(db):
    requete = APIRequestFactory().post(
        "/", b"--x\r\nnimporte quoi", content_type="multipart/form-data; boundary=\x00"
    )
    force_authenticate(requete, user=f.UserFactory())
    response = Service.as_view(erreur=RuntimeError())(requete)
    assert response.status_code == 400
    assert response.data["detail"].startswith("Le corps de la requête est mal formé")


def test_jeu_de_caracteres_inconnu_400_en_francais(db):
    requete = APIRequestFactory().post("/", b'{"a": 1}', content_type="application/json; charset=bz2_codec")
    force_authenticate(requete, user=f.UserFactory())
    response = Service.as_view(erreur=RuntimeError())(requete)
    assert response.status_code == 400
    assert response.data == {
        "detail": "Le jeu de caractères indiqué dans l'en-tête Content-Type n'est pas pris en charge : "
        "utilisez UTF-8."
    }


def test_multipart_sur_la_vraie_api_400_en_francais(client, monde):
    client.force_login(monde.chef_a)
    response = client.generic(
        "POST", "/api/v1/eleves/", b"pas du multipart", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Le corps de la requête est mal formé")
