"""Writes the hostile roster files of ``fichiers/`` (committed).

Run ``.venv/bin/python tests/lycees/hostiles/generer.py`` from the repository root.

Each file is what a lycée, a broken tool or an attacker may upload to the roster import. What the import
must answer for each (refused with which French message, or imported with how many students) is in
``attendus.toml``, written by hand; ``tests/lycees/test_hostiles.py`` runs every file through the real
service (deposit → columns → preview → confirmation) and checks it. The files are generated so that a
reader can see how each was made; the bytes are committed so that a change of library (openpyxl,
zipfile) does not change what is tested. Everything is deterministic (fixed dates, seeded randomness)
and small: the bombs inflate to more than the limits but weigh a few dozen kilobytes.

The lycée is the test's ``lycee_siecle`` (UAI 0750654D) and the school year 2026-2027.
"""

import codecs
import csv
import datetime
import io
import random
import re
import struct
import zipfile
from pathlib import Path

DOSSIER = Path(__file__).parent / "fichiers"
UAI = "0750654D"
DATE_ZIP = (2026, 9, 12, 10, 0, 0)
ENTETES = ["Nom", "Prénom", "Date de naissance", "Sexe", "Classe", "INE"]
BONS = [
    ["Lefèvre", "Chloé", "12/03/2008", "F", "TBP MELEC", "1234567890A"],
    ["Müller", "Jérôme", "01/12/2007", "M", "TBP MELEC", "2234567890B"],
    ["N'Diaye", "Aïssatou", "30/06/2008", "F", "TCAP EPC", ""],
    ["Benoît", "Noé", "05/09/2008", "M", "TCAP EPC", "3234567890C"],
]

FICHIERS: dict[str, bytes] = {}


def fichier(nom):
    def enregistrer(fabrique):
        FICHIERS[nom] = fabrique()
        return fabrique

    return enregistrer


# --- helpers ------------------------------------------------------------------------------------------


def csv_texte(lignes, entetes=ENTETES, separateur=";", fin="\r\n") -> str:
    sortie = io.StringIO(newline="")
    ecrivain = csv.writer(sortie, delimiter=separateur, lineterminator=fin)
    ecrivain.writerow(entetes)
    ecrivain.writerows(lignes)
    return sortie.getvalue()


def csv_octets(lignes, encodage="utf-8", **kwargs) -> bytes:
    return csv_texte(lignes, **kwargs).encode(encodage)


def avec(ligne_modifiee: list) -> list[list]:
    """The good rows plus one (the hostile row comes last, after three valid ones)."""
    return [*BONS[:3], ligne_modifiee]


def zip_de(entrees: dict[str, bytes], methode=zipfile.ZIP_DEFLATED) -> bytes:
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", methode) as archive:
        for nom, contenu in entrees.items():
            info = zipfile.ZipInfo(nom, date_time=DATE_ZIP)
            info.compress_type = methode
            archive.writestr(info, contenu)
    return sortie.getvalue()


def eleve_xml(i, nom, prenom, naissance, sexe="2", ine="", mef="24725510330", extra="") -> str:
    ine_xml = f"<ID_NATIONAL>{ine}</ID_NATIONAL>" if ine else ""
    nom_xml = f"<NOM_DE_FAMILLE>{nom}</NOM_DE_FAMILLE>" if nom is not None else ""
    naissance_xml = f"<DATE_NAISS>{naissance}</DATE_NAISS>" if naissance is not None else ""
    return (
        f'<ELEVE ELEVE_ID="{i}">{ine_xml}{nom_xml}<PRENOM>{prenom}</PRENOM>{naissance_xml}'
        f"<CODE_SEXE>{sexe}</CODE_SEXE><CODE_MEF>{mef}</CODE_MEF>{extra}</ELEVE>"
    )


def siecle(
    eleves=None,
    uai=UAI,
    annee="2026",
    encodage="ISO-8859-15",
    racine="BEE_ELEVES",
    prologue="",
    parametres=None,
    codec=None,
) -> bytes:
    if eleves is None:
        eleves = [
            eleve_xml(1, "LEFÈVRE", "Chloé", "12/03/2008", ine="1234567890A"),
            eleve_xml(2, "MULLER", "Jérôme", "01/12/2007", sexe="1"),
            eleve_xml(3, "N'DIAYE", "Aïssatou", "30/06/2008"),
        ]
    structures = "".join(
        f'<STRUCTURES_ELEVE ELEVE_ID="{i}"><STRUCTURE><CODE_STRUCTURE>TBPMELEC</CODE_STRUCTURE>'
        "<TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>"
        for i in range(1, len(eleves) + 1)
    )
    if parametres is None:
        parametres = f"<UAJ>{uai}</UAJ><ANNEE_SCOLAIRE>{annee}</ANNEE_SCOLAIRE>"
    texte = (
        f'<?xml version="1.0" encoding="{encodage}"?>\n{prologue}'
        f'<{racine} VERSION="3.2">\n<PARAMETRES>{parametres}</PARAMETRES>\n'
        f"<DONNEES><ELEVES>{''.join(eleves)}</ELEVES><STRUCTURES>{structures}</STRUCTURES></DONNEES>\n"
        f"</{racine}>\n"
    )
    return texte.encode(codec or encodage, "xmlcharrefreplace")


def xlsx(lignes, entetes=ENTETES) -> bytes:
    import openpyxl

    classeur = openpyxl.Workbook()
    classeur.properties.created = classeur.properties.modified = datetime.datetime(2026, 9, 12)
    feuille = classeur.active
    feuille.append(entetes)
    for ligne in lignes:
        feuille.append(ligne)
    sortie = io.BytesIO()
    classeur.save(sortie)
    # Zipped again with fixed dates, and the save time openpyxl writes replaced: the same bytes each run.
    with zipfile.ZipFile(sortie) as archive:
        entrees = {nom: archive.read(nom) for nom in archive.namelist()}
    entrees["docProps/core.xml"] = re.sub(
        rb"<dcterms:modified([^>]*)>[^<]*<",
        rb"<dcterms:modified\1>2026-09-12T00:00:00Z<",
        entrees["docProps/core.xml"],
    )
    return zip_de(entrees)


def lignes_plausibles(n: int) -> list[list]:
    hasard = random.Random(8)
    lignes = []
    for i in range(n):
        naissance = datetime.date(2008, 1, 1) + datetime.timedelta(days=hasard.randrange(700))
        lignes.append(
            [f"Nom{i:05d}", "Prénom", naissance.strftime("%d/%m/%Y"), "MF"[i % 2], f"TBP {i % 12}", ""]
        )
    return lignes


def mentir_sur_la_taille(contenu: bytes, taille: int) -> bytes:
    """Rewrite every entry's uncompressed size, in the local and central headers, to ``taille``."""
    octets = bytearray(contenu)
    for signature, decalage in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = octets.find(signature)
        while i != -1:
            octets[i + decalage : i + decalage + 4] = struct.pack("<I", taille)
            i = octets.find(signature, i + 4)
    return bytes(octets)


def chiffrer_le_drapeau(contenu: bytes) -> bytes:
    """Set the « encrypted » flag of every entry (what a password-protected zip declares)."""
    octets = bytearray(contenu)
    for signature, decalage in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = octets.find(signature)
        while i != -1:
            octets[i + decalage] |= 0x1
            i = octets.find(signature, i + 4)
    return bytes(octets)


# --- empty, binary, other formats -----------------------------------------------------------------------

fichier("vide.csv")(lambda: b"")
fichier("bom_seul.csv")(lambda: codecs.BOM_UTF8)
fichier("blanc.csv")(lambda: b"\r\n  \n\t\n")
fichier("binaire.csv")(lambda: random.Random(1).randbytes(4096))
fichier("png_renomme.csv")(
    lambda: (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
        + random.Random(2).randbytes(300)
    )
)
fichier("pdf_renomme.csv")(lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
fichier("xls_ancien.xls")(lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
fichier("une_colonne.txt")(lambda: b"Nom\nDupont\nMartin\n")
fichier("en_tetes_seuls.csv")(lambda: "Nom;Prénom;Date de naissance;Sexe;Classe\r\n".encode())
fichier("colonnes_manquantes.csv")(lambda: csv_octets([r[:2] for r in BONS], entetes=["Nom", "Prénom"]))

# --- zips -------------------------------------------------------------------------------------------------

fichier("zip_tronque.zip")(lambda: zip_de({"ElevesSansAdresses.xml": siecle()})[:200])
fichier("zip_501_fichiers.zip")(
    lambda: zip_de({f"f{i:03d}.txt": b"x" for i in range(501)}, methode=zipfile.ZIP_STORED)
)
fichier("zip_imbrique.zip")(lambda: zip_de({"interieur.zip": zip_de({"ElevesSansAdresses.xml": siecle()})}))
fichier("zip_deux_xml.zip")(lambda: zip_de({"a.xml": siecle(), "b.xml": siecle()}))
# The names are never used as paths (nothing is extracted to disk): the one XML entry is read.
fichier("zip_slip.zip")(
    lambda: zip_de({"../../../../tmp/ElevesSansAdresses.xml": siecle(), "/etc/lisez-moi.txt": b"x"})
)
fichier("zip_bombe.zip")(
    lambda: zip_de({"ElevesSansAdresses.xml": b"<BEE_ELEVES>" + b" " * (60 * 1024 * 1024) + b"</BEE_ELEVES>"})
)
# Declares 1 KB but inflates to 60 MB: only reading the entry tells.
fichier("zip_bombe_menteuse.zip")(
    lambda: mentir_sur_la_taille(
        zip_de({"ElevesSansAdresses.xml": b"<BEE_ELEVES>" + b" " * (60 * 1024 * 1024) + b"</BEE_ELEVES>"}),
        1024,
    )
)
fichier("zip_protege.zip")(lambda: chiffrer_le_drapeau(zip_de({"ElevesSansAdresses.xml": siecle()})))
fichier("zip_sans_export.zip")(lambda: zip_de({"lisez-moi.txt": b"rien"}))

# --- XLSX -------------------------------------------------------------------------------------------------

fichier("xlsx_valide.xlsx")(lambda: xlsx(BONS))
fichier("xlsx_bombe.xlsx")(
    lambda: zip_de(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet>" + b" " * (60 * 1024 * 1024) + b"</worksheet>",
        }
    )
)
fichier("xlsx_corrompu.xlsx")(
    lambda: zip_de({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"pas du XML"})
)
fichier("xlsx_formules.xlsx")(
    lambda: xlsx(
        [
            ['=HYPERLINK("http://exemple.invalid","clic")', "Paul", "01/02/2008", "M", "TBP MELEC", ""],
            ["=1+2", "Léa", "03/04/2008", "F", "TBP MELEC", ""],
            ["Martin", '=CONCAT("a","b")', "05/06/2008", "F", "TBP MELEC", ""],
        ]
    )
)
fichier("xlsx_300_colonnes.xlsx")(
    lambda: xlsx([["x"] * 300], entetes=[*ENTETES, *(f"Colonne {i}" for i in range(294))])
)

# --- CSV: size and shape --------------------------------------------------------------------------------

fichier("champ_enorme.csv")(
    lambda: csv_octets(BONS[:1]) + b'Martin;"' + b"x" * 200_000 + b'";01/02/2008;F;TBP X;\r\n'
)
fichier("colonnes_20000.csv")(
    lambda: (";".join(f"c{i}" for i in range(20_000)) + "\n" + ";".join("x" * 20_000) + "\n").encode()
)
fichier("lignes_5001.csv")(lambda: csv_octets(lignes_plausibles(5_001)))
fichier("lignes_5000.csv")(lambda: csv_octets(lignes_plausibles(5_000)))
fichier("lignes_vides_110000.csv")(lambda: csv_octets(BONS) + b"\n" * 110_000)
fichier("octets_nuls.csv")(
    lambda: csv_octets(avec(["Mar\x00tin", "Léa", "01/02/2008", "F", "TBP MELEC", ""]))
)
fichier("fins_de_ligne_melangees.csv")(
    lambda: (
        "Nom;Prénom;Date de naissance;Sexe;Classe\r\n"
        "Lefèvre;Chloé;12/03/2008;F;TBP MELEC\n"
        "Müller;Jérôme;01/12/2007;M;TBP MELEC\r"
        "N'Diaye;Aïssatou;30/06/2008;F;TCAP EPC\r\n"
        "Benoît;Noé;05/09/2008;M;TCAP EPC"
    ).encode()
)
fichier("guillemets_non_fermes.csv")(
    lambda: (
        csv_octets(BONS[:2])
        + 'Martin;"Léa;01/02/2008;F;TBP MELEC;\r\nDurand;Hugo;01/02/2008;M;TBP MELEC;\r\n'.encode()
    )
)

# --- CSV: encodings -------------------------------------------------------------------------------------

fichier("windows_1252.csv")(lambda: csv_octets(BONS, encodage="cp1252"))
fichier("utf16_bom_tabulation.csv")(
    lambda: codecs.BOM_UTF16_LE + csv_texte(BONS, separateur="\t").encode("utf-16-le")
)
fichier("utf16_sans_bom.csv")(lambda: csv_texte(BONS).encode("utf-16-le"))
fichier("shift_jis.csv")(
    lambda: csv_texte(
        [
            ["山田", "太郎", "01/02/2008", "M", "TBP MELEC", ""],
            ["鈴木", "花子", "02/03/2008", "F", "TBP MELEC", ""],
        ],
        entetes=["Nom", "Prenom", "Date de naissance", "Sexe", "Classe", "INE"],
    ).encode("shift_jis")
)
fichier("utf8_un_octet_latin1.csv")(
    lambda: csv_octets(BONS[:3]) + b"Martin;Jos\xe9;01/02/2008;M;TBP MELEC;\r\n"
)
fichier("octet_indefini_cp1252.csv")(
    lambda: csv_octets(BONS[:3], encodage="cp1252") + b"Martin;L\x81a;01/02/2008;F;TBP X;\r\n"
)
fichier("mojibake.csv")(lambda: csv_octets(avec(["LefÃ¨vre", "ChloÃ©", "12/03/2008", "F", "TBP MELEC", ""])))
fichier("points_d_interrogation.csv")(
    lambda: csv_octets(avec(["Lef?vre", "Chlo?", "12/03/2008", "F", "TBP MELEC", ""]))
)

# --- SIECLE XML -----------------------------------------------------------------------------------------

fichier("siecle_valide.xml")(lambda: siecle())
fichier("siecle_valide_utf8.zip")(lambda: zip_de({"ElevesSansAdresses.xml": siecle(encodage="UTF-8")}))
fichier("siecle_utf7.xml")(lambda: siecle(encodage="UTF-7", codec="utf-7"))
fichier("siecle_shift_jis.zip")(
    lambda: zip_de({"ElevesSansAdresses.xml": siecle(encodage="Shift_JIS", codec="shift_jis")})
)
fichier("siecle_utf16.xml")(lambda: siecle(encodage="UTF-16", codec="utf-16"))
fichier("siecle_encodage_inconnu.xml")(lambda: siecle(encodage="x-klingon", codec="ascii"))
fichier("siecle_billion_laughs.xml")(
    lambda: siecle(
        prologue=(
            '<!DOCTYPE BEE_ELEVES [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
            + "]>\n"
        ),
        eleves=[eleve_xml(1, "&j;", "Chloé", "12/03/2008")],
    )
)
fichier("siecle_entite_externe.xml")(
    lambda: siecle(
        prologue='<!DOCTYPE BEE_ELEVES [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        eleves=[eleve_xml(1, "&xxe;", "Chloé", "12/03/2008")],
    )
)
fichier("siecle_dtd.xml")(
    lambda: siecle(prologue='<!DOCTYPE BEE_ELEVES SYSTEM "http://exemple.invalid/bee.dtd">\n')
)
fichier("siecle_racine_incorrecte.xml")(lambda: siecle(racine="ELEVES_EXPORT"))
fichier("siecle_sans_uaj.xml")(lambda: siecle(parametres="<ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE>"))
fichier("siecle_autre_uai.xml")(lambda: siecle(uai="0590001A"))
fichier("siecle_autre_annee.xml")(lambda: siecle(annee="2025"))
fichier("siecle_tronque.xml")(lambda: siecle()[:400])
fichier("siecle_elements_manquants.xml")(
    lambda: siecle(
        eleves=[
            eleve_xml(1, "LEFÈVRE", "Chloé", "12/03/2008"),
            eleve_xml(2, None, "Jérôme", None, sexe="1"),
        ]
    )
)

fichier("siecle_imbrication_profonde.zip")(
    lambda: zip_de(
        {"ElevesSansAdresses.xml": siecle(parametres=f"<UAJ>{UAI}</UAJ>" + "<a>" * 50_000 + "</a>" * 50_000)}
    )
)
# 1.2 million empty elements beside the students: more than any export, refused once counted.
fichier("siecle_elements_innombrables.zip")(
    lambda: zip_de(
        {
            "ElevesSansAdresses.xml": siecle().replace(
                b"<DONNEES>", b"<OPTIONS>" + b"<O/>" * 1_200_000 + b"</OPTIONS><DONNEES>"
            )
        }
    )
)
fichier("siecle_fiche_enorme.zip")(
    lambda: zip_de(
        {
            "ElevesSansAdresses.xml": siecle(
                eleves=[eleve_xml(1, "LEFÈVRE", "Chloé", "12/03/2008", extra="<X/>" * 100_000)]
            )
        }
    )
)

# --- rows: values -----------------------------------------------------------------------------------

fichier("date_31_02.csv")(lambda: csv_octets(avec(["Martin", "Léa", "31/02/2008", "F", "TBP MELEC", ""])))
fichier("naissance_future.csv")(
    lambda: csv_octets(avec(["Martin", "Léa", "01/02/2031", "F", "TBP MELEC", ""]))
)
fichier("age_3_ans.csv")(lambda: csv_octets(avec(["Martin", "Léa", "01/02/2023", "F", "TBP MELEC", ""])))
fichier("ine_malforme.csv")(
    lambda: csv_octets(avec(["Martin", "Léa", "01/02/2008", "F", "TBP MELEC", "12345'; --"]))
)
fichier("classe_manquante.csv")(lambda: csv_octets(avec(["Martin", "Léa", "01/02/2008", "F", "", ""])))
fichier("doublons.csv")(lambda: csv_octets([*BONS, BONS[2]]))
fichier("doublon_ine.csv")(
    lambda: csv_octets([*BONS, ["Autre", "Nom", "01/01/2008", "M", "TBP MELEC", "1234567890A"]])
)
fichier("homonymes_deux_ine.csv")(
    lambda: csv_octets(
        [
            ["Martin", "Léa", "01/02/2008", "F", "TBP MELEC", "4234567890D"],
            ["MARTIN", "Léa", "01/02/2008", "F", "TBP MELEC", "5234567890E"],
        ]
    )
)
fichier("rtl_et_largeur_nulle.csv")(
    lambda: csv_octets(
        [
            ["Mar\u202etin", "L\u200béa", "01/02/2008", "F", "TBP MELEC", ""],
            ["\ufeffDurand\u2066", "Hu\u200dgo", "02/03/2008", "M", "TBP MELEC", ""],
        ]
    )
)
fichier("noms_tres_longs.csv")(
    lambda: csv_octets(avec(["M" * 5_000, "Léa", "01/02/2008", "F", "TBP MELEC", ""]))
)
fichier("emoji.csv")(lambda: csv_octets(avec(["Martin", "Léa 😀", "01/02/2008", "F", "TBP MELEC", ""])))
fichier("noms_sql.csv")(
    lambda: csv_octets(
        [
            ["O'Brien", "Seán", "01/02/2008", "M", "TBP MELEC", ""],
            ["Robert'); DROP TABLE lycees_eleve;--", "Bobby", "02/03/2008", "M", "TBP MELEC", ""],
            ['"; DELETE FROM lycees_eleve WHERE ""="', "Zoé", "03/04/2008", "F", "TBP MELEC", ""],
        ]
    )
)
fichier("csv_formules.csv")(
    lambda: csv_octets(
        [
            ['=HYPERLINK("http://exemple.invalid","clic")', "Paul", "01/02/2008", "M", "TBP MELEC", ""],
            ["+33 Martin", "Léa", "03/04/2008", "F", "TBP MELEC", ""],
            ["-2+3", "Zoé", "05/06/2008", "F", "TBP MELEC", ""],
            ["@SOMME(A1)", "Noé", "07/08/2008", "M", "TBP MELEC", ""],
        ]
    )
)
fichier("espaces_autour.csv")(
    lambda: csv_octets(
        [
            ["  Martin  ", "\u00a0Léa\u00a0", " 01/02/2008 ", " F ", "  TBP   MELEC ", " 4234567890d "],
            ["\tDurand", "Hugo\t", "02/03/2008", "M", "tbp melec", ""],
        ]
    )
)


def main() -> None:
    DOSSIER.mkdir(exist_ok=True)
    for ancien in DOSSIER.iterdir():
        ancien.unlink()
    for nom, contenu in FICHIERS.items():
        (DOSSIER / nom).write_bytes(contenu)
    total = sum(len(c) for c in FICHIERS.values())
    print(f"{len(FICHIERS)} fichiers, {total / 1024:.0f} Ko dans {DOSSIER}")


if __name__ == "__main__":
    main()
