"""Change history: who changed what, when, old → new; scoped like the records; shown on the student page."""

import datetime

import pytest
from django.urls import reverse

from ateliers import services as ateliers_services
from ateliers.models import Presence
from avenirpro.scoping import UnscopedQueryError
from lycees.models import Eleve
from lycees.services import effectifs
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import SeanceFactory
from tests.outils import connecte

HistoriqueEleve = Eleve.historique.model


def test_une_modification_de_la_fiche_est_historisee(client, monde, eleve_a):
    effectifs.modifier_eleve(monde.chef_a, eleve_a, nom="ANCIEN")
    effectifs.modifier_eleve(monde.chef_a, eleve_a, nom="NOUVEAU")
    reponse = connecte(client, monde.professeur_a).get(reverse("lycees:eleve", args=[eleve_a.uuid]))
    page = reponse.content.decode()
    assert "Historique des modifications" in page
    assert "nom : ANCIEN → NOUVEAU" in page


def test_l_historique_est_scope_comme_l_eleve(monde, eleve_a):
    effectifs.modifier_eleve(monde.chef_a, eleve_a, nom="NOUVEAU")
    with pytest.raises(UnscopedQueryError):
        list(HistoriqueEleve.objects.all())
    assert HistoriqueEleve.objects.visible_to(monde.chef_a).filter(id=eleve_a.pk).count() == 2
    assert HistoriqueEleve.objects.visible_to(monde.chef_b).filter(id=eleve_a.pk).count() == 0
    assert HistoriqueEleve.objects.visible_to(monde.pilote_a).count() == 0


def test_les_presences_gardent_qui_a_marque_l_absent(client, monde):
    seance = SeanceFactory(
        lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), conseillers=[monde.conseiller_a]
    )
    seance.date = datetime.date(seance.annee.annee_debut, 11, 10)
    seance.save()
    absent = monde.eleves_a[1]
    ateliers_services.enregistrer_presences(seance, monde.conseiller_a, absents=[])
    ids_avant = set(Presence.objects.unscoped("test").filter(seance=seance).values_list("pk", flat=True))
    ateliers_services.enregistrer_presences(seance, monde.conseiller_a, absents=[absent.uuid])
    # Rows that did not change are kept: one modification in the history, not a delete and a create.
    assert (
        set(Presence.objects.unscoped("test").filter(seance=seance).values_list("pk", flat=True)) == ids_avant
    )
    versions = Presence.historique.model.objects.visible_to(monde.chef_a).filter(eleve=absent)
    assert [v.history_type for v in versions.order_by("history_id")] == ["+", "~"]
    assert versions.order_by("history_id").last().history_user == monde.conseiller_a
    page = connecte(client, monde.chef_a).get(reverse("lycees:eleve", args=[absent.uuid])).content.decode()
    assert "présent : oui → non" in page


def test_un_lecteur_d_un_autre_lycee_ne_voit_pas_la_fiche_ni_son_historique(client, monde, eleve_a):
    assert connecte(client, monde.chef_b).get(reverse("lycees:eleve", args=[eleve_a.uuid])).status_code == 404
