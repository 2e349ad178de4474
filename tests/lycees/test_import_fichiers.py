"""Roster files, good and malformed: every bad file is refused with a French message and nothing saved."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from lycees.enums import Diplome, FormatImport, Sexe, StatutImport
from lycees.models import Division, Eleve, FichierImport, ImportEffectifs
from lycees.services import imports
from tests import factories as f
from tests.lycees import factories as lf

RAISON = "vérification d'un test"


def etat_base():
    return (
        Eleve.objects.unscoped(RAISON).count(),
        Division.objects.unscoped(RAISON).count(),
        ImportEffectifs.objects.unscoped(RAISON).count(),
        FichierImport.objects.unscoped(RAISON).count(),
    )


def refuse(user, fichier, annee, *attendus):
    avant = etat_base()
    with pytest.raises(ValidationError) as e:
        imports.deposer_fichier(user, fichier, annee=annee)
    message = " ".join(e.value.messages)
    for attendu in attendus:
        assert attendu in message
    assert etat_base() == avant, "nothing may be saved"
    return message


def importer(user, fichier, annee, choix=None):
    imp = imports.deposer_fichier(user, fichier, annee=annee)
    if imp.statut == StatutImport.A_ASSOCIER:
        imp = imports.associer_colonnes(user, imp, imp.correspondance)
    assert imp.nb_erreurs == 0, imp.erreurs
    if choix is None:
        choix = {d["cle"]: {"importer": d["importer"]} for d in imp.apercu["divisions"]}
    return imports.confirmer_import(user, imp, choix)


def eleves_de(lycee, annee):
    """The students of a lycée and year, but those the ``monde`` fixture created."""
    return (
        Eleve.objects.unscoped(RAISON)
        .filter(lycee=lycee, annee=annee)
        .exclude(division__nom__regex=r"^TBP[0-9]+$")  # the classes of tests.factories.DivisionFactory
        .select_related("division")
    )


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_latin1_point_virgule(monde, annee_2026):
    imp = imports.deposer_fichier(
        monde.chef_a, lf.fixture("eleves_latin1_point_virgule.csv"), annee=annee_2026
    )
    assert imp.format == FormatImport.CSV
    assert imp.lecture["encodage"] == "Windows-1252 (Latin-1)"
    assert imp.lecture["separateur"] == "point-virgule"
    assert imp.correspondance == {
        "nom": 0,
        "prenom": 1,
        "date_naissance": 2,
        "sexe": 3,
        "division": 4,
        "ine": 5,
    }
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    assert (imp.nb_erreurs, imp.apercu["valides"]) == (0, 4)
    divisions = {d["nom"]: d for d in imp.apercu["divisions"]}
    assert divisions["TBP MELEC"]["diplome"] == Diplome.BAC_PRO
    assert divisions["TCAP EPC"]["diplome"] == Diplome.CAP

    imp = imports.confirmer_import(monde.chef_a, imp, {})
    assert imp.statut == StatutImport.TERMINE
    assert imp.resultat["crees"] == 4
    assert not imports.fichier_present(imp), "the roster file is deleted once imported"
    eleves = {e.nom: e for e in eleves_de(monde.lycee_a, annee_2026)}
    assert set(eleves) == {"Lefèvre", "Müller", "N'Diaye", "Benoît"}
    assert eleves["Lefèvre"].prenom == "Chloé"
    assert eleves["Lefèvre"].ine == "1234567890A"
    assert eleves["Benoît"].date_naissance.isoformat() == "2008-09-05"
    assert eleves["Müller"].sexe == Sexe.MASCULIN
    assert eleves["N'Diaye"].division.nom == "TCAP EPC"
    assert eleves["N'Diaye"].diplome == Diplome.CAP


def test_csv_utf8_bom_virgule_avec_diplome_et_specialite(monde, annee_2026):
    imp = imports.deposer_fichier(monde.chef_a, lf.fixture("eleves_utf8_bom_virgule.csv"), annee=annee_2026)
    assert imp.lecture["encodage"] == "UTF-8 (avec BOM)"
    assert imp.lecture["separateur"] == "virgule"
    assert set(imp.correspondance) == {
        "nom",
        "prenom",
        "date_naissance",
        "sexe",
        "ine",
        "division",
        "diplome",
        "specialite",
    }
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    imports.confirmer_import(monde.chef_a, imp, {})
    eleves = {e.prenom: e for e in eleves_de(monde.lycee_a, annee_2026)}
    assert eleves["Inès"].nom == "Garcia, dite Gaby"
    assert eleves["Inès"].sexe == Sexe.FEMININ
    assert eleves["Inès"].diplome == Diplome.CAP
    assert eleves["Inès"].specialite == "Cuisine"
    assert eleves["Léa"].sexe == Sexe.FEMININ and eleves["Hugo"].sexe == Sexe.MASCULIN
    division = eleves["Léa"].division
    assert (division.nom, division.diplome) == ("TBP AGORA", Diplome.BAC_PRO)
    assert division.specialite == "Assistance à la gestion des organisations"


def test_colonnes_manquantes(monde, annee_2026):
    imp = imports.deposer_fichier(monde.chef_a, lf.fixture("colonnes_manquantes.csv"), annee=annee_2026)
    assert "date_naissance" not in imp.correspondance
    with pytest.raises(ValidationError) as e:
        imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    assert "Colonnes obligatoires manquantes : Date de naissance" in " ".join(e.value.messages)
    assert not eleves_de(monde.lycee_a, annee_2026).exists()
    assert etat_base()[:2] == (5, 2), "only the students and classes of the ``monde`` fixture"


def test_colonne_associee_deux_fois(monde, annee_2026):
    imp = imports.deposer_fichier(
        monde.chef_a, lf.fixture("eleves_latin1_point_virgule.csv"), annee=annee_2026
    )
    with pytest.raises(ValidationError, match="associée à deux champs"):
        imports.associer_colonnes(monde.chef_a, imp, {**imp.correspondance, "specialite": 0})


def test_dates_invalides_listees_par_ligne(monde, annee_2026):
    imp = imports.deposer_fichier(monde.chef_a, lf.fixture("dates_invalides.csv"), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    erreurs = {e["ref"]: e["message"] for e in imp.erreurs}
    assert erreurs == {
        "Ligne 2": "date de naissance « 31/02/2008 » inexistante",
        "Ligne 3": "date de naissance « 2008/13/45 » illisible : attendu JJ/MM/AAAA (ou AAAA-MM-JJ)",
        "Ligne 4": "date de naissance « 14 juillet 2008 » illisible : attendu JJ/MM/AAAA (ou AAAA-MM-JJ)",
        "Ligne 5": "date de naissance 01/01/1901 peu plausible pour un élève de terminale en 2026-2027 "
        "(année attendue entre 1996 et 2013)",
        "Ligne 7": "date de naissance manquante",
    }
    assert (imp.nb_erreurs, imp.apercu["valides"]) == (5, 1)
    with pytest.raises(ValidationError, match=r"5 lignes en erreur.*Rien n'a été enregistré"):
        imports.confirmer_import(monde.chef_a, imp, {})
    assert not eleves_de(monde.lycee_a, annee_2026).exists()
    imp.refresh_from_db()
    assert imp.statut == StatutImport.A_VALIDER


def test_doublons_dans_le_fichier(monde, annee_2026):
    imp = imports.deposer_fichier(monde.chef_a, lf.fixture("doublons.csv"), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    erreurs = {e["ref"]: e["message"] for e in imp.erreurs}
    assert erreurs == {
        "Ligne 3": "INE 1234567890A en double (déjà : ligne 2)",
        "Ligne 5": "MOREAU emma, né(e) le 05/06/2008, en double (déjà : ligne 4)",
    }
    with pytest.raises(ValidationError):
        imports.confirmer_import(monde.chef_a, imp, {})
    assert not eleves_de(monde.lycee_a, annee_2026).exists()


def test_formule_dans_un_nom_stockee_comme_texte_et_caracteres_de_controle_retires(monde, annee_2026):
    importer(monde.chef_a, lf.fixture("formule_dans_un_nom.csv"), annee_2026, {"TBPMELEC": {}})
    noms = set(eleves_de(monde.lycee_a, annee_2026).values_list("nom", "prenom"))
    assert noms == {
        ('=HYPERLINK("http://exemple.invalid","clic")', "Paul"),
        ("+33 Martin", "Léa"),
        ("-Durand", "Zoé"),
        ("@SOMME", "Noé"),
        ("Tab ulé", "Contrôle"),
    }


def test_cent_mille_lignes_refusees(monde, annee_2026):
    ligne = "Martin;Léa;01/02/2008;F;TBP MELEC\r\n"
    contenu = ("Nom;Prénom;Date de naissance;Sexe;Classe\r\n" + ligne * 100_000).encode("latin-1")
    refuse(
        monde.chef_a,
        lf.upload("gros.csv", contenu),
        annee_2026,
        "plus de 5\u00a0000 lignes",
        "plusieurs fois",
    )


def test_fichier_trop_gros(monde, annee_2026):
    refuse(
        monde.chef_a, lf.upload("gros.csv", b"x" * (10 * 1024 * 1024 + 1)), annee_2026, "limite est de 10 Mo"
    )


@pytest.mark.parametrize(
    ("contenu", "attendu"),
    [
        (
            "Nom;Prénom;Né le;Sexe;Classe\nA;B;01/02/2008;F;T\n".encode("utf-16-le"),
            "ne se lit pas comme un texte CSV",
        ),
        (bytes(range(256)) * 40, "ne se lit pas comme un texte CSV"),
        (b"", "vide"),
        (b"\n\n  \n", "vide"),
        (b"Nom\nDupont\n", "qu'une colonne"),
        (b"Nom;Pr\xc3\xa9nom\n", "aucun élève"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97-2003"),
        (b"%PDF-1.7\n", "PDF"),
        (b"PK\x03\x04pas vraiment un zip", "illisible"),
    ],
    ids=[
        "utf16-sans-bom",
        "binaire",
        "vide",
        "blanc",
        "une-colonne",
        "en-tetes-seuls",
        "xls",
        "pdf",
        "faux-zip",
    ],
)
def test_fichiers_illisibles(monde, annee_2026, contenu, attendu):
    refuse(monde.chef_a, lf.upload("eleves.csv", contenu), annee_2026, attendu)


def test_ligne_csv_mal_formee(monde, annee_2026, settings):
    contenu = b'Nom;Prenom;Date de naissance;Sexe;Classe\nA;"B' + b"x" * 200_000 + b'";01/02/2008;F;T\n'
    refuse(monde.chef_a, lf.upload("eleves.csv", contenu), annee_2026, "CSV mal formé à la ligne")


def test_valeurs_de_sexe_et_de_diplome_reconnues(monde, annee_2026):
    contenu = (
        "Nom;Prénom;Date de naissance;Sexe;Classe;Diplôme\n"
        "A;Un;01/02/2008;Masculin;TBP X;Baccalauréat professionnel\n"
        "B;Deux;01/02/2008;Féminin;TBP X;BCP\n"
        "C;Trois;01/02/2008;H;TCAP Y;cap\n"
        "D;Quatre;01/02/2008;2;TBMA Z;Brevet des métiers d'art\n"
        "E;Cinq;01/02/2008;X;TBP X;Licence\n"
    ).encode()
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", contenu), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    assert [e["message"] for e in imp.erreurs] == [
        "sexe « X » non reconnu : attendu M ou F (ou 1 / 2) ; "
        "diplôme « Licence » inconnu : attendu bac pro, CAP, BMA ou DTMS"
    ]
    assert {d["nom"]: d["diplome"] for d in imp.apercu["divisions"]} == {
        "TBP X": Diplome.BAC_PRO,
        "TCAP Y": Diplome.CAP,
        "TBMA Z": Diplome.BMA,
    }


# --- XLSX -----------------------------------------------------------------------------------------


def test_xlsx_avec_dates_et_formule(monde, annee_2026):
    lignes = lf.lignes_eleves(30)
    lignes[0] = ("=1+2", *lignes[0][1:])
    imp = importer(monde.chef_a, lf.upload("eleves.xlsx", lf.xlsx_eleves(lignes)), annee_2026)
    assert imp.format == FormatImport.XLSX
    assert imp.statut == StatutImport.TERMINE and imp.resultat["crees"] == 30
    premier = eleves_de(monde.lycee_a, annee_2026).get(prenom=lignes[0][1], date_naissance=lignes[0][2])
    assert premier.nom == "=1+2"


def test_xlsx_bombe_de_decompression(monde, annee_2026):
    refuse(monde.chef_a, lf.fixture("xlsx_bombe.xlsx"), annee_2026, "décompressée", "refusée")


# --- SIECLE ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fichier", ["siecle_eleves_sans_adresses.xml", "siecle_eleves_sans_adresses.zip"])
def test_siecle_apercu_et_import(monde, lycee_siecle, annee_2026, fichier):
    imp = imports.deposer_fichier(monde.chef_a, lf.fixture(fichier), annee=annee_2026)
    assert imp.format == FormatImport.SIECLE
    assert imp.statut == StatutImport.A_VALIDER
    assert imp.lecture == {"uai": "0750654D", "annee": 2026, "sortis": 1, "sans_classe": 1}
    divisions = {d["nom"]: d for d in imp.apercu["divisions"]}
    assert {c: (d["effectif"], d["importer"], d["diplome"]) for c, d in divisions.items()} == {
        "TBPMELEC": (3, True, Diplome.BAC_PRO),
        "TCAPEPC": (1, True, Diplome.CAP),
        "2NDPRO MELEC": (1, False, Diplome.BAC_PRO),
    }
    imp = imports.confirmer_import(
        monde.chef_a, imp, {d["cle"]: {"importer": d["importer"]} for d in divisions.values()}
    )
    assert imp.statut == StatutImport.TERMINE
    eleves = {e.nom: e for e in eleves_de(lycee_siecle, annee_2026)}
    # PARTI left in 2020, INACTIF has no class, SECONDE is not in a chosen class; BIENTOT leaves in 2099.
    assert set(eleves) == {"LEFÈVRE", "MULLER", "N'DIAYE", "BIENTOT"}
    assert eleves["LEFÈVRE"].prenom == "Chloé" and eleves["LEFÈVRE"].ine == "1234567890A"
    assert eleves["LEFÈVRE"].sexe == Sexe.FEMININ and eleves["MULLER"].sexe == Sexe.MASCULIN
    assert eleves["N'DIAYE"].division.nom == "TCAPEPC" and eleves["N'DIAYE"].diplome == Diplome.CAP


def test_siecle_choisir_aucune_classe(monde, lycee_siecle, annee_2026):
    imp = imports.deposer_fichier(
        monde.chef_a, lf.fixture("siecle_eleves_sans_adresses.xml"), annee=annee_2026
    )
    with pytest.raises(ValidationError, match="au moins une classe"):
        imports.confirmer_import(monde.chef_a, imp, {})


def test_siecle_d_un_autre_lycee_refuse(monde, lycee_siecle, annee_2026):
    message = refuse(monde.chef_b, lf.fixture("siecle_eleves_sans_adresses.zip"), annee_2026, "0750654D")
    assert f"pas celui de votre lycée ({monde.lycee_b.uai})" in message


def test_siecle_d_une_autre_annee_refuse(monde, lycee_siecle):
    refuse(monde.chef_a, lf.fixture("siecle_eleves_sans_adresses.xml"), lf.annee(2027), "2026-2027")


@pytest.mark.parametrize("fichier", ["xml_entite_externe.xml", "xml_billion_laughs.xml"])
def test_xml_avec_entites_refuse(monde, lycee_siecle, annee_2026, fichier):
    refuse(monde.chef_a, lf.fixture(fichier), annee_2026, "DTD ou des entités", "Rien n'a été importé")


@pytest.mark.parametrize(
    ("contenu", "attendu"),
    [
        (b"<?xml version='1.0'?><AUTRE/>", "n'est pas un export SIECLE"),
        (b"<BEE_ELEVES><PARAMETRES><UAJ>0750654D</UAJ>", "mal formé"),
        (b"<BEE_ELEVES><DONNEES/></BEE_ELEVES>", "n'indique pas l'UAI"),
        (b"<BEE_ELEVES><PARAMETRES><UAJ>0750654D</UAJ></PARAMETRES></BEE_ELEVES>", "aucun élève"),
    ],
)
def test_xml_incorrects(monde, lycee_siecle, annee_2026, contenu, attendu):
    refuse(monde.chef_a, lf.upload("ElevesSansAdresses.xml", contenu), annee_2026, attendu)


def _zip(entrees: dict[str, bytes]) -> bytes:
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        for nom, contenu in entrees.items():
            archive.writestr(nom, contenu)
    return sortie.getvalue()


def test_zip_siecle_qui_gonfle_trop(monde, lycee_siecle, annee_2026):
    contenu = _zip({"ElevesSansAdresses.xml": b"<BEE_ELEVES>" + b" " * (60 * 1024 * 1024) + b"</BEE_ELEVES>"})
    assert len(contenu) < 1024 * 1024
    refuse(monde.chef_a, lf.upload("ElevesSansAdresses.zip", contenu), annee_2026, "décompressée")


def test_zip_sans_export(monde, lycee_siecle, annee_2026):
    contenu = _zip({"lisez-moi.txt": b"rien"})
    refuse(
        monde.chef_a, lf.upload("export.zip", contenu), annee_2026, "ni un classeur XLSX ni un export SIECLE"
    )


def test_zip_avec_deux_xml(monde, lycee_siecle, annee_2026):
    xml = (lf.FIXTURES / "siecle_eleves_sans_adresses.xml").read_bytes()
    contenu = _zip({"a.xml": xml, "b.xml": xml})
    refuse(monde.chef_a, lf.upload("export.zip", contenu), annee_2026, "un seul fichier XML")


def test_une_classe_ecrite_autrement_est_la_meme_classe(monde, annee_2026):
    """Field defect: « TCAP EPC » in the file and « TCAPEPC » in the lycée were two classes after import;
    spaces, case, accents and punctuation are ignored, the preview says how the file spelled it."""
    existante = f.DivisionFactory(lycee=monde.lycee_a, annee=annee_2026, nom="TCAPEPC", diplome=Diplome.CAP)
    lignes = lf.lignes_eleves(3, classes=("t.cap epc",))
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", lf.csv_eleves(lignes)), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    (division,) = imp.apercu["divisions"]
    assert (division["existante"], division["nom"], division["nom_fichier"]) == (True, "TCAPEPC", "T.CAP EPC")
    imp = imports.confirmer_import(monde.chef_a, imp, {division["cle"]: {"importer": True}})
    assert imp.resultat["divisions_creees"] == []
    assert set(eleves_de(monde.lycee_a, annee_2026).values_list("division", flat=True)) == {existante.pk}
