"""Opening a roster file without trusting it: format by content, zip limits, CSV encoding and separator."""

import codecs
import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lycees.enums import FormatImport
from lycees.imports import (
    COLONNES_MAX,
    ENTREES_ZIP_MAX,
    LIGNES_MAX,
    TAILLE_MAX_DECOMPRESSEE,
    ErreurFichier,
    valeurs,
)

# Control characters (Unicode category Cc) other than tab and line breaks.
_CONTROLES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# A valid UTF-8 multi-byte sequence: in a file that is not UTF-8 as a whole, the sign of a mixture.
_SEQUENCE_UTF8 = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# What Windows-1252 French (or other Western) text holds beyond ASCII: letters and usual punctuation.
# Any other character (¤ ¦ ¨ ¯ ´ ¸ ‰ ˆ ˜ ™ Ž…) is what the bytes of another encoding look like in it.
_LATIN_IMPLAUSIBLE = re.compile("[^\x00-\x7fÀ-ÖØ-öø-ÿŒœŸ«»°€‘’“”–—…·\xa0²]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
MESSAGE_RELIRE_EN_UTF8 = (
    "Enregistrez-le à nouveau en « CSV UTF-8 » depuis votre tableur (Fichier › Enregistrer sous). "
    "Rien n'a été importé."
)
MESSAGE_BINAIRE = (
    "Ce fichier ne se lit pas comme un texte CSV (encodage non reconnu, ou fichier binaire). "
    "Enregistrez-le en « CSV UTF-8 » ou « CSV (séparateur : point-virgule) » depuis votre tableur."
)
logger = logging.getLogger(__name__)

MESSAGE_TROP_DE_LIGNES = (
    f"Le fichier compte plus de {valeurs.nombre(LIGNES_MAX)} lignes d'élèves : c'est la limite d'un "
    "import. Importez-le en plusieurs fois (par exemple une classe par fichier)."
)


def detecter_format(debut: bytes) -> str:
    """The format from the first bytes (never from the file name, which may say anything)."""
    if debut.startswith(b"PK\x03\x04"):
        return "zip"
    if debut.startswith(b"\xd0\xcf\x11\xe0"):
        raise ErreurFichier(
            "Ce classeur est au format Excel 97-2003 (.xls), non pris en charge : enregistrez-le au format "
            ".xlsx ou CSV."
        )
    if debut.startswith(b"%PDF"):
        raise ErreurFichier(
            "Ce fichier est un PDF : déposez l'export SIECLE (XML ou zip), un CSV ou un XLSX."
        )
    sans_bom = debut.removeprefix(codecs.BOM_UTF8).lstrip()
    if sans_bom.startswith(b"<"):
        return FormatImport.SIECLE
    # An XML in UTF-16 (with or without BOM): the SIECLE reader refuses it with the right message.
    sans_bom = debut.removeprefix(codecs.BOM_UTF16_LE).removeprefix(codecs.BOM_UTF16_BE)
    if sans_bom.startswith((b"<\x00", b"\x00<")):
        return FormatImport.SIECLE
    return FormatImport.CSV


def ouvrir_zip(flux) -> zipfile.ZipFile:
    """A zip whose entries, as declared, stay within the limits (reading never inflates past them)."""
    try:
        archive = zipfile.ZipFile(flux)
        entrees = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ErreurFichier("L'archive zip est illisible ou endommagée.") from None
    if len(entrees) > ENTREES_ZIP_MAX:
        raise ErreurFichier(f"L'archive contient trop de fichiers ({len(entrees)}) : refusée.")
    if any(e.flag_bits & 0x1 for e in entrees):
        raise ErreurFichier("L'archive est protégée par un mot de passe : déposez-la sans mot de passe.")
    total = sum(e.file_size for e in entrees)
    if total > TAILLE_MAX_DECOMPRESSEE:
        raise ErreurFichier(
            f"Une fois décompressée, l'archive ferait {total // 1024 // 1024} Mo (au plus "
            f"{TAILLE_MAX_DECOMPRESSEE // 1024 // 1024} Mo) : refusée."
        )
    return archive


def format_du_zip(archive: zipfile.ZipFile) -> str:
    noms = archive.namelist()
    if "[Content_Types].xml" in noms and any(n.startswith("xl/") for n in noms):
        return FormatImport.XLSX
    if any(n.lower().endswith(".xml") for n in noms):
        return FormatImport.SIECLE
    raise ErreurFichier("L'archive zip ne contient ni un classeur XLSX ni un export SIECLE (fichier XML).")


@dataclass
class Tableau:
    """A grid of cells: its header row and an iterator of (line number, cells) for the data rows."""

    entetes: list[str]
    lignes: Iterator[tuple[int, list]]
    lecture: dict = field(default_factory=dict)


def _entetes(cellules: list) -> list[str]:
    """The header row's names; more than COLONNES_MAX columns is refused (a roster has about ten, and
    the mapping page lists each one: 20,000 columns would make a page of megabytes)."""
    dernier = max((i for i, c in enumerate(cellules) if valeurs.texte(c)), default=-1)
    if dernier >= COLONNES_MAX:
        raise ErreurFichier(
            f"La ligne d'en-têtes compte {valeurs.nombre(dernier + 1)} colonnes ou plus : un fichier "
            f"d'effectifs en a une dizaine ({COLONNES_MAX} au plus). Gardez les colonnes utiles (nom, "
            "prénom, date de naissance, sexe, classe, INE…) et déposez-le à nouveau."
        )
    return [valeurs.texte(c)[:100] or f"Colonne {i + 1}" for i, c in enumerate(cellules[: dernier + 1])]


# Blank lines are skipped, not counted as students; past this many lines read in all, the file is not
# a roster with a few empty lines but a way to keep the worker busy.
LIGNES_LUES_MAX = 20 * LIGNES_MAX


def _limiter(lignes: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    n = 0
    for numero, cellules in lignes:
        if numero > LIGNES_LUES_MAX:
            raise ErreurFichier(
                f"Le fichier compte plus de {valeurs.nombre(LIGNES_LUES_MAX)} lignes (la plupart vides) : "
                "refusé. Supprimez les lignes vides en fin de feuille et déposez-le à nouveau."
            )
        if not any(c not in (None, "") and (not isinstance(c, str) or c.strip()) for c in cellules):
            continue
        n += 1
        if n > LIGNES_MAX:
            raise ErreurFichier(MESSAGE_TROP_DE_LIGNES)
        yield numero, cellules


# --- CSV ------------------------------------------------------------------------------------------


def _ligne_de(contenu: bytes, position: int) -> int:
    return contenu.count(b"\n", 0, position) + 1


def decoder(contenu: bytes) -> tuple[str, str]:
    """The text of a CSV and the name of its encoding, or a French refusal: never a guess that garbles.

    UTF-8 (with or without BOM) and UTF-16 with its BOM must decode strictly. Otherwise Windows-1252
    (Latin-1's superset, what Excel writes for « CSV (séparateur : point-virgule) ») is accepted only
    when every byte is defined in it, the file holds no UTF-8 sequence (a UTF-8 file with one stray
    Latin-1 byte would turn « é » into « Ã© ») and its characters beyond ASCII are those of Western
    text (Shift-JIS or Cyrillic bytes read as Windows-1252 give « Ž », « ˜ », « ¾ »…).
    """
    if contenu.startswith(codecs.BOM_UTF8):
        encodage, nom = "utf-8-sig", "UTF-8 (avec BOM)"
    elif contenu.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodage, nom = "utf-16", "UTF-16"
    else:
        encodage, nom = "utf-8", "UTF-8"
    try:
        texte = contenu.decode(encodage)
    except UnicodeDecodeError as e:
        if encodage != "utf-8":
            raise ErreurFichier(
                f"Ce fichier annonce l'encodage {nom} mais ne le respecte pas (octet invalide à la ligne "
                f"{_ligne_de(contenu, e.start)}). " + MESSAGE_RELIRE_EN_UTF8
            ) from None
        texte, nom = _windows_1252(contenu, e.start)
    echantillon = texte[:65536]
    controles = len(_CONTROLES.findall(echantillon))
    if "\x00" in echantillon or controles > max(10, len(echantillon) // 100):
        raise ErreurFichier(MESSAGE_BINAIRE)
    return texte, nom


def _windows_1252(contenu: bytes, erreur_utf8: int) -> tuple[str, str]:
    try:
        texte = contenu.decode("cp1252")
    except UnicodeDecodeError as e:
        if b"\x00" in contenu[:65536]:
            raise ErreurFichier(MESSAGE_BINAIRE) from None
        raise ErreurFichier(
            "L'encodage de ce fichier n'est ni l'UTF-8 ni le Windows-1252 (Latin-1) : l'octet "
            f"0x{contenu[e.start]:02X} de la ligne {_ligne_de(contenu, e.start)} n'y correspond à aucun "
            "caractère. " + MESSAGE_RELIRE_EN_UTF8
        ) from None
    # Mostly UTF-8 with stray bytes (one cell typed elsewhere) is a mixture; mostly not, another encoding.
    en_utf8 = contenu.decode("utf-8", "replace")
    perdus = en_utf8.count("\ufffd")
    if (m := _SEQUENCE_UTF8.search(contenu)) and len(_NON_ASCII.findall(en_utf8)) - perdus >= perdus:
        raise ErreurFichier(
            "Ce fichier mélange deux encodages : des caractères UTF-8 (ligne "
            f"{_ligne_de(contenu, m.start())}) et d'autres qui n'en sont pas (ligne "
            f"{_ligne_de(contenu, erreur_utf8)}). Ses accents seraient mal lus (« é » deviendrait "
            "« Ã© »). " + MESSAGE_RELIRE_EN_UTF8
        )
    au_dela = _NON_ASCII.findall(texte)
    etranges = _LATIN_IMPLAUSIBLE.findall(texte)
    # A stray « © » or « ½ » is someone's text; several, or a tenth of the accents, are another encoding.
    if len(etranges) > max(2, len(au_dela) // 10):
        exemple = "".join(dict.fromkeys(etranges))[:8]
        raise ErreurFichier(
            "L'encodage de ce fichier n'est ni l'UTF-8 ni le Windows-1252 (Latin-1) : lu ainsi, il "
            f"contiendrait des caractères comme « {exemple} », qui ne sont pas ceux d'un fichier "
            "d'effectifs (encodage asiatique, cyrillique… ?). " + MESSAGE_RELIRE_EN_UTF8
        )
    return texte, "Windows-1252 (Latin-1)"


def lire_csv(contenu: bytes) -> Tableau:
    texte, encodage = decoder(contenu)
    premiere = next((ligne for ligne in texte.splitlines() if ligne.strip()), "")
    if not premiere:
        raise ErreurFichier("Le fichier est vide.")
    separateur = max(";,\t", key=premiere.count)
    if premiere.count(separateur) == 0:
        raise ErreurFichier(
            "Le fichier n'a qu'une colonne : les colonnes d'un CSV sont séparées par « ; » ou « , »."
        )
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)

    def lignes():
        try:
            for cellules in lecteur:
                yield lecteur.line_num, cellules
        except csv.Error as e:
            raise ErreurFichier(
                f"CSV mal formé à la ligne {lecteur.line_num} : {_erreur_csv(str(e))}. Rien n'a été importé."
            ) from None

    rangees = lignes()
    entetes = None
    for _, cellules in rangees:
        if any(c.strip() for c in cellules):
            entetes = _entetes(cellules)
            break
    if not entetes:
        raise ErreurFichier("Le fichier est vide.")
    nom_sep = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}[separateur]
    return Tableau(entetes, _limiter(rangees), {"encodage": encodage, "separateur": nom_sep})


def _erreur_csv(message: str) -> str:
    """The csv module's English messages, in French (the person reads them on the import page)."""
    if message.startswith("field larger than field limit"):
        return (
            f"une cellule dépasse {valeurs.nombre(csv.field_size_limit())} caractères (souvent un "
            'guillemet « " » ouvert et jamais refermé)'
        )
    if message.startswith("unexpected end of data"):
        return "fin de fichier au milieu d'une cellule (un guillemet « \" » jamais refermé)"
    if "new-line character" in message:
        return "retour à la ligne inattendu au milieu d'une cellule"
    if "NUL" in message:
        return "caractère nul dans une cellule"
    return "ligne illisible (guillemets ou séparateurs mal placés)"


# --- XLSX -----------------------------------------------------------------------------------------


def lire_xlsx(flux) -> Tableau:
    """The first sheet of a workbook, read in streaming mode once the zip passed its limits."""
    import openpyxl

    ouvrir_zip(flux).close()
    flux.seek(0)
    try:
        classeur = openpyxl.load_workbook(flux, read_only=True, data_only=False)
        feuille = classeur.worksheets[0]
    # openpyxl on a hostile workbook raises about anything (ParseError, KeyError, TypeError,
    # AttributeError…): whatever it is, the file is unreadable, and the person is told so in French.
    except Exception:
        logger.info("Classeur XLSX illisible", exc_info=True)
        raise ErreurFichier("Le classeur XLSX est illisible ou endommagé.") from None

    def lignes():
        try:
            # A sheet's declared dimension may say XFD1048576: never read past the columns allowed.
            rangees = feuille.iter_rows(values_only=True, max_col=COLONNES_MAX + 1)
            for numero, cellules in enumerate(rangees, start=1):
                yield numero, list(cellules)
        except Exception:
            logger.info("Classeur XLSX illisible", exc_info=True)
            raise ErreurFichier("Le classeur XLSX est illisible ou endommagé.") from None
        finally:
            classeur.close()

    rangees = lignes()
    entetes = None
    for _, cellules in rangees:
        if any(valeurs.texte(c) for c in cellules):
            entetes = _entetes(cellules)
            break
    if not entetes:
        classeur.close()
        raise ErreurFichier("La première feuille du classeur est vide.")
    return Tableau(entetes, _limiter(rangees), {"feuille": feuille.title})
