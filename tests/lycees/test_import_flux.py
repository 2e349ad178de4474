"""The import as a whole: idempotent re-imports, all or nothing, the job with its progress bar."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from lycees.enums import Diplome, MoyenInformation, StatutImport
from lycees.imports import ecriture, valeurs
from lycees.models import CorrespondanceColonnes, Division, Eleve, FichierImport, ImportEffectifs
from lycees.services import imports
from lycees.tasks import importer_effectifs, purger_imports_effectifs
from tests.lycees import factories as lf
from tests.lycees.test_import_fichiers import RAISON, eleves_de, etat_base, importer

CHOIX = {"TBP MELEC": {"diplome": Diplome.BAC_PRO}, "TCAP EPC": {"diplome": Diplome.CAP}}


def test_reimport_du_meme_fichier_ne_change_rien(monde, annee_2026):
    lignes = lf.lignes_eleves(60)
    premier = importer(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee_2026)
    assert premier.resultat["crees"] == 60
    avant = {e.uuid: (e.nom, e.division_id, e.modifie_le) for e in eleves_de(monde.lycee_a, annee_2026)}

    second = importer(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee_2026)
    assert second.resultat == {"crees": 0, "mis_a_jour": 0, "inchanges": 60, "divisions_creees": []}
    apres = {e.uuid: (e.nom, e.division_id, e.modifie_le) for e in eleves_de(monde.lycee_a, annee_2026)}
    assert apres == avant


def test_reimport_met_a_jour_sans_doublon_et_garde_le_suivi(monde, annee_2026):
    lignes = lf.lignes_eleves(20)
    importer(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee_2026)
    sans_ine = next(ligne for ligne in lignes if not ligne[5])
    avec_ine = next(ligne for ligne in lignes if ligne[5])
    eleve = eleves_de(monde.lycee_a, annee_2026).get(ine=avec_ine[5])
    eleve.famille_informee_le = datetime.date(2026, 9, 20)
    eleve.famille_informee_par = MoyenInformation.COURRIER
    eleve.save()

    modifiees = []
    for ligne in lignes:
        if ligne is sans_ine:  # gets an INE and changes class: matched by name and birth date
            ligne = (*ligne[:4], "TBP AGORA", "9999999999Z")
        elif ligne is avec_ine:  # changes name (marriage, typo): matched by INE
            ligne = ("Nouveau-Nom", *ligne[1:])
        modifiees.append(ligne)
    imp = importer(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(modifiees[:-1])), annee_2026)
    assert imp.resultat["crees"] == 0
    assert imp.resultat["mis_a_jour"] == 2
    tous = eleves_de(monde.lycee_a, annee_2026)
    assert tous.count() == 20, "the student missing from the new file is kept, nobody is duplicated"
    deplace = tous.get(ine="9999999999Z")
    assert (deplace.nom, deplace.division.nom) == (sans_ine[0], "TBP AGORA")
    renomme = tous.get(ine=avec_ine[5])
    assert renomme.nom == "Nouveau-Nom"
    assert renomme.famille_informee_le == datetime.date(2026, 9, 20), "what the import does not carry stays"


def test_un_fichier_sans_ine_n_efface_pas_l_ine_connu(monde, annee_2026):
    lignes = lf.lignes_eleves(9)
    importer(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee_2026)
    connus = set(eleves_de(monde.lycee_a, annee_2026).exclude(ine="").values_list("ine", flat=True))
    sans = [(*ligne[:5], "") for ligne in lignes]
    imp = importer(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(sans)), annee_2026)
    assert imp.resultat["inchanges"] == 9
    assert set(eleves_de(monde.lycee_a, annee_2026).exclude(ine="").values_list("ine", flat=True)) == connus


def test_erreur_a_la_ligne_900_rien_n_est_enregistre(monde, annee_2026):
    lignes = lf.lignes_eleves(1000)
    nom, prenom, _, _, classe, _ = lignes[899]
    contenu = lf.csv_eleves(lignes).decode("latin-1")
    date = lignes[899][2].strftime("%d/%m/%Y")
    contenu = contenu.replace(f"{nom};{prenom};{date}", f"{nom};{prenom};31/09/2008", 1)
    avant = etat_base()
    imp = imports.deposer_fichier(
        monde.chef_a, lf.upload("e.csv", contenu.encode("latin-1")), annee=annee_2026
    )
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    assert imp.erreurs == [
        {
            "ligne": 901,
            "ref": "Ligne 901",
            "message": "date de naissance « 31/09/2008 » inexistante",
            "division": valeurs.cle_division(classe),
        }
    ]
    with pytest.raises(ValidationError, match="1 ligne en erreur"):
        imports.confirmer_import(monde.chef_a, imp, {})
    assert etat_base()[:2] == avant[:2]


def test_une_panne_pendant_l_ecriture_n_enregistre_rien(monde, annee_2026, monkeypatch):
    lignes = lf.lignes_eleves(1200)
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    appels = []
    inserer = ecriture.inserer

    def en_panne_au_troisieme_lot(*args, **kwargs):
        appels.append(1)
        if len(appels) == 3:
            raise DatabaseError("disque plein")
        return inserer(*args, **kwargs)

    monkeypatch.setattr(ecriture, "inserer", en_panne_au_troisieme_lot)
    avant = etat_base()
    imp.choix = {
        d["cle"]: {"importer": True, "nom": d["nom"], "diplome": Diplome.BAC_PRO}
        for d in imp.apercu["divisions"]
    }
    imp.statut = StatutImport.EN_ATTENTE
    imp.save()
    importer_effectifs(imp.pk)
    imp.refresh_from_db()
    assert len(appels) == 3
    assert imp.statut == StatutImport.ECHEC
    assert "rien n'a été enregistré" in imp.erreurs[0]["message"]
    assert etat_base()[:2] == avant[:2], "no student, no class: the transaction is rolled back"
    assert not imports.fichier_present(imp)


def test_import_de_1000_eleves_latin1_de_bout_en_bout(client, monde, django_capture_on_commit_callbacks):
    """The demo check: a 1,000-student Latin-1 « ; » CSV through the pages, run as a job."""
    annee = timezone.localdate().year if timezone.localdate().month >= 9 else timezone.localdate().year - 1
    lignes = lf.lignes_eleves(1000, annee_debut=annee, classes=("TBP MELEC", "TCAP EPC"))
    client.force_login(monde.chef_a)

    reponse = client.post(
        reverse("lycees:import"),
        {"fichier": lf.upload("Élèves 2026.csv", lf.csv_eleves(lignes)), "annee": annee},
    )
    imp = ImportEffectifs.objects.unscoped(RAISON).get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse(
        "lycees:import_colonnes", args=[imp.uuid]
    )
    page = client.get(reponse["Location"])
    assert page.status_code == 200
    assert "Windows-1252 (Latin-1)" in page.content.decode()
    assert imp.nb_lignes == 1000

    reponse = client.post(
        reverse("lycees:import_colonnes", args=[imp.uuid]),
        {"nom": "0", "prenom": "1", "date_naissance": "2", "sexe": "3", "division": "4", "ine": "5"},
    )
    assert reponse.status_code == 302
    apercu = client.get(reponse["Location"]).content.decode()
    assert "TBP MELEC" in apercu and "TCAP EPC" in apercu

    uuid_melec = Division.objects.unscoped(RAISON).filter(nom="TBP MELEC").first()
    assert uuid_melec is None
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        reponse = client.post(
            reverse("lycees:import_confirmer", args=[imp.uuid]),
            {
                "d0_diplome": Diplome.BAC_PRO,
                "d1_diplome": Diplome.CAP,
                "d1_specialite": "Équipier polyvalent",
            },
        )
    assert reponse.status_code == 302
    assert len(rappels) == 1, "a job, enqueued once the transaction commits"
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE, imp.erreurs
    assert imp.resultat["crees"] == 1000
    assert not imports.fichier_present(imp)

    progression = client.get(reverse("lycees:import_progression", args=[imp.uuid]), HTTP_HX_REQUEST="true")
    assert progression["HX-Refresh"] == "true"
    page = client.get(reverse("lycees:import_detail", args=[imp.uuid])).content.decode()
    assert "Import terminé" in page and "1000 élèves créés" in page
    importes = Eleve.objects.visible_to(monde.chef_a).filter(division__nom__in=["TBP MELEC", "TCAP EPC"])
    assert importes.count() == 1000
    cap = Division.objects.visible_to(monde.chef_a).get(nom="TCAP EPC")
    assert (cap.diplome, cap.specialite) == (Diplome.CAP, "Équipier polyvalent")


def test_pendant_le_travail_la_page_affiche_la_progression(client, monde, annee_2026):
    lignes = lf.lignes_eleves(1000)
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    imp = imports.confirmer_import(monde.chef_a, imp, {})  # the job waits for the commit
    assert imp.statut == StatutImport.EN_ATTENTE
    client.force_login(monde.chef_a)
    page = client.get(reverse("lycees:import_detail", args=[imp.uuid])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page and "htmx" in page
    partiel = client.get(reverse("lycees:import_progression", args=[imp.uuid]), HTTP_HX_REQUEST="true")
    assert partiel.status_code == 200 and "HX-Refresh" not in partiel
    assert "<html" not in partiel.content.decode()

    assert importer_effectifs(imp.pk) == StatutImport.TERMINE
    assert importer_effectifs(imp.pk) == "ignoré", "a second delivery of the job changes nothing"
    assert eleves_de(monde.lycee_a, annee_2026).count() == 1000


def test_la_correspondance_des_colonnes_est_retenue_pour_le_lycee(monde, annee_2026):
    contenu = "ELEVE;PRENOM USUEL;NE LE;G/F;DIV\nDupont;Léa;01/02/2008;F;TBP MELEC\n".encode()
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", contenu), annee=annee_2026)
    assert set(imp.correspondance) == {"date_naissance"}
    imports.associer_colonnes(
        monde.chef_a, imp, {"nom": 0, "prenom": 1, "date_naissance": 2, "sexe": 3, "division": 4}
    )
    assert CorrespondanceColonnes.objects.get(lycee=monde.lycee_a).colonnes == {
        "nom": "ELEVE",
        "prenom": "PRENOM USUEL",
        "date_naissance": "NE LE",
        "sexe": "G/F",
        "division": "DIV",
    }
    suivant = imports.deposer_fichier(monde.chef_a, lf.upload("e2.csv", contenu), annee=annee_2026)
    assert suivant.correspondance == {"nom": 0, "prenom": 1, "date_naissance": 2, "sexe": 3, "division": 4}
    autre_lycee = imports.deposer_fichier(monde.chef_b, lf.upload("e.csv", contenu), annee=annee_2026)
    assert set(autre_lycee.correspondance) == {"date_naissance"}


def test_annuler_supprime_le_fichier(monde, annee_2026):
    imp = imports.deposer_fichier(
        monde.chef_a, lf.fixture("eleves_latin1_point_virgule.csv"), annee=annee_2026
    )
    assert imports.fichier_present(imp)
    imports.annuler_import(monde.chef_a, imp)
    imp.refresh_from_db()
    assert imp.statut == StatutImport.ANNULE and not imports.fichier_present(imp)
    assert not FichierImport.objects.unscoped(RAISON).exists()
    with pytest.raises(ValidationError, match="Annulé"):
        imports.confirmer_import(monde.chef_a, imp, {})


def test_purge_des_imports_abandonnes(monde, annee_2026):
    ancien = imports.deposer_fichier(
        monde.chef_a, lf.fixture("eleves_latin1_point_virgule.csv"), annee=annee_2026
    )
    recent = imports.deposer_fichier(
        monde.chef_a, lf.fixture("eleves_latin1_point_virgule.csv"), annee=annee_2026
    )
    ImportEffectifs.objects.unscoped(RAISON).filter(pk=ancien.pk).update(
        cree_le=timezone.now() - datetime.timedelta(days=2)
    )
    assert purger_imports_effectifs() == 1
    ancien.refresh_from_db()
    recent.refresh_from_db()
    assert ancien.statut == StatutImport.ANNULE and not imports.fichier_present(ancien)
    assert recent.statut == StatutImport.A_ASSOCIER and imports.fichier_present(recent)


# --- parse once (issue 13): the preview's checked rows are what the execution writes -----------------


def _compter_lectures(monkeypatch):
    """Counts the reads of a roster file (SIECLE parse, CSV decoding) from here on."""
    from lycees.imports import fichiers, siecle

    lectures = {"siecle": 0, "csv": 0}
    lire_siecle, lire_csv = siecle.lire, fichiers.lire_csv

    def compter_siecle(*args, **kwargs):
        lectures["siecle"] += 1
        return lire_siecle(*args, **kwargs)

    def compter_csv(*args, **kwargs):
        lectures["csv"] += 1
        return lire_csv(*args, **kwargs)

    monkeypatch.setattr(siecle, "lire", compter_siecle)
    monkeypatch.setattr(fichiers, "lire_csv", compter_csv)
    return lectures


def test_un_export_siecle_n_est_lu_qu_une_fois_du_depot_a_l_import(
    monde, lycee_siecle, annee_2026, monkeypatch
):
    lectures = _compter_lectures(monkeypatch)
    imp = imports.deposer_fichier(
        monde.chef_a, lf.fixture("siecle_eleves_sans_adresses.xml"), annee=annee_2026
    )
    choix = {
        d["cle"]: {"importer": True, "diplome": d["diplome"] or Diplome.BAC_PRO}
        for d in imp.apercu["divisions"]
    }
    imp = imports.confirmer_import(monde.chef_a, imp, choix)
    assert imp.statut == StatutImport.TERMINE
    assert lectures["siecle"] == 1


def test_l_import_ecrit_les_lignes_verifiees_par_l_apercu_sans_relire_le_fichier(
    monde, annee_2026, monkeypatch
):
    lignes = lf.lignes_eleves(30)
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    assert len(imports.lignes_verifiees(imp)) == 30
    lectures = _compter_lectures(monkeypatch)
    imp = imports.confirmer_import(monde.chef_a, imp, CHOIX)
    assert imp.statut == StatutImport.TERMINE
    assert imp.resultat["crees"] == 30
    assert lectures == {"siecle": 0, "csv": 0}
    # The checked rows are personal data: they go with the file when the import ends.
    assert not FichierImport.objects.unscoped(RAISON).filter(import_effectifs=imp).exists()


def test_sans_lignes_gardees_l_import_relit_et_verifie_le_fichier(monde, annee_2026):
    """An import previewed before the rows were kept (or whose rows were lost): read again, as before."""
    lignes = lf.lignes_eleves(12)
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    FichierImport.objects.unscoped(RAISON).filter(import_effectifs=imp).update(lignes=None)
    imp = imports.confirmer_import(monde.chef_a, imp, CHOIX)
    assert imp.statut == StatutImport.TERMINE
    assert imp.resultat["crees"] == 12


def test_les_lignes_gardees_suivent_les_classes_choisies_d_un_export_siecle(monde, lycee_siecle, annee_2026):
    imp = imports.deposer_fichier(
        monde.chef_a, lf.fixture("siecle_eleves_sans_adresses.xml"), annee=annee_2026
    )
    premiere = imp.apercu["divisions"][0]
    gardees = imports.lignes_verifiees(imp, {premiere["cle"]})
    assert len(gardees) == premiere["effectif"] - premiere["erreurs"]
    assert {valeurs.cle_division(ligne.division) for ligne in gardees} == {premiere["cle"]}
