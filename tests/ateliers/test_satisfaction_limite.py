"""The public questionnaire's flood limit: per questionnaire and client address (the login lockout's
address helper, so behind the proxy each pupil's address, not the proxy's), plus one answer per device
(the signed cookie). Two questionnaires, or two networks, never share a budget."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from ateliers.models import ReponseSeance
from ateliers.views import satisfaction as vues
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import QuestionnaireSeanceFactory, SeanceFactory


@pytest.fixture(autouse=True)
def limite_basse(monkeypatch):
    cache.clear()
    monkeypatch.setattr(vues, "LIMITE_PAR_QUESTIONNAIRE_ET_ADRESSE", 2)
    yield
    cache.clear()


def _questionnaire(lycee, conseiller):
    seance = SeanceFactory(
        lycee=lycee, divisions=divisions_de(lycee), conseillers=[conseiller], realisee=True
    )
    return QuestionnaireSeanceFactory(seance=seance)


@pytest.fixture
def questionnaires(monde):
    return (
        _questionnaire(monde.lycee_a, monde.conseiller_a),
        _questionnaire(monde.lycee_a, monde.conseiller_a),
        _questionnaire(monde.lycee_b, monde.conseiller_b),
    )


def _repondre(client, questionnaire, **extra):
    client.cookies.clear()  # a device that drops its cookie: only the flood limit stops it
    url = reverse("ateliers:questionnaire", kwargs={"jeton": questionnaire.jeton})
    return client.post(url, {"note": "4"}, **extra).status_code


def test_la_limite_est_par_questionnaire(client, questionnaires):
    q1, q2, q3 = questionnaires
    assert [_repondre(client, q1) for _ in range(3)] == [302, 302, 429]
    # The next class of the same lycée, same public address, another séance: its own budget.
    assert [_repondre(client, q2) for _ in range(2)] == [302, 302]
    assert _repondre(client, q3) == 302
    assert ReponseSeance.objects.filter(questionnaire=q1).count() == 2


def test_derriere_le_proxy_chaque_adresse_a_son_budget(client, questionnaires, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    q1 = questionnaires[0]
    proxy = {"REMOTE_ADDR": "172.16.0.1"}
    lycee_a = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    lycee_b = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert [_repondre(client, q1, **lycee_a) for _ in range(3)] == [302, 302, 429]
    assert _repondre(client, q1, **lycee_b) == 302


def test_sans_proxy_l_en_tete_n_est_pas_cru(client, questionnaires, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    q1 = questionnaires[0]
    codes = [_repondre(client, q1, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}") for i in range(3)]
    assert codes == [302, 302, 429]


def test_un_appareil_ne_repond_qu_une_fois(client, questionnaires):
    q1 = questionnaires[0]
    url = reverse("ateliers:questionnaire", kwargs={"jeton": q1.jeton})
    assert client.post(url, {"note": "4"}).status_code == 302
    deuxieme = client.post(url, {"note": "1"})
    assert deuxieme.status_code == 200
    assert "Vous avez déjà répondu" in deuxieme.content.decode()
    assert ReponseSeance.objects.filter(questionnaire=q1).count() == 1
