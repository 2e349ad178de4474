"""A séance presenting the espace candidat or the Emploi Store is flagged while a family is not informed."""

import datetime

from ateliers import services
from lycees.models import Eleve
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import SeanceFactory


def codes(seance):
    return [a.code for a in services.alertes_seance(seance)]


def test_la_seance_numerique_est_signalee_tant_qu_une_famille_n_est_pas_informee(monde):
    seance = SeanceFactory(
        lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), services_numeriques=["emploi_store"]
    )
    assert "familles_non_informees" in codes(seance)
    message = next(a.message for a in services.alertes_seance(seance) if a.code == "familles_non_informees")
    assert "Emploi Store" in message
    assert "3 élève(s)" in message
    Eleve.objects.unscoped("test").filter(lycee=monde.lycee_a).update(
        famille_informee_le=datetime.date(2026, 9, 15)
    )
    assert "familles_non_informees" not in codes(seance)


def test_une_seance_sans_service_numerique_n_est_pas_signalee(monde):
    seance = SeanceFactory(
        lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), services_numeriques=["diagoriente"]
    )
    assert "familles_non_informees" not in codes(seance)
