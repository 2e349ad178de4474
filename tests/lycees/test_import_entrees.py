"""Encodings, widths and identities of roster files: a French refusal or a correct import, never a 500."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lycees.enums import StatutImport
from lycees.imports import COLONNES_MAX
from lycees.services import imports
from tests.lycees import factories as lf
from tests.lycees.test_import_fichiers import eleves_de, etat_base, importer, refuse

XML = (lf.FIXTURES / "siecle_eleves_sans_adresses.xml").read_bytes()
ENTETES = "Nom;Prénom;Date de naissance;Sexe;Classe;INE\n"


def _zip(nom: str, contenu: bytes) -> bytes:
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(nom, contenu)
    return sortie.getvalue()


def _xml_declarant(encodage: str) -> bytes:
    return XML.replace(b'encoding="ISO-8859-15"', f'encoding="{encodage}"'.encode())


# --- SIECLE: declared encodings ---------------------------------------------------------------------


@pytest.mark.parametrize("encodage", ["UTF-7", "Shift_JIS", "UTF-16", "EUC-JP", "EBCDIC-US", "x-inconnu"])
@pytest.mark.parametrize("emballage", ["xml", "zip"])
def test_xml_d_un_autre_encodage_refuse(monde, lycee_siecle, annee_2026, encodage, emballage):
    contenu = _xml_declarant(encodage)
    if emballage == "zip":
        contenu = _zip("ElevesSansAdresses.xml", contenu)
    message = refuse(
        monde.chef_a, lf.upload(f"ElevesSansAdresses.{emballage}", contenu), annee_2026, "encodé en"
    )
    assert encodage in message and "Rien n'a été importé" in message


@pytest.mark.parametrize("bom", [True, False])
def test_xml_vraiment_en_utf16_refuse(monde, lycee_siecle, annee_2026, bom):
    texte = XML.decode("iso-8859-15").replace("ISO-8859-15", "UTF-16")
    contenu = texte.encode("utf-16" if bom else "utf-16-le")
    refuse(monde.chef_a, lf.upload("ElevesSansAdresses.xml", contenu), annee_2026, "encodé en UTF-16")


@pytest.mark.parametrize("encodage", ["UTF-8", "ISO-8859-1", "windows-1252", "latin-1", "US-ASCII"])
def test_xml_des_encodages_acceptes(monde, lycee_siecle, annee_2026, encodage):
    texte = XML.decode("iso-8859-15").replace("ISO-8859-15", encodage)
    codec = {"US-ASCII": "ascii"}.get(encodage, encodage)
    contenu = texte.encode(codec, "xmlcharrefreplace")
    imp = imports.deposer_fichier(
        monde.chef_a, lf.upload("ElevesSansAdresses.xml", contenu), annee=annee_2026
    )
    assert imp.statut == StatutImport.A_VALIDER and imp.nb_lignes == 5


def test_xml_de_centaines_de_milliers_d_elements_lu_en_memoire_constante(monde, lycee_siecle):
    import datetime
    import tracemalloc

    from lycees.imports import siecle

    contenu = XML.replace(b"<DONNEES>", b"<OPTIONS>" + b"<O/>" * 150_000 + b"</OPTIONS><DONNEES>")
    tracemalloc.start()
    try:
        export = siecle.lire(io.BytesIO(contenu), lycee_siecle.uai, datetime.date(2026, 9, 15))
        _, pic = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(export.eleves) == 5
    # Kept in the tree, 150,000 elements would weigh some 15 MB.
    assert pic < 5 * 1024 * 1024, f"{pic / 1024 / 1024:.0f} Mo"


def test_xml_mal_forme_en_francais(monde, lycee_siecle, annee_2026):
    contenu = b"<?xml version='1.0' encoding='UTF-8'?><BEE_ELEVES><PARAMETRES><UAJ>0750654D</UAJ>\xe9"
    message = refuse(monde.chef_a, lf.upload("e.xml", contenu), annee_2026, "mal formé", "ligne 1")
    assert "not well-formed" not in message and "invalid token" not in message


# --- CSV / XLSX: width ------------------------------------------------------------------------------


def test_vingt_mille_colonnes_refusees_avant_la_page_des_colonnes(monde, annee_2026):
    entetes = ";".join(f"c{i}" for i in range(20_000))
    contenu = f"{entetes}\n{';'.join('x' * 20_000)}\n".encode()
    refuse(
        monde.chef_a,
        lf.upload("e.csv", contenu),
        annee_2026,
        "20\u00a0000 colonnes",
        f"{COLONNES_MAX} au plus",
    )


def test_201_colonnes_refusees_200_acceptees(monde, annee_2026):
    def fichier(n):
        entetes = ["Nom", "Prénom", "Date de naissance", "Sexe", "Classe"] + [f"c{i}" for i in range(n - 5)]
        return (";".join(entetes) + "\nA;B;01/02/2008;F;TBP X" + ";" * (n - 5) + "\n").encode()

    refuse(monde.chef_a, lf.upload("e.csv", fichier(COLONNES_MAX + 1)), annee_2026, "colonnes")
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", fichier(COLONNES_MAX)), annee=annee_2026)
    assert len(imp.lecture["entetes"]) == COLONNES_MAX


def test_xlsx_de_300_colonnes_refuse(monde, annee_2026):
    import openpyxl

    classeur = openpyxl.Workbook()
    classeur.active.append([f"Colonne {i}" for i in range(300)])
    classeur.active.append(["x"] * 300)
    sortie = io.BytesIO()
    classeur.save(sortie)
    refuse(monde.chef_a, lf.upload("e.xlsx", sortie.getvalue()), annee_2026, "colonnes")


def test_des_lignes_plus_larges_que_l_en_tete_n_alourdissent_pas_la_page(client, monde, annee_2026):
    contenu = (ENTETES + "Martin;Léa;01/02/2008;F;TBP X;" + ";x" * 20_000 + "\n").encode()
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", contenu), annee=annee_2026)
    assert imports.exemples(imp) == [["Martin", "Léa", "01/02/2008", "F", "TBP X", ""]]
    client.force_login(monde.chef_a)
    page = client.get(reverse("lycees:import_colonnes", args=[imp.uuid]))
    assert page.status_code == 200 and len(page.content) < 200_000


# --- CSV: encodings ---------------------------------------------------------------------------------


def test_shift_jis_refuse(monde, annee_2026):
    contenu = (
        "Nom;Prenom;Date de naissance;Sexe;Classe\n"
        "山田;太郎;01/02/2008;M;TBP X\n"
        "鈴木;花子;02/03/2008;F;TBP X\n"
    )
    message = refuse(
        monde.chef_a,
        lf.upload("e.csv", contenu.encode("shift_jis")),
        annee_2026,
        "ni l'UTF-8 ni le Windows-1252",
    )
    assert "CSV UTF-8" in message


def test_utf8_avec_un_octet_latin1_refuse(monde, annee_2026):
    contenu = (
        ENTETES + "Lefèvre;Chloé;01/02/2008;F;TBP X;\n"
    ).encode() + b"Martin;Jos\xe9;01/02/2008;M;TBP X;\n"
    message = refuse(monde.chef_a, lf.upload("e.csv", contenu), annee_2026, "mélange deux encodages")
    assert "ligne 3" in message


def test_octet_indefini_en_windows_1252_refuse(monde, annee_2026):
    contenu = ENTETES.encode("cp1252") + b"Martin;L\x81a;01/02/2008;F;TBP X;\n"
    refuse(monde.chef_a, lf.upload("e.csv", contenu), annee_2026, "0x81", "ligne 2")


def test_bom_utf8_qui_ment_refuse(monde, annee_2026):
    contenu = b"\xef\xbb\xbf" + ENTETES.encode() + b"Martin;L\xe9a;01/02/2008;F;TBP X;\n"
    refuse(monde.chef_a, lf.upload("e.csv", contenu), annee_2026, "annonce l'encodage UTF-8 (avec BOM)")


def test_windows_1252_francais_accepte(monde, annee_2026):
    contenu = (ENTETES + "Lefèvre;Chloé;01/02/2008;F;TBP X;\nŒuvray;Zoë « Zo »;01/02/2008;F;TBP X;\n").encode(
        "cp1252"
    )
    imp = importer(monde.chef_a, lf.upload("e.csv", contenu), annee_2026)
    assert imp.resultat["crees"] == 2
    assert {e.nom for e in eleves_de(monde.lycee_a, annee_2026)} == {"Lefèvre", "Œuvray"}


def test_champ_trop_long_message_francais(monde, annee_2026):
    contenu = ENTETES.encode() + b'A;"' + b"x" * 200_000 + b'";01/02/2008;F;T;\n'
    message = refuse(monde.chef_a, lf.upload("e.csv", contenu), annee_2026, "une cellule dépasse")
    assert "field limit" not in message


# --- names and identities ---------------------------------------------------------------------------


def test_homonymes_nes_le_meme_jour_avec_deux_ine_sont_deux_eleves(monde, annee_2026):
    contenu = (
        ENTETES + "Martin;Léa;01/02/2008;F;TBP X;1234567890A\nMARTIN;Léa;01/02/2008;F;TBP X;1234567890B\n"
    ).encode()
    imp = importer(monde.chef_a, lf.upload("e.csv", contenu), annee_2026)
    assert imp.resultat["crees"] == 2
    assert sorted(eleves_de(monde.lycee_a, annee_2026).values_list("ine", flat=True)) == [
        "1234567890A",
        "1234567890B",
    ]
    # The same file again: each matched by its INE, nothing changes.
    second = importer(monde.chef_a, lf.upload("e.csv", contenu), annee_2026)
    assert (second.resultat["crees"], second.resultat["inchanges"]) == (0, 2)


def test_homonymes_avec_deux_ine_quand_un_eleve_sans_ine_est_deja_connu(monde, annee_2026):
    premier = (ENTETES + "Martin;Léa;01/02/2008;F;TBP X;\n").encode()
    importer(monde.chef_a, lf.upload("e.csv", premier), annee_2026)
    second = (
        ENTETES + "Martin;Léa;01/02/2008;F;TBP X;1234567890A\nMartin;Léa;01/02/2008;F;TBP X;1234567890B\n"
    ).encode()
    imp = importer(monde.chef_a, lf.upload("e.csv", second), annee_2026)
    assert (imp.resultat["crees"], imp.resultat["mis_a_jour"]) == (1, 1)
    assert sorted(eleves_de(monde.lycee_a, annee_2026).values_list("ine", flat=True)) == [
        "1234567890A",
        "1234567890B",
    ]


def test_homonymes_dont_un_sans_ine_restent_un_doublon(monde, annee_2026):
    contenu = (
        ENTETES + "Martin;Léa;01/02/2008;F;TBP X;1234567890A\nMartin;Léa;01/02/2008;F;TBP X;\n"
    ).encode()
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", contenu), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    assert [e["message"] for e in imp.erreurs] == [
        "Martin Léa, né(e) le 01/02/2008, en double (déjà : ligne 2)"
    ]


@pytest.mark.parametrize(
    ("nom", "attendu"),
    [
        ("LefÃ¨vre", "« Ã¨ » à la place d'une lettre accentuée"),
        ("Lef?vre", "remplacé par « ? »"),
        ("Lef\ufffdvre", "remplacé par « ? »"),
        ("Lefâ€™vre", "« â€ » à la place"),
    ],
)
def test_un_reimport_n_ecrase_pas_un_nom_par_un_nom_mal_decode(monde, annee_2026, nom, attendu):
    premier = (ENTETES + "Lefèvre;Chloé;01/02/2008;F;TBP X;1234567890A\n").encode()
    importer(monde.chef_a, lf.upload("e.csv", premier), annee_2026)
    second = (ENTETES + f"{nom};Chloé;01/02/2008;F;TBP X;1234567890A\n").encode()
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", second), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    assert imp.nb_erreurs == 1 and attendu in imp.erreurs[0]["message"]
    with pytest.raises(ValidationError, match="1 ligne en erreur"):
        imports.confirmer_import(monde.chef_a, imp, {})
    assert eleves_de(monde.lycee_a, annee_2026).get().nom == "Lefèvre"


def test_un_fichier_sans_accents_ne_les_retire_pas(client, monde, annee_2026):
    premier = (
        ENTETES + "Lefèvre;Chloé;01/02/2008;F;TBP X;1234567890A\nDurand;Jérôme;03/04/2008;M;TBP X;\n"
    ).encode()
    importer(monde.chef_a, lf.upload("e.csv", premier), annee_2026)
    second = (
        ENTETES + "LEFEVRE;Chloe;01/02/2008;F;TBP X;1234567890A\nDurand;Jerome;03/04/2008;M;TBP X;\n"
    ).encode()
    imp = importer(monde.chef_a, lf.upload("e.csv", second), annee_2026)
    assert imp.resultat == {
        "crees": 0,
        "mis_a_jour": 0,
        "inchanges": 2,
        "divisions_creees": [],
        "noms_gardes": 2,
    }
    assert {(e.nom, e.prenom) for e in eleves_de(monde.lycee_a, annee_2026)} == {
        ("Lefèvre", "Chloé"),
        ("Durand", "Jérôme"),
    }
    client.force_login(monde.chef_a)
    page = client.get(reverse("lycees:import_detail", args=[imp.uuid])).content.decode()
    assert "2 noms gardés avec leurs accents" in page


# --- confirmation -----------------------------------------------------------------------------------


def test_confirmation_refusee_quand_une_ligne_sans_classe_est_en_erreur(monde, annee_2026):
    contenu = (ENTETES + "Martin;Léa;01/02/2008;F;TBP X;\nDurand;Hugo;01/02/2008;M;;\n").encode()
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", contenu), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    assert imp.nb_erreurs == 1 and imp.erreurs[0]["division"] == ""
    avant = etat_base()
    with pytest.raises(ValidationError, match="1 ligne en erreur"):
        imports.confirmer_import(monde.chef_a, imp, {})
    assert etat_base() == avant
    imp.refresh_from_db()
    assert imp.statut == StatutImport.A_VALIDER


def test_confirmation_refusee_dans_la_page(client, monde, annee_2026):
    contenu = (ENTETES + "Martin;Léa;01/02/2008;F;TBP X;\nDurand;Hugo;31/02/2008;M;TBP X;\n").encode()
    imp = imports.deposer_fichier(monde.chef_a, lf.upload("e.csv", contenu), annee=annee_2026)
    imp = imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    client.force_login(monde.chef_a)
    avant = etat_base()
    reponse = client.post(reverse("lycees:import_confirmer", args=[imp.uuid]), {})
    assert reponse.status_code in (200, 400)
    assert "ligne en erreur" in reponse.content.decode()
    assert etat_base() == avant
