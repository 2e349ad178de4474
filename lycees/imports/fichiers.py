"""Opening a roster file without trusting it: format by content, zip limits, CSV encoding and separator."""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lycees.enums import FormatImport
from lycees.imports import ENTREES_ZIP_MAX, LIGNES_MAX, TAILLE_MAX_DECOMPRESSEE, ErreurFichier, valeurs

# Control characters (Unicode category Cc) other than tab and line breaks.
_CONTROLES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

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
    entetes = []
    for i, c in enumerate(cellules):
        t = valeurs.texte(c)[:100]
        entetes.append(t or f"Colonne {i + 1}")
    while entetes and entetes[-1].startswith("Colonne ") and not valeurs.texte(cellules[len(entetes) - 1]):
        entetes.pop()
    return entetes


def _limiter(lignes: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    n = 0
    for numero, cellules in lignes:
        if not any(c not in (None, "") and (not isinstance(c, str) or c.strip()) for c in cellules):
            continue
        n += 1
        if n > LIGNES_MAX:
            raise ErreurFichier(MESSAGE_TROP_DE_LIGNES)
        yield numero, cellules


# --- CSV ------------------------------------------------------------------------------------------


def decoder(contenu: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 / Latin-1: (text, encoding)."""
    if contenu.startswith(codecs.BOM_UTF8):
        candidats = ["utf-8-sig"]
    elif contenu.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidats = ["utf-16"]
    else:
        candidats = ["utf-8", "cp1252", "latin-1"]
    for encodage in candidats:
        try:
            texte = contenu.decode(encodage)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise ErreurFichier("Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8.")
    echantillon = texte[:65536]
    controles = len(_CONTROLES.findall(echantillon))
    if "\x00" in echantillon or controles > max(10, len(echantillon) // 100):
        raise ErreurFichier(
            "Ce fichier ne se lit pas comme un texte CSV (encodage non reconnu, ou fichier binaire). "
            "Enregistrez-le en « CSV UTF-8 » ou « CSV (séparateur : point-virgule) » depuis votre tableur."
        )
    nom = {"utf-8-sig": "UTF-8 (avec BOM)", "utf-8": "UTF-8", "utf-16": "UTF-16"}.get(encodage, encodage)
    if encodage in ("cp1252", "latin-1"):
        nom = "Windows-1252 (Latin-1)"
    return texte, nom


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
            raise ErreurFichier(f"CSV mal formé à la ligne {lecteur.line_num} : {e}.") from None

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


# --- XLSX -----------------------------------------------------------------------------------------


def lire_xlsx(flux) -> Tableau:
    """The first sheet of a workbook, read in streaming mode once the zip passed its limits."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    ouvrir_zip(flux).close()
    flux.seek(0)
    try:
        classeur = openpyxl.load_workbook(flux, read_only=True, data_only=False)
        feuille = classeur.worksheets[0]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError):
        raise ErreurFichier("Le classeur XLSX est illisible ou endommagé.") from None

    def lignes():
        try:
            for numero, cellules in enumerate(feuille.iter_rows(values_only=True), start=1):
                yield numero, list(cellules)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
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
