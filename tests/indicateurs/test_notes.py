"""The regional committees' notes: written by the région's pilots for the next due date, carried by the
regional and national returns, shown on the national dashboard."""

import datetime

import pytest
from django.urls import reverse

from avenirpro.access import perimetre_de
from indicateurs.definitions import Niveau, Portee, prochaine_echeance
from indicateurs.models import NoteComite
from indicateurs.services import RemonteeErreur, compiler_remontee, enregistrer_notes
from tests.outils import connecte

pytestmark = pytest.mark.django_db


def test_prochaine_echeance():
    assert prochaine_echeance(datetime.date(2026, 12, 1)) == datetime.date(2027, 1, 1)
    assert prochaine_echeance(datetime.date(2027, 7, 1)) == datetime.date(2027, 11, 1)
    assert prochaine_echeance(datetime.date(2027, 12, 31)) == datetime.date(2028, 1, 1)


def test_les_notes_vont_dans_les_remontees_regionale_et_nationale(monde, jeu):
    jour = datetime.date(jeu.annee.annee_debut + 1, 1, 1)
    enregistrer_notes(perimetre_de(monde.pilote_a), jour, "Peu de salles libres.", "Forum commun FT/ML.")
    enregistrer_notes(perimetre_de(monde.pilote_a), jour, "Peu de salles libres en janvier.", "Forum commun.")
    assert NoteComite.objects.count() == 1
    idf = compiler_remontee(Portee(Niveau.REGION, "ile-de-france"), jour, aujourd_hui=jour)[0]
    hdf = compiler_remontee(Portee(Niveau.REGION, "hauts-de-france"), jour, aujourd_hui=jour)[0]
    national = compiler_remontee(Portee(), jour, aujourd_hui=jour)[0]
    assert idf.notes == [
        {
            "region": "Île-de-France",
            "difficultes": "Peu de salles libres en janvier.",
            "bonnes_pratiques": "Forum commun.",
        }
    ]
    assert hdf.notes == [] and national.notes == idf.notes


def test_seul_un_pilote_regional_ecrit_et_pour_une_echeance(monde):
    with pytest.raises(RemonteeErreur, match="pilotes régionaux"):
        enregistrer_notes(perimetre_de(monde.pilote_national), datetime.date(2027, 1, 1), "x", "y")
    with pytest.raises(RemonteeErreur, match="Choisissez une échéance"):
        enregistrer_notes(perimetre_de(monde.pilote_a), datetime.date(2027, 2, 1), "x", "y")
    assert not NoteComite.objects.exists()


def test_les_notes_par_la_page_et_sur_le_tableau_national(client, monde):
    connecte(client, monde.pilote_a)
    page = client.get(reverse("indicateurs:indicateurs")).content.decode()
    assert "Enregistrer les notes" in page
    from django.utils import timezone

    echeance = prochaine_echeance(timezone.localdate())
    client.post(
        reverse("indicateurs:notes_comite"),
        {"echeance": echeance.isoformat(), "difficultes": "Transport des élèves.", "bonnes_pratiques": ""},
    )
    assert NoteComite.objects.get().difficultes == "Transport des élèves."
    client.logout()
    connecte(client, monde.pilote_national)
    assert "Transport des élèves." in client.get(reverse("indicateurs:indicateurs")).content.decode()
