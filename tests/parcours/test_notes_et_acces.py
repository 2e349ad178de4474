"""Who reads what of the follow-up: confidential notes only for the writing operator's named
counsellors (HTML, API, exports); every page 404 for another region's counsellor; the professeur reads."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from parcours.models import Entretien, NoteConfidentielle
from tests import factories as f
from tests.conftest import fresh
from tests.outils import connecte
from tests.parcours.conftest import NOTE, entretien_de


def lecteurs(monde, objet):
    return {
        nom
        for nom in (
            "conseiller_a",
            "conseiller_a_non_designe",
            "conseiller_b",
            "chef_a",
            "professeur_a",
            "pilote_a",
        )
        if NoteConfidentielle.objects.visible_to(fresh(getattr(monde, nom))).filter(pk=objet.pk).exists()
    }


def test_la_note_n_est_lue_que_par_les_conseillers_designes_de_l_operateur(monde, suivi):
    note = NoteConfidentielle.objects.unscoped("test").get(entretien=suivi.entretien)
    assert lecteurs(monde, note) == {"conseiller_a"}
    # The interview itself (not its notes) is read by the lycée's staff.
    assert Entretien.objects.visible_to(fresh(monde.chef_a)).filter(pk=suivi.entretien.pk).exists()


def test_la_note_d_un_autre_operateur_n_est_pas_lue_par_le_conseiller_designe(monde, suivi):
    # The lycée changes operator: the new operator's named counsellor does not read the old notes.
    autre = f.OrganisationFactory(nom="Mission locale A2", mission_locale=True)
    Entretien.objects.unscoped("test").filter(pk=suivi.entretien.pk).update(operateur=autre)
    note = NoteConfidentielle.objects.unscoped("test").get(entretien=suivi.entretien)
    assert lecteurs(monde, note) == set()


@pytest.mark.parametrize("qui", ["chef_a", "professeur_a"])
def test_la_note_n_apparait_pas_au_lycee_en_html(client, monde, suivi, qui):
    connecte(client, getattr(monde, qui))
    for url in (
        reverse("parcours:eleve", args=[suivi.entretien.eleve.uuid]),
        reverse("parcours:entretien", args=[suivi.entretien.uuid]),
    ):
        reponse = client.get(url)
        assert reponse.status_code == 200
        assert NOTE not in reponse.content.decode()


def test_la_note_apparait_au_conseiller_designe(client, monde, suivi):
    connecte(client, monde.conseiller_a)
    page = client.get(reverse("parcours:eleve", args=[suivi.entretien.eleve.uuid])).content.decode()
    assert NOTE in page


def test_la_note_n_apparait_pas_dans_l_api_ni_l_export_du_lycee(client, monde, suivi):
    api = APIClient()
    api.force_authenticate(user=fresh(monde.chef_a))
    reponse = api.get(f"/api/v1/entretiens/{suivi.entretien.uuid}/")
    assert reponse.status_code == 200
    assert NOTE not in reponse.content.decode() and reponse.json()["notes_confidentielles"] is None
    connecte(client, monde.chef_a)
    export = client.post(
        reverse("parcours:action_groupee"), {"eleves": [str(suivi.entretien.eleve.uuid)], "action": "csv"}
    )
    assert export.status_code == 200 and NOTE not in export.content.decode("utf-8-sig")


def test_le_conseiller_designe_lit_la_note_dans_l_api(monde, suivi):
    api = APIClient()
    api.force_authenticate(user=fresh(monde.conseiller_a))
    assert api.get(f"/api/v1/entretiens/{suivi.entretien.uuid}/").json()["notes_confidentielles"] == NOTE


def _pages(suivi):
    e = suivi.entretien
    return [
        ("get", reverse("parcours:eleve", args=[e.eleve.uuid]), {}),
        ("get", reverse("parcours:eleve_entretien", args=[e.eleve.uuid]), {}),
        ("post", reverse("parcours:eleve_alerte", args=[e.eleve.uuid]), {"motif": "autre"}),
        ("get", reverse("parcours:entretien", args=[e.uuid]), {}),
        ("post", reverse("parcours:entretien_statut", args=[e.uuid]), {"statut": "realise"}),
        (
            "post",
            reverse("parcours:entretien_restitution", args=[e.uuid]),
            {"restitution_statut": "solution"},
        ),
        ("post", reverse("parcours:restitution_lue", args=[suivi.restitution.uuid]), {}),
        ("get", reverse("parcours:alerte", args=[suivi.alerte.uuid]), {}),
        ("post", reverse("parcours:alerte_suivi", args=[suivi.alerte.uuid]), {"texte": "x"}),
        ("post", reverse("parcours:alerte_clore", args=[suivi.alerte.uuid]), {"issue": "sans_suite"}),
        ("get", reverse("parcours:referents", args=[e.eleve.division.uuid]), {}),
        ("get", reverse("parcours:fin_annee", args=[e.eleve.division.uuid]), {}),
        ("get", reverse("parcours:mes_eleves") + f"?division={e.eleve.division.uuid}", {}),
    ]


@pytest.mark.parametrize("qui", ["conseiller_b", "chef_b", "conseiller_a_non_designe", "pilote_a"])
def test_un_etranger_recoit_404_partout(client, monde, suivi, qui):
    connecte(client, getattr(monde, qui))
    for methode, url, donnees in _pages(suivi):
        # Pilots read counts only: the caseload page itself is not theirs.
        attendu = 403 if qui == "pilote_a" and url.startswith("/suivi/") else 404
        assert getattr(client, methode)(url, donnees).status_code == attendu, url
    # The lycée itself is listed to its operator's counsellors (not personal data), its students are not.
    page = client.get(reverse("parcours:mes_eleves"), {"lycee": str(suivi.entretien.lycee.uuid)})
    attendu = {"conseiller_a_non_designe": 200, "pilote_a": 403}.get(qui, 404)
    assert page.status_code == attendu
    assert suivi.entretien.eleve.nom not in page.content.decode()
    # A uuid in a body: the bulk action finds nothing of another lycée (nothing exported).
    reponse = client.post(
        reverse("parcours:action_groupee"), {"eleves": [str(suivi.entretien.eleve.uuid)], "action": "csv"}
    )
    assert reponse.status_code == (403 if qui == "pilote_a" else 302)


def test_le_professeur_lit_mais_ne_saisit_pas(client, monde, suivi):
    connecte(client, monde.professeur_a)
    eleve = suivi.entretien.eleve
    assert client.get(reverse("parcours:eleve", args=[eleve.uuid])).status_code == 200
    assert client.get(reverse("parcours:eleve_entretien", args=[eleve.uuid])).status_code == 403
    avant = Entretien.objects.unscoped("test").count()
    entretien_url = reverse("parcours:eleve_entretien", args=[eleve.uuid])
    assert client.post(entretien_url, {"date": "2026-01-01"}).status_code == 403
    assert Entretien.objects.unscoped("test").count() == avant


def test_le_professeur_referent_seul_accuse_reception(client, monde, suivi):
    connecte(client, monde.chef_a)
    url = reverse("parcours:restitution_lue", args=[suivi.restitution.uuid])
    assert client.post(url).status_code == 403
    connecte(client, monde.professeur_a)
    assert client.post(url).status_code == 302
    suivi.restitution.refresh_from_db()
    assert suivi.restitution.lue_le is not None


def test_entretien_d_un_autre_conseiller_non_designe_refuse(monde):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        entretien_de(monde.conseiller_b, monde.eleves_a[0])
