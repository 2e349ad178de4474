"""Change history: who changed what, when, old → new; scoped like the records; shown on the student page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ateliers import services as ateliers_services
from ateliers.models import Presence
from avenirpro.donnees.historique import historique_eleve
from avenirpro.scoping import UnscopedQueryError
from lycees.enums import Solution
from lycees.models import Eleve
from lycees.services import effectifs
from parcours.enums import IssueAlerte, MotifAlerte, StatutEntretien, StatutRecherche
from parcours.models import AlerteDecrochage, Entretien, NoteConfidentielle, Restitution
from parcours.services import alertes, entretiens, rappels
from parcours.services.fin_annee import enregistrer_grille
from tests.api.conftest import client_jeton
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import SeanceFactory
from tests.conftest import fresh
from tests.outils import connecte
from tests.parcours.conftest import entretien_de

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
    seance.date = timezone.localdate()  # held today: attendance is taken from the séance's day on
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


# --- The individual follow-up (parcours): interviews, their confidential notes, restitutions, alerts ------

NOTE_AVANT = "Hébergé chez un oncle, logement précaire."
NOTE_APRES = "Logement trouvé en foyer de jeunes travailleurs."


def _entretien_modifie(monde, eleve):
    """An interview planned with confidential notes, then held; its notes rewritten by its counsellor."""
    entretien = entretien_de(monde.conseiller_a, eleve, statut=StatutEntretien.PREVU, notes=NOTE_AVANT)
    entretiens.changer_statut(fresh(monde.conseiller_a), entretien, StatutEntretien.REALISE)
    # The app has no form to rewrite the notes yet: the ORM's save is what such a form would do.
    note = NoteConfidentielle.objects.unscoped("test").get(entretien=entretien)
    note.texte, note._history_user = NOTE_APRES, monde.conseiller_a
    note.save()
    return entretien


def test_le_conseiller_voit_l_entretien_modifie_avec_ses_notes_avant_et_apres(client, monde, eleve_a):
    _entretien_modifie(monde, eleve_a)
    page = connecte(client, monde.conseiller_a).get(reverse("lycees:eleve", args=[eleve_a.uuid]))
    contenu = page.content.decode()
    assert "statut : Prévu → Réalisé" in contenu
    assert f"notes confidentielles : {NOTE_AVANT} → {NOTE_APRES}" in contenu
    assert f"notes confidentielles : — → {NOTE_AVANT}" in contenu


def test_le_chef_d_etablissement_voit_le_changement_mais_pas_les_notes(client, monde, eleve_a):
    _entretien_modifie(monde, eleve_a)
    contenu = (
        connecte(client, monde.chef_a).get(reverse("lycees:eleve", args=[eleve_a.uuid])).content.decode()
    )
    assert "statut : Prévu → Réalisé" in contenu
    assert "notes confidentielles" not in contenu  # past versions of the notes: not even their rows
    assert NOTE_AVANT not in contenu
    assert NOTE_APRES not in contenu
    assert NoteConfidentielle.historique.model.objects.visible_to(fresh(monde.chef_a)).count() == 0


def test_le_professeur_et_le_conseiller_non_designe_ne_lisent_pas_les_notes_de_l_historique(monde, eleve_a):
    _entretien_modifie(monde, eleve_a)
    for qui in (monde.professeur_a, monde.conseiller_a_non_designe):
        changements = [c.champ for ev in historique_eleve(fresh(qui), eleve_a) for c in ev.changements]
        assert "notes confidentielles" not in changements
        assert NoteConfidentielle.historique.model.objects.visible_to(fresh(qui)).count() == 0
    assert historique_eleve(fresh(monde.conseiller_a_non_designe), eleve_a) == []


def test_un_lecteur_exterieur_ne_voit_rien_de_l_historique_du_suivi(client, monde, eleve_a):
    _entretien_modifie(monde, eleve_a)
    assert connecte(client, monde.chef_b).get(reverse("lycees:eleve", args=[eleve_a.uuid])).status_code == 404
    for qui in (monde.chef_b, monde.conseiller_b, monde.pilote_a):
        assert historique_eleve(fresh(qui), eleve_a) == []
        assert Entretien.historique.model.objects.visible_to(fresh(qui)).count() == 0
        assert NoteConfidentielle.historique.model.objects.visible_to(fresh(qui)).count() == 0


def test_l_alerte_son_suivi_et_sa_cloture_en_masse_sont_historises(client, monde, eleve_a):
    alerte = alertes.lever_alerte(fresh(monde.chef_a), eleve_a, motif=MotifAlerte.ABSENTEISME)
    alertes.suivre_alerte(fresh(monde.chef_a), alerte, date=timezone.localdate(), texte="Famille appelée.")
    alertes.clore_alerte(fresh(monde.conseiller_a), alerte, issue=IssueAlerte.RACCROCHE)
    cloture = AlerteDecrochage.historique.model.objects.visible_to(monde.chef_a).latest()
    assert cloture.history_user == monde.conseiller_a  # the queryset update, noted by noter_en_masse
    contenu = (
        connecte(client, monde.chef_a).get(reverse("lycees:eleve", args=[eleve_a.uuid])).content.decode()
    )
    assert "statut : Ouverte → Close" in contenu
    assert "issue : — → Élève raccroché" in contenu
    assert "suivi : — → Famille appelée." in contenu


def test_la_restitution_lue_et_la_fin_d_annee_en_masse_sont_historisees(monde, eleve_a):
    entretiens.nommer_referents(fresh(monde.chef_a), eleve_a.division, [monde.professeur_a])
    entretien = entretien_de(
        monde.conseiller_a,
        eleve_a,
        restitution_statut=StatutRecherche.CANDIDATURES,
        restitution_commentaire="Deux candidatures envoyées.",
    )
    restitution = Restitution.objects.unscoped("test").get(entretien=entretien)
    entretiens.accuser_reception(fresh(monde.professeur_a), restitution)
    versions = Restitution.historique.model.objects.visible_to(monde.chef_a).order_by("history_id")
    assert [v.history_type for v in versions] == ["+", "~"]
    assert versions.last().history_user == monde.professeur_a
    assert versions.last().lue_le is not None
    enregistrer_grille(fresh(monde.chef_a), eleve_a.division, {eleve_a.pk: {"solution": Solution.EMPLOI}})
    derniere = HistoriqueEleve.objects.visible_to(monde.chef_a).filter(id=eleve_a.pk).latest()
    assert (derniere.solution, derniere.history_user) == (Solution.EMPLOI, monde.chef_a)
    assert any(
        c.champ == "solution en fin d'année" and c.apres == "Emploi"
        for ev in historique_eleve(fresh(monde.conseiller_a), eleve_a)
        for c in ev.changements
    )


def test_le_digest_quotidien_historise_les_restitutions_signalees(monde, eleve_a):
    entretiens.nommer_referents(fresh(monde.chef_a), eleve_a.division, [monde.professeur_a])
    entretien_de(
        monde.conseiller_a,
        eleve_a,
        restitution_statut=StatutRecherche.CANDIDATURES,
        restitution_commentaire="c",
    )
    assert rappels.envoyer_digest_restitutions() == 1
    version = Restitution.historique.model.objects.visible_to(monde.chef_a).latest()
    assert (version.history_type, version.history_user) == ("~", None)
    assert version.signalee_le is not None


# --- Authors of API writes (a token is authenticated by DRF inside the view) -------------------------


def test_une_ecriture_par_l_api_avec_un_jeton_garde_son_auteur(monde, eleve_a):
    api, _ = client_jeton(monde.conseiller_a)
    reponse = api.post(
        "/api/v1/entretiens/",
        {
            "eleve": str(eleve_a.uuid),
            "date": timezone.localdate().isoformat(),
            "modalite": "telephone",
            "moment": "pfmp",
            "notes": NOTE_AVANT,
        },
    )
    assert reponse.status_code == 201
    entretien = Entretien.historique.model.objects.visible_to(monde.conseiller_a).get()
    assert entretien.history_user == monde.conseiller_a
    note = NoteConfidentielle.historique.model.objects.visible_to(monde.conseiller_a).get()
    assert note.history_user == monde.conseiller_a


def test_une_ecriture_en_masse_par_l_api_avec_un_jeton_garde_son_auteur(monde, eleve_a):
    api, _ = client_jeton(monde.conseiller_a)
    reponse = api.post("/api/v1/resultats/", [{"eleve": str(eleve_a.uuid), "solution": "emploi"}])
    assert reponse.status_code == 200
    derniere = HistoriqueEleve.objects.visible_to(monde.chef_a).filter(id=eleve_a.pk).latest()
    assert (derniere.solution, derniere.history_user) == ("emploi", monde.conseiller_a)
