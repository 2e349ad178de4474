"""Right of access (art. 15): the direction exports everything held about a student; erasure (art. 17)."""

import json
import shutil
import subprocess

from django.urls import reverse

from ateliers.models import Presence
from avenirpro.donnees import acces, registre
from avenirpro.models import Effacement, EntreeJournal
from lycees.models import Eleve
from tests.ateliers.factories import PresenceFactory, SeanceFactory
from tests.donnees.conftest import recharger
from tests.outils import connecte


def url(nom, eleve):
    return reverse(f"lycees:{nom}", args=[eleve.uuid])


def test_l_export_json_contient_chaque_champ_du_registre_et_les_lectures(client, monde, eleve_a):
    PresenceFactory(seance=SeanceFactory(lycee=monde.lycee_a), eleve=eleve_a)
    connecte(client, monde.conseiller_a).get(url("eleve", eleve_a))  # a read, logged
    reponse = connecte(client, monde.chef_a).get(url("eleve_donnees_json", eleve_a))
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith("attachment;")
    export = json.loads(reponse.content)
    sections = {s["modele"]: s for s in export["donnees"]}
    for declaration in registre.declarations():
        if not declaration.eleves:
            continue
        assert declaration.label in sections
        for ligne in sections[declaration.label]["lignes"]:
            attendus = {c.name for c in declaration.champs_concrets()} - {"id"}
            assert {c["champ"] for c in ligne["champs"]} == attendus
    (fiche,) = sections["lycees.Eleve"]["lignes"]
    assert {c["champ"]: c["valeur"] for c in fiche["champs"]}["nom"] == eleve_a.nom
    assert len(sections["ateliers.Presence"]["lignes"]) == 1
    assert monde.conseiller_a.email in [lecture["par"] for lecture in export["lectures"]]
    assert sections["lycees.Eleve"]["destinataires"]


def test_l_export_est_journalise(client, monde, eleve_a):
    avant = EntreeJournal.objects.count()
    connecte(client, monde.chef_a).get(url("eleve_donnees_json", eleve_a))
    entree = EntreeJournal.objects.order_by("-id").first()
    assert EntreeJournal.objects.count() == avant + 1
    assert (entree.nature, entree.eleves) == ("export", str(eleve_a.uuid))


def test_l_export_pdf_se_lit_par_une_famille(client, monde, eleve_a):
    reponse = connecte(client, monde.chef_a).get(url("eleve_donnees_pdf", eleve_a))
    assert reponse.status_code == 200
    assert reponse.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        texte = subprocess.run(  # noqa: S603 — our own PDF into a local tool
            [pdftotext, "-", "-"], input=reponse.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Vos données dans AvenirPro" in texte
        assert eleve_a.prenom in texte


def test_le_professeur_et_le_conseiller_lisent_la_fiche_mais_n_exportent_pas(client, monde, eleve_a):
    for qui in (monde.professeur_a, monde.conseiller_a):
        for nom in ("eleve_donnees", "eleve_donnees_json", "eleve_donnees_pdf"):
            assert connecte(client, qui).get(url(nom, eleve_a)).status_code == 403


def test_un_autre_lycee_recoit_404(client, monde, eleve_a):
    for nom in ("eleve_donnees", "eleve_donnees_json", "eleve_donnees_pdf"):
        assert connecte(client, monde.chef_b).get(url(nom, eleve_a)).status_code == 404
    reponse = connecte(client, monde.chef_b).post(
        url("eleve_donnees", eleve_a), {"motif": "x" * 20, "confirmer": "on"}
    )
    assert reponse.status_code == 404
    assert recharger(eleve_a).anonymise_le is None


def test_l_effacement_anonymise_et_garde_le_motif(client, monde, eleve_a):
    PresenceFactory(seance=SeanceFactory(lycee=monde.lycee_a), eleve=eleve_a)
    motif = "Demande écrite de la famille du 28/11, opposition (art. 21)."
    reponse = connecte(client, monde.chef_a).post(
        url("eleve_donnees", eleve_a), {"motif": motif, "confirmer": "on"}
    )
    assert reponse.status_code == 302
    anonyme = recharger(eleve_a)
    assert (anonyme.nom, anonyme.ine, anonyme.anonymise_le is not None) == ("Anonyme", "", True)
    effacement = Effacement.objects.get()
    assert (effacement.eleve_uuid, effacement.motif, effacement.par) == (eleve_a.uuid, motif, monde.chef_a)
    assert Presence.objects.unscoped("test").filter(eleve=eleve_a).count() == 1


def test_l_effacement_sans_motif_est_refuse_a_cote_du_champ(client, monde, eleve_a):
    reponse = connecte(client, monde.chef_a).post(
        url("eleve_donnees", eleve_a), {"motif": "trop", "confirmer": "on"}
    )
    assert reponse.status_code == 200
    assert "au moins 10 caractères" in reponse.content.decode()
    assert recharger(eleve_a).nom == eleve_a.nom
    assert not Effacement.objects.exists()
    reponse = connecte(client, monde.chef_a).post(url("eleve_donnees", eleve_a), {"motif": "x" * 20})
    assert reponse.status_code == 200
    assert recharger(eleve_a).anonymise_le is None


def test_un_eleve_deja_efface_ne_l_est_pas_deux_fois(client, monde, eleve_a):
    from lycees.services import effectifs

    effectifs.effacer_donnees_eleve(monde.chef_a, eleve_a, "Demande de la famille, art. 17.")
    reponse = connecte(client, monde.chef_a).post(
        url("eleve_donnees", eleve_a), {"motif": "Seconde demande de la famille.", "confirmer": "on"}
    )
    assert reponse.status_code == 200
    assert Effacement.objects.count() == 1
    assert Eleve.objects.unscoped("test").filter(pk=eleve_a.pk, anonymise_le__isnull=False).exists()


def test_la_page_des_donnees_de_l_eleve(client, monde, eleve_a):
    reponse = connecte(client, monde.chef_a).get(url("eleve_donnees", eleve_a))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert url("eleve_donnees_pdf", eleve_a) in page
    assert "Motif de l" in page
    fiche = connecte(client, monde.chef_a).get(url("eleve", eleve_a)).content.decode()
    assert url("eleve_donnees", eleve_a) in fiche
    fiche_prof = connecte(client, monde.professeur_a).get(url("eleve", eleve_a)).content.decode()
    assert url("eleve_donnees", eleve_a) not in fiche_prof


def test_l_export_d_un_dossier_complet_liste_chaque_champ_de_l_inventaire(client, monde, dossier):
    """A student with rows in every app: each model of the inventory that names students has its rows in
    the export, each with every field the inventory lists for it."""
    eleve = dossier.eleve
    reponse = connecte(client, monde.chef_a).get(url("eleve_donnees_json", eleve))
    assert reponse.status_code == 200
    sections = {s["modele"]: s for s in json.loads(reponse.content)["donnees"]}
    manquants = []
    for ligne_inventaire in registre.inventaire():
        declaration = ligne_inventaire.declaration
        if not declaration.eleves:
            continue
        lignes = sections[declaration.label]["lignes"]
        if not lignes:
            manquants.append(declaration.label)
        attendus = {nom for nom, *_ in ligne_inventaire.champs} - {"id"}
        manquants += [
            f"{declaration.label}.{nom}"
            for ligne in lignes
            for nom in attendus - {c["champ"] for c in ligne["champs"]}
        ]
    assert manquants == []
    # The counsellor's confidential notes exist in the export, but their text never reaches the direction.
    (notes,) = sections["parcours.NoteConfidentielle"]["lignes"]
    assert {c["champ"]: c["valeur"] for c in notes["champs"]}["texte"] == acces.CONFIDENTIEL
    assert "logement précaire" not in reponse.content.decode()
