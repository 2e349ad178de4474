"""SIECLE « ElevesSansAdresses » (XML, or its zip), read as a stream with defusedxml.

Only what the scheme needs is kept (names, birth date, sex, INE, MEF, class): data minimisation.
"""

import codecs
import contextlib
import datetime
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from lycees.enums import ChampImport
from lycees.imports import ELEVES_SIECLE_MAX, TAILLE_MAX_DECOMPRESSEE, ErreurFichier, fichiers, valeurs
from lycees.validators import normaliser_uai

MESSAGE_PAS_SIECLE = (
    "Ce fichier XML n'est pas un export SIECLE « ElevesSansAdresses » (élément racine BEE_ELEVES attendu)."
)


# SIECLE writes ISO-8859-15; files that went through other tools come back as UTF-8 or Windows-1252.
# Python's parser handles single-byte encodings only: UTF-7 or Shift_JIS made it raise a ValueError.
ENCODAGES_ACCEPTES = {"utf-8", "ascii", "iso8859-1", "iso8859-15", "cp1252"}
_DECLARATION = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']{1,40})["']""")
MESSAGE_ENCODAGE = (
    "Ce fichier XML est encodé en {encodage} : un export SIECLE l'est en ISO-8859-15, UTF-8 ou "
    "Windows-1252. Exportez-le à nouveau depuis SIECLE (ou enregistrez-le dans l'un de ces encodages). "
    "Rien n'a été importé."
)


# A SIECLE export nests 6 levels deep, and a student's record holds a few dozen elements.
PROFONDEUR_MAX = 30
ELEMENTS_PAR_FICHE_MAX = 500
_FICHES = {"ELEVE", "STRUCTURES_ELEVE"}
# About 30 elements per student in a real export: 50 per student at the cap bounds the parsing time.
ELEMENTS_MAX = 50 * ELEVES_SIECLE_MAX
MESSAGE_TROP_D_ELEMENTS = (
    f"Le fichier XML compte plus de {valeurs.nombre(ELEMENTS_MAX)} éléments : bien plus qu'un export SIECLE "
    "d'un lycée. Rien n'a été importé."
)
MESSAGE_STRUCTURE = (
    f"Le fichier XML a une structure anormale (éléments imbriqués sur plus de {PROFONDEUR_MAX} niveaux, ou "
    f"une fiche d'élève de plus de {ELEMENTS_PAR_FICHE_MAX} éléments) : ce n'est pas un export SIECLE. "
    "Rien n'a été importé."
)


def verifier_encodage(debut: bytes) -> None:
    """Refuse, before parsing, an XML whose encoding is not one a SIECLE export may have."""
    if debut.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ErreurFichier(MESSAGE_ENCODAGE.format(encodage="UTF-32"))
    if debut.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in debut[:64]:
        raise ErreurFichier(MESSAGE_ENCODAGE.format(encodage="UTF-16"))
    m = _DECLARATION.match(debut.removeprefix(codecs.BOM_UTF8))
    if m is None:
        return  # no declaration: UTF-8, as XML says
    declare = m.group(1).decode("ascii", "replace").strip()
    try:
        nom = codecs.lookup(declare).name
    except LookupError:
        nom = None
    if nom not in ENCODAGES_ACCEPTES:
        raise ErreurFichier(MESSAGE_ENCODAGE.format(encodage=f"« {declare[:40]} »"))


def _mal_forme(e: ParseError) -> str:
    """Expat's English message, in French, with where it is."""
    raisons = {
        expat.errors.codes[expat.errors.XML_ERROR_INVALID_TOKEN]: (
            "caractère invalide : le fichier n'est peut-être pas dans l'encodage qu'il déclare"
        ),
        expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]: "fichier incomplet ou vide",
        expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN]: "fichier tronqué ou balise non fermée",
        expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH]: "balise fermante qui ne correspond pas",
        expat.errors.codes[expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT]: "contenu après la fin du document",
        expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING]: (
            "le contenu ne correspond pas à l'encodage déclaré"
        ),
    }
    raison = raisons.get(getattr(e, "code", None), "structure XML incorrecte")
    ligne, colonne = getattr(e, "position", (None, None))
    ou = f", ligne {ligne}, colonne {colonne + 1}" if ligne else ""
    return f"Le fichier XML est mal formé ({raison}{ou}). Rien n'a été importé."


@dataclass
class ExportSiecle:
    uai: str
    annee_debut: int | None
    # Each student still enrolled, as raw values keyed by ChampImport, plus "ref" and "mef".
    eleves: list[dict] = field(default_factory=list)
    sortis: int = 0
    sans_classe: int = 0


def ouvrir(flux):
    """The XML stream of the upload: the file itself, or the one XML entry of its zip."""
    debut = flux.read(4)
    flux.seek(0)
    if debut != b"PK\x03\x04":
        return flux
    archive = fichiers.ouvrir_zip(flux)
    xmls = [e for e in archive.infolist() if e.filename.lower().endswith(".xml") and not e.is_dir()]
    if len(xmls) != 1:
        raise ErreurFichier("L'archive doit contenir un seul fichier XML (ElevesSansAdresses.xml).")
    if xmls[0].file_size > TAILLE_MAX_DECOMPRESSEE:
        raise ErreurFichier("Le fichier XML de l'archive est trop volumineux : refusé.")
    return archive.open(xmls[0])


def _date_passee(texte: str, aujourd_hui: datetime.date) -> bool:
    try:
        return valeurs.date(texte) < aujourd_hui
    except valeurs.ValeurInvalide:
        return False


def lire(flux, uai_attendu: str, aujourd_hui: datetime.date) -> ExportSiecle:
    """Parse the export; refuse another lycée's file; skip students who have left (DATE_SORTIE past)."""
    uai = None
    annee = None
    bruts: dict[str, dict] = {}
    classes: dict[str, str] = {}
    ordre: list[str] = []
    try:
        flux_xml = ouvrir(flux)
        verifier_encodage(flux_xml.read(1024))
        flux_xml.seek(0)
        racine_vue = False
        # The open elements; « fiche »: inside an ELEVE or STRUCTURES_ELEVE, kept until it ends.
        pile: list = []
        dans_fiche = taille_fiche = elements = 0
        for evenement, element in iterparse(flux_xml, events=("start", "end"), forbid_dtd=True):
            tag = element.tag
            if evenement == "start":
                if not racine_vue:
                    if tag != "BEE_ELEVES":
                        raise ErreurFichier(MESSAGE_PAS_SIECLE)
                    racine_vue = True
                pile.append(element)
                if tag in _FICHES:
                    dans_fiche += 1
                elif dans_fiche:
                    taille_fiche += 1
                if len(pile) > PROFONDEUR_MAX or taille_fiche > ELEMENTS_PAR_FICHE_MAX:
                    raise ErreurFichier(MESSAGE_STRUCTURE)
                continue
            pile.pop()
            elements += 1
            if elements > ELEMENTS_MAX:
                raise ErreurFichier(MESSAGE_TROP_D_ELEMENTS)
            if tag in _FICHES:
                dans_fiche -= 1
                if not dans_fiche:
                    taille_fiche = 0
            # Read (or of no use): dropped from its parent, so that memory stays flat whatever the
            # number of elements (an OPTIONS section of millions would otherwise stay in the tree).
            # The parser runs a chunk ahead of these events: the element is near the front, not last.
            if not dans_fiche and pile:
                with contextlib.suppress(ValueError):
                    pile[-1].remove(element)
            if tag == "UAJ":
                uai = normaliser_uai(element.text or "")
                if uai != normaliser_uai(uai_attendu):
                    raise ErreurFichier(
                        f"Ce fichier est l'export de l'établissement {uai or '(UAI absent)'}, pas celui de "
                        f"votre lycée ({uai_attendu}) : rien n'a été importé."
                    )
            elif tag == "ANNEE_SCOLAIRE":
                texte = (element.text or "").strip()
                annee = int(texte) if texte.isdigit() else None
            elif tag == "ELEVE":
                eleve_id = element.get("ELEVE_ID") or f"#{len(ordre) + 1}"
                bruts[eleve_id] = {enfant.tag: (enfant.text or "").strip() for enfant in element}
                ordre.append(eleve_id)
                element.clear()
                if len(ordre) > ELEVES_SIECLE_MAX:
                    raise ErreurFichier(
                        f"L'export compte plus de {valeurs.nombre(ELEVES_SIECLE_MAX)} élèves : refusé."
                    )
            elif tag == "STRUCTURES_ELEVE":
                for structure in element.iter("STRUCTURE"):
                    if (structure.findtext("TYPE_STRUCTURE") or "").strip() == "D":
                        code = (structure.findtext("CODE_STRUCTURE") or "").strip()
                        if code and code.casefold() != "inactifs":
                            classes[element.get("ELEVE_ID", "")] = code
                            break
                element.clear()
    except DefusedXmlException:
        raise ErreurFichier(
            "Le fichier XML contient une DTD ou des entités (refusées par sécurité) : ce n'est pas un export "
            "SIECLE ordinaire. Rien n'a été importé."
        ) from None
    except ParseError as e:
        raise ErreurFichier(_mal_forme(e)) from None
    except (ValueError, LookupError):
        # An encoding the declaration check let through but the parser cannot read: refused alike.
        raise ErreurFichier(MESSAGE_ENCODAGE.format(encodage="un encodage non pris en charge")) from None
    except (zipfile.BadZipFile, EOFError, OSError):
        raise ErreurFichier("L'archive zip est illisible ou endommagée. Rien n'a été importé.") from None
    if uai is None:
        raise ErreurFichier(
            "Le fichier n'indique pas l'UAI de l'établissement (PARAMETRES/UAJ) : ce n'est pas un export "
            "SIECLE « ElevesSansAdresses » complet."
        )

    export = ExportSiecle(uai=uai, annee_debut=annee)
    for eleve_id in ordre:
        brut = bruts[eleve_id]
        if brut.get("DATE_SORTIE") and _date_passee(brut["DATE_SORTIE"], aujourd_hui):
            export.sortis += 1
            continue
        division = classes.get(eleve_id, "")
        if not division:
            export.sans_classe += 1
            continue
        nom = brut.get("NOM_DE_FAMILLE") or brut.get("NOM", "")
        qui = f"{valeurs.texte(nom)[:40]} {valeurs.texte(brut.get('PRENOM'))[:30]}"
        export.eleves.append(
            {
                "ref": f"Élève {eleve_id} ({qui})",
                ChampImport.NOM: nom,
                ChampImport.PRENOM: brut.get("PRENOM", ""),
                ChampImport.DATE_NAISSANCE: brut.get("DATE_NAISS", ""),
                ChampImport.SEXE: brut.get("CODE_SEXE", ""),
                ChampImport.INE: brut.get("ID_NATIONAL", ""),
                ChampImport.DIVISION: division,
                ChampImport.DIPLOME: "",
                ChampImport.SPECIALITE: "",
                "mef": brut.get("CODE_MEF", ""),
            }
        )
    return export
