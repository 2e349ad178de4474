"""Issue 14, « What will be checked », end to end through the pages: on an empty platform a staff
administrator imports a directory sample of 30 lycées (3 bad rows reported), imports two operators,
invites a chef d'établissement, who accepts, logs in and imports the lycée's roster."""

import html

import time_machine
from django.core import mail
from django.urls import reverse

from avenirpro.enums import Role, TypeOrganisation
from avenirpro.models import ImportAnnuaire, Organisation
from lycees.enums import StatutImport
from lycees.models import Division, Eleve, ImportEffectifs, Lycee
from tests import factories as f
from tests.comptes.outils import connexion
from tests.lycees import factories as lf
from tests.outils import connecte
from tests.plateforme.test_imports import ANNUAIRE, OPERATEURS, _deposer

RAISON = "vérification d'un test"
MOT_DE_PASSE = "Un-mot-de-passe-solide-2026"


@time_machine.travel("2026-11-10 09:00 +0100", tick=False)
def test_de_l_annuaire_au_premier_import_d_effectifs(client, db, django_capture_on_commit_callbacks):
    staff = connecte(client, f.UserFactory(is_staff=True, avec_totp=True))

    # 1. The directory: 30 lycées retained, 3 rows refused and shown with their line, then written.
    reponse = _deposer(staff, "lycees", ANNUAIRE.read_bytes())
    apercu = html.unescape(staff.get(reponse["Location"]).text)
    imp = ImportAnnuaire.objects.get(nature="lycees")
    assert (len(imp.retenues), len(imp.refusees)) == (30, 3)
    assert "Lignes refusées" in apercu and "la lettre de contrôle devrait être J" in apercu
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("plateforme:import_confirmer", args=[imp.uuid]))
    assert "Import terminé" in staff.get(reverse("plateforme:import", args=[imp.uuid])).text
    assert Lycee.objects.count() == 30

    # 2. Two operators.
    reponse = _deposer(staff, "operateurs", OPERATEURS.read_bytes(), "operateurs.csv")
    imp = ImportAnnuaire.objects.get(nature="operateurs")
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("plateforme:import_confirmer", args=[imp.uuid]))
    assert sorted(Organisation.objects.operateurs().values_list("type", flat=True)) == sorted(
        [TypeOrganisation.AGENCE_FT, TypeOrganisation.MISSION_LOCALE]
    )

    # 3. The head of an imported lycée is invited from its organisation's page.
    lycee = Lycee.objects.select_related("organisation").get(uai="0758101Y")
    page = staff.get(reverse("plateforme:organisation", args=[lycee.organisation.uuid]))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            reverse("plateforme:organisation_inviter", args=[lycee.organisation.uuid]),
            {"email": "cheffe@exemple.fr", "role": Role.CHEF_ETABLISSEMENT},
        )
    lien = next(mot for mot in mail.outbox[-1].body.split() if "/comptes/invitation/" in mot)

    # 4. The head accepts, then logs in through the login form (another browser).
    tete = type(client)()
    chemin = lien.split("testserver", 1)[1]
    reponse = tete.post(
        chemin, {"prenom": "Claire", "nom": "Martin", "password1": MOT_DE_PASSE, "password2": MOT_DE_PASSE}
    )
    assert reponse.status_code == 302
    tete.logout()
    assert connexion(tete, "cheffe@exemple.fr", MOT_DE_PASSE).status_code == 302
    assert tete.get(reverse("lycees:import")).status_code == 200

    # 5. The roster: deposit, map the columns (guessed), check the preview, confirm.
    lignes = lf.lignes_eleves(12, classes=("TBP MELEC", "TCAP EPC"))
    reponse = tete.post(
        reverse("lycees:import"), {"fichier": lf.upload("eleves.csv", lf.csv_eleves(lignes)), "annee": 2026}
    )
    assert reponse.status_code == 302
    imp = ImportEffectifs.objects.unscoped(RAISON).get(lycee=lycee)
    colonnes = tete.get(reponse["Location"])
    assert colonnes.status_code == 200
    correspondance = {champ: str(i) for champ, i in imp.correspondance.items()}
    reponse = tete.post(reverse("lycees:import_colonnes", args=[imp.uuid]), correspondance)
    assert reponse.status_code == 302
    apercu = tete.get(reponse["Location"]).content.decode()
    assert "12 lignes vérifiées, 12 valides" in apercu
    imp.refresh_from_db()
    choix = {
        f"d{i}_diplome": "bac_pro" if d["nom"].startswith("TBP") else "cap"
        for i, d in enumerate(imp.apercu["divisions"])
    }
    reponse = tete.post(reverse("lycees:import_confirmer", args=[imp.uuid]), choix)
    assert reponse.status_code == 302
    assert "Import terminé" in tete.get(reponse["Location"]).content.decode()
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE
    assert Eleve.objects.unscoped(RAISON).filter(lycee=lycee).count() == 12
    assert sorted(Division.objects.unscoped(RAISON).filter(lycee=lycee).values_list("nom", flat=True)) == [
        "TBP MELEC",
        "TCAP EPC",
    ]
