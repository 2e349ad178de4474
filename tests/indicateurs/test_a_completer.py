"""« Données à compléter »: the records the data-quality check counts, listed to those who fix them, each
their own (an operator's named counsellors, a lycée's direction), with a link to where they are fixed;
404 for anyone else; the reads are logged; bounded queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from avenirpro.models.journal import EntreeJournal
from tests import factories as f
from tests.ateliers import factories as fa
from tests.indicateurs.conftest import entretien, inscription
from tests.outils import connecte, requetes_a_n_et_3n

pytestmark = pytest.mark.django_db

URL = reverse("indicateurs:a_completer")


@pytest.fixture
def a_completer(monde):
    """In lycée A (this school year): a séance held without its team member, an interview without
    modality, a student without diploma, an AvenirPro+ enrolment past its end without exit; in lycée B an
    interview without modality too."""
    annee = f.annee_courante()
    y = annee.annee_debut
    jour = datetime.date(y, 11, 10)
    seance = fa.SeanceFactory(lycee=monde.lycee_a, realisee=True, date=jour, membre_equipe_nom="")
    sans_modalite = entretien(monde.eleves_a[0], monde.conseiller_a, monde.ft_a, jour)
    type(sans_modalite).objects.unscoped("test").filter(pk=sans_modalite.pk).update(modalite="")
    autre = entretien(monde.eleves_b[0], monde.conseiller_b, monde.ml_b, jour)
    type(autre).objects.unscoped("test").filter(pk=autre.pk).update(modalite="")
    sans_diplome = f.EleveFactory(division=monde.eleves_a[0].division, diplome="")
    passee = f.AnneeScolaireFactory(annee_debut=y - 1)
    ancien = f.EleveFactory(division=f.DivisionFactory(lycee=monde.lycee_a, annee=passee))
    echue = inscription(ancien, datetime.date(y, 9, 15), datetime.date(y, 12, 15))
    with time_machine.travel(datetime.datetime(y + 1, 2, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield {"seance": seance, "entretien": sans_modalite, "eleve": sans_diplome, "inscription": echue}


def test_le_conseiller_voit_ses_seances_et_entretiens_a_completer(client, monde, a_completer):
    connecte(client, monde.conseiller_a)
    reponse = client.get(URL)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert reverse("ateliers:seance", args=[a_completer["seance"].uuid]) in contenu
    assert reverse("parcours:entretien", args=[a_completer["entretien"].uuid]) in contenu
    # Not the direction's lists.
    assert reverse("lycees:eleve_modifier", args=[a_completer["eleve"].uuid]) not in contenu
    assert EntreeJournal.objects.filter(utilisateur=monde.conseiller_a).exists()


def test_la_direction_voit_ses_eleves_et_inscriptions_a_completer(client, monde, a_completer):
    connecte(client, monde.chef_a)
    contenu = client.get(URL).content.decode()
    assert reverse("lycees:eleve_modifier", args=[a_completer["eleve"].uuid]) in contenu
    assert reverse("avenirplus:inscription_sortie", args=[a_completer["inscription"].uuid]) in contenu
    assert reverse("ateliers:seance", args=[a_completer["seance"].uuid]) not in contenu


def test_un_autre_lycee_ou_operateur_ne_voit_rien_des_autres(client, monde, a_completer):
    connecte(client, monde.conseiller_b)
    contenu = client.get(URL).content.decode()
    assert reverse("parcours:entretien", args=[a_completer["entretien"].uuid]) not in contenu
    assert reverse("ateliers:seance", args=[a_completer["seance"].uuid]) not in contenu
    assert "Entretiens réalisés sans modalité (1)" in contenu  # lycée B's own
    connecte(client, monde.chef_b)
    contenu = client.get(URL).content.decode()
    assert reverse("lycees:eleve_modifier", args=[a_completer["eleve"].uuid]) not in contenu
    assert reverse("avenirplus:inscription_sortie", args=[a_completer["inscription"].uuid]) not in contenu


@pytest.mark.parametrize("qui", ["professeur_a", "pilote_a", "pilote_national"])
def test_lecture_seule_et_pilotes_404(client, monde, a_completer, qui):
    connecte(client, getattr(monde, qui))
    assert client.get(URL).status_code == 404


def test_requetes_bornees(client, monde, a_completer):
    connecte(client, monde.conseiller_a)
    y = f.annee_courante().annee_debut

    def ajouter(n):
        for _ in range(n):
            fa.SeanceFactory(
                lycee=monde.lycee_a, realisee=True, date=datetime.date(y, 12, 1), duree_minutes=45
            )

    n, trois_n = requetes_a_n_et_3n(lambda: client.get(URL), ajouter)
    assert n == trois_n
