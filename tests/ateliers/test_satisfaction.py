"""Satisfaction: QR code page, the public questionnaire, the team's questionnaire, the results."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ateliers.enums import StatutSeance
from ateliers.models import ParticipationEquipe, QuestionnaireSeance, ReponseEquipe, ReponseSeance
from ateliers.views import satisfaction as vues
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import QuestionnaireSeanceFactory, ReponseSeanceFactory, SeanceFactory


@pytest.fixture(autouse=True)
def cache_vide():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def questionnaire_a(monde):
    seance = SeanceFactory(
        lycee=monde.lycee_a,
        divisions=divisions_de(monde.lycee_a),
        conseillers=[monde.conseiller_a],
        realisee=True,
    )
    return QuestionnaireSeanceFactory(seance=seance)


def url_public(questionnaire):
    return reverse("ateliers:questionnaire", kwargs={"jeton": questionnaire.jeton})


def url_qr(questionnaire):
    return reverse("ateliers:seance_questionnaire", kwargs={"uuid": questionnaire.seance.uuid})


# --- QR code ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("qui", ["conseiller_a", "professeur_a"])
def test_la_page_du_qr_code(client, monde, questionnaire_a, qui):
    client.force_login(getattr(monde, qui))
    contenu = client.get(url_qr(questionnaire_a)).content.decode()
    assert 'src="data:image/svg+xml' in contenu
    assert questionnaire_a.jeton in contenu
    assert "INVALID" not in contenu


def test_ouvrir_le_questionnaire_d_une_seance_realisee(client, monde):
    seance = SeanceFactory(
        lycee=monde.lycee_a,
        divisions=divisions_de(monde.lycee_a),
        conseillers=[monde.conseiller_a],
        realisee=True,
    )
    client.force_login(monde.professeur_a)
    url = reverse("ateliers:seance_questionnaire", kwargs={"uuid": seance.uuid})
    assert client.post(url).status_code == 403
    client.force_login(monde.conseiller_a)
    assert client.post(url).status_code == 302
    assert QuestionnaireSeance.objects.filter(seance=seance).exists()


@pytest.mark.parametrize("qui", ["conseiller_b", "chef_b"])
def test_le_qr_code_d_un_autre_lycee_est_introuvable(client, monde, questionnaire_a, qui):
    client.force_login(getattr(monde, qui))
    assert client.get(url_qr(questionnaire_a)).status_code == 404


# --- questionnaire public -----------------------------------------------------------------------------


def test_repondre_sans_compte(client, questionnaire_a):
    page = client.get(url_public(questionnaire_a))
    assert page.status_code == 200
    contenu = page.content.decode()
    assert 'name="note"' in contenu
    assert "INVALID" not in contenu
    reponse = client.post(url_public(questionnaire_a), {"note": "4", "commentaire": "Super atelier"})
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse(
        "ateliers:questionnaire_merci", kwargs={"jeton": questionnaire_a.jeton}
    )
    assert client.get(reponse["Location"]).status_code == 200
    assert ReponseSeance.objects.get().note == 4


def test_la_page_publique_ne_montre_aucune_donnee_personnelle(client, monde, questionnaire_a):
    contenu = client.get(url_public(questionnaire_a)).content.decode()
    for eleve in monde.eleves_a:
        assert str(eleve) not in contenu
    assert str(monde.conseiller_a) not in contenu
    assert questionnaire_a.seance.membre_equipe_nom not in contenu


def test_une_reponse_ne_stocke_rien_de_personnel(client, questionnaire_a):
    client.post(url_public(questionnaire_a), {"note": "3"}, REMOTE_ADDR="203.0.113.9")
    champs = {champ.name for champ in ReponseSeance._meta.get_fields()}
    assert champs == {"id", "questionnaire", "note", "commentaire", "cree_le"}
    reponse = ReponseSeance.objects.get()
    assert isinstance(reponse.cree_le, datetime.date) and not isinstance(reponse.cree_le, datetime.datetime)
    assert "203.0.113.9" not in str(ReponseSeance.objects.values().get())


def test_une_seule_reponse_par_appareil(client, questionnaire_a):
    client.post(url_public(questionnaire_a), {"note": "4"})
    deuxieme = client.post(url_public(questionnaire_a), {"note": "1"})
    assert deuxieme.status_code == 200
    assert "déjà répondu" in deuxieme.content.decode()
    assert ReponseSeance.objects.count() == 1
    # Another device (no cookie) may answer.
    client.cookies.clear()
    client.post(url_public(questionnaire_a), {"note": "2"})
    assert ReponseSeance.objects.count() == 2


def test_un_cookie_falsifie_est_ignore(client, questionnaire_a):
    client.cookies[vues.COOKIE] = str(questionnaire_a.pk)
    assert client.post(url_public(questionnaire_a), {"note": "4"}).status_code == 302


def test_refuse_apres_14_jours(client, questionnaire_a):
    questionnaire_a.ouvert_le = timezone.now() - datetime.timedelta(days=15)
    questionnaire_a.ferme_le = questionnaire_a.ouvert_le + datetime.timedelta(days=14)
    questionnaire_a.save()
    assert client.get(url_public(questionnaire_a)).status_code == 410
    reponse = client.post(url_public(questionnaire_a), {"note": "4"})
    assert reponse.status_code == 410
    assert "fermé" in reponse.content.decode()
    assert ReponseSeance.objects.count() == 0


def test_une_note_invalide_est_refusee(client, questionnaire_a):
    reponse = client.post(url_public(questionnaire_a), {"note": "9"})
    assert reponse.status_code == 200
    assert "fr-fieldset--error" in reponse.content.decode()
    assert ReponseSeance.objects.count() == 0


def test_un_jeton_inconnu_est_introuvable(client, db):
    assert client.get(reverse("ateliers:questionnaire", kwargs={"jeton": "inconnu"})).status_code == 404


def test_limite_par_adresse(client, questionnaire_a, settings, monkeypatch):
    monkeypatch.setattr(vues, "LIMITE_PAR_QUESTIONNAIRE_ET_ADRESSE", 2)
    for _ in range(2):
        client.cookies.clear()
        assert client.post(url_public(questionnaire_a), {"note": "4"}).status_code == 302
    client.cookies.clear()
    assert client.post(url_public(questionnaire_a), {"note": "4"}).status_code == 429
    assert ReponseSeance.objects.count() == 2


# --- questionnaire de l'équipe éducative --------------------------------------------------------------


def test_l_equipe_repond_une_fois(client, monde):
    client.force_login(monde.professeur_a)
    url = reverse("ateliers:questionnaire_equipe")
    page = client.get(url)
    assert page.status_code == 200
    assert "INVALID" not in page.content.decode()
    assert client.post(url, {"note": "3", "commentaire": "Bien"}).status_code == 302
    assert "Vous avez répondu" in client.get(url).content.decode()
    client.post(url, {"note": "1"})
    assert ReponseEquipe.objects.count() == 1
    assert ParticipationEquipe.objects.get().user == monde.professeur_a


@pytest.mark.parametrize("qui", ["conseiller_a", "conseiller_b"])
def test_le_questionnaire_d_equipe_est_reserve_aux_lycees(client, monde, qui):
    client.force_login(getattr(monde, qui))
    assert client.post(reverse("ateliers:questionnaire_equipe"), {"note": "4"}).status_code == 403
    assert ReponseEquipe.objects.count() == 0


# --- résultats ----------------------------------------------------------------------------------------


def test_les_resultats(client, monde, questionnaire_a):
    for note in (4, 3, 2, 4):
        ReponseSeanceFactory(questionnaire=questionnaire_a, note=note)
    client.force_login(monde.chef_a)
    client.post(reverse("ateliers:questionnaire_equipe"), {"note": "2"})
    client.force_login(monde.conseiller_a)
    contenu = client.get(reverse("ateliers:satisfaction")).content.decode()
    assert "75 % satisfaits" in contenu
    assert monde.lycee_a.nom in contenu
    assert monde.conseiller_a.nom in contenu
    assert "0 % <span" in contenu  # the team: 0 of 1 satisfied
    assert "INVALID" not in contenu
    seance = client.get(reverse("ateliers:seance", kwargs={"uuid": questionnaire_a.seance.uuid}))
    assert "4 réponses, 75 % satisfaits" in seance.content.decode()


def test_les_resultats_d_un_autre_lycee_restent_caches(client, monde, questionnaire_a):
    ReponseSeanceFactory(questionnaire=questionnaire_a, note=4)
    client.force_login(monde.chef_b)
    contenu = client.get(reverse("ateliers:satisfaction")).content.decode()
    assert monde.lycee_a.nom not in contenu
    assert "Aucune réponse cette année" in contenu


def test_les_resultats_ont_un_nombre_de_requetes_borne(client, monde, django_assert_max_num_queries):
    client.force_login(monde.conseiller_a)

    def seances(n):
        for _ in range(n):
            q = QuestionnaireSeanceFactory(
                seance=SeanceFactory(
                    lycee=monde.lycee_a,
                    divisions=divisions_de(monde.lycee_a),
                    conseillers=[monde.conseiller_a],
                    statut=StatutSeance.REALISEE,
                )
            )
            ReponseSeanceFactory.create_batch(2, questionnaire=q)

    seances(2)
    with django_assert_max_num_queries(20) as petit:
        client.get(reverse("ateliers:satisfaction"))
    borne = len(petit.captured_queries)  # now: each request empties the query log
    seances(6)
    with django_assert_max_num_queries(borne):
        client.get(reverse("ateliers:satisfaction"))
