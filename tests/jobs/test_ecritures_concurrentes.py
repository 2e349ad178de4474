"""« Replace the set » writes fired twice at once, on PostgreSQL with real concurrent transactions (one
thread and one connection each): both succeed, and the result is one of the two sets, whole.

Before the parent row was locked, two saves of one séance's attendance both deleted then re-inserted the
rows, and the second insert broke ``presence_unique`` (a 500 for the counsellor).
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ateliers.models import Evenement, Presence
from lycees.affectations import services as affectations
from lycees.models import Affectation, Division
from tests import factories as f
from tests.ateliers.factories import SeanceFactory
from tests.conftest import fresh, membre
from tests.services import require_postgres

pytestmark = pytest.mark.postgres

RAISON = "vérification d'un test de concurrence"
TOURS = 8


@pytest.fixture(autouse=True)
def postgres_et_reference(transactional_db):
    require_postgres()


def en_meme_temps(*fonctions):
    """Run the functions in threads released together; each closes its own database connection."""
    barriere = threading.Barrier(len(fonctions))
    resultats: list = [None] * len(fonctions)

    def lancer(i, fonction):
        try:
            barriere.wait(timeout=10)
            resultats[i] = fonction()
        except Exception as e:  # reported by the test's assertion, with its type
            resultats[i] = e
        finally:
            connection.close()

    fils = [threading.Thread(target=lancer, args=(i, fn)) for i, fn in enumerate(fonctions)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=60)
    assert not any(fil.is_alive() for fil in fils), "a concurrent save never returned (deadlock?)"
    return resultats


def test_deux_saisies_simultanees_des_presences_reussissent(monde):
    division = Division.objects.unscoped(RAISON).get(lycee=monde.lycee_a)
    eleves = [*monde.eleves_a, *f.EleveFactory.create_batch(37, division=division)]
    seance = SeanceFactory(
        lycee=monde.lycee_a, divisions=[division], conseillers=[monde.conseiller_a], date=timezone.localdate()
    )
    url = reverse("ateliers:seance_presences", kwargs={"uuid": seance.uuid})
    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=False)
        client.force_login(monde.conseiller_a)
        clients.append(client)

    for tour in range(TOURS):
        # Two different grids each time: the result must be one of them, not a mix.
        saisies = [{str(e.uuid) for e in eleves[tour + i :: 3]} for i in range(2)]
        envois = [lambda c=c, s=s: c.post(url, {"absents": sorted(s)}) for c, s in zip(clients, saisies)]  # noqa: B905 — two of each
        reponses = en_meme_temps(*envois)
        assert [getattr(r, "status_code", r) for r in reponses] == [302, 302], f"tour {tour}"
        lignes = Presence.objects.unscoped(RAISON).filter(seance=seance).values_list("eleve__uuid", "present")
        lignes = list(lignes)
        assert len(lignes) == len(eleves), "one row per student"
        absents = {str(u) for u, present in lignes if not present}
        assert absents in saisies, "the last save wins whole"


def test_deux_designations_simultanees_des_conseillers_donnent_une_liste(monde):
    affectation = Affectation.objects.get(lycee=monde.lycee_a)
    autres = [membre("conseiller", monde.ft_a) for _ in range(6)]
    listes = [[monde.conseiller_a, *autres[:3]], autres[2:]]
    for tour in range(TOURS):
        reponses = en_meme_temps(
            *(
                lambda liste=liste: affectations.designer_conseillers(
                    fresh(monde.admin_ft_a), Affectation.objects.get(pk=affectation.pk), liste
                )
                for liste in listes[:: 1 if tour % 2 else -1]
            )
        )
        assert all(isinstance(r, Affectation) for r in reponses), reponses
        designes = set(Affectation.objects.get(pk=affectation.pk).conseillers.values_list("pk", flat=True))
        assert designes in [{u.pk for u in liste} for liste in listes], "one list, not a mix"


def test_deux_modifications_simultanees_des_participants_d_un_evenement(monde):
    from ateliers import services
    from tests.ateliers.factories import EvenementFactory

    division = Division.objects.unscoped(RAISON).get(lycee=monde.lycee_a)
    eleves = [*monde.eleves_a, *f.EleveFactory.create_batch(27, division=division)]
    evenement = EvenementFactory(
        lycees=[monde.lycee_a, monde.lycee_b], organisateur=monde.ft_a, eleves=[monde.eleves_b[0]]
    )
    listes = [[e.uuid for e in eleves[i::2]] for i in range(2)]
    for tour in range(TOURS):
        reponses = en_meme_temps(
            *(
                lambda liste=liste: services.modifier_evenement(
                    Evenement.objects.unscoped(RAISON).get(pk=evenement.pk),
                    fresh(monde.conseiller_a),
                    eleves=liste,
                )
                for liste in listes[:: 1 if tour % 2 else -1]
            )
        )
        assert all(isinstance(r, Evenement) for r in reponses), reponses
        participants = set(evenement.eleves.unscoped(RAISON).values_list("uuid", flat=True))
        assert participants in [{*liste, monde.eleves_b[0].uuid} for liste in listes], (
            "one list, and the participant of the other lycée kept"
        )
