"""Cell values of a roster → clean Python values, with a French message when a value is refused."""

import datetime
import functools
import re
import unicodedata

from lycees.enums import ChampImport, Diplome, Sexe


class ValeurInvalide(ValueError):
    pass


_ESPACES = re.compile(r"\s+")
_MOTS = re.compile(r"[a-z0-9]+")


def texte(valeur) -> str:
    """Trimmed text with control characters (and invisible format characters) removed.

    Nothing else is neutralised: a name starting with « = » is stored as written; exports neutralise
    spreadsheet formulas when they write a cell.
    """
    if valeur is None:
        return ""
    s = valeur if isinstance(valeur, str) else _cellule_en_texte(valeur)
    if not s.isprintable():
        s = "".join(
            " " if c in "\t\r\n" or unicodedata.category(c) == "Zs" else c
            for c in s
            if unicodedata.category(c) not in ("Cc", "Cf") or c in "\t\r\n"
        )
    if "  " in s or "\xa0" in s:
        s = _ESPACES.sub(" ", s)
    return unicodedata.normalize("NFC", s.strip())


def _cellule_en_texte(valeur) -> str:
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    if isinstance(valeur, datetime.datetime):
        return valeur.date().isoformat()
    return str(valeur)


def nombre(n: int) -> str:
    """12345 → « 12 345 » (French thousands separator, a non-breaking space)."""
    return f"{n:,}".replace(",", "\u00a0")


def sans_accents(s: str) -> str:
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def cle_texte(s: str) -> str:
    """Comparison key: no accents, no case, only letters and digits separated by single spaces."""
    return " ".join(_MOTS.findall(sans_accents(s).casefold()))


def nom_division(nom: str) -> str:
    """A class name as written for people: spaces collapsed, upper case (« tbp  melec » → « TBP MELEC »)."""
    return _ESPACES.sub(" ", nom.strip()).upper()


def cle_division(nom: str) -> str:
    """Spellings of one class are the same class: spaces, case, accents and punctuation ignored
    (« TCAP EPC », « tcapepc », « T.CAP-EPC » → « TCAPEPC »; field trial: a re-import created twins)."""
    nom = nom or ""
    # Asked once per row and per step for a few dozen class names: remembered (short names only, so that
    # a hostile cell of megabytes is never kept).
    return _cle_division(nom) if len(nom) <= 100 else _cle_division.__wrapped__(nom)


@functools.lru_cache(maxsize=2048)
def _cle_division(nom: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode()
    return "".join(c for c in sans_accents.upper() if c.isalnum())


# « é » written in UTF-8 then read as Windows-1252 or Latin-1 gives « Ã© », « ’ » gives « â€™ »: a
# name that shows one of these was garbled on its way, and would replace a correct one on re-import.
_MOJIBAKE = re.compile(
    "[ÂÃ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122]|â€"
)


def qualite_du_texte(s: str) -> str | None:
    """Why a name's text was damaged by an encoding on its way, or None when it reads as written."""
    if "\ufffd" in s or "?" in s:
        return "un caractère a été remplacé par « ? » ou « \ufffd » (accent perdu par un mauvais encodage)"
    if s.isascii():
        return None  # no mojibake, and no ASCII character is a symbol or unassigned: the loop below is moot
    if m := _MOJIBAKE.search(s):
        return f"« {m.group()} » à la place d'une lettre accentuée (fichier UTF-8 lu dans un autre encodage)"
    for c in s:
        if unicodedata.category(c) in ("So", "Cs", "Co", "Cn"):
            return f"caractère « {c} » inattendu dans un nom"
    return None


def nom_personne(valeur, libelle: str, max_length: int = 100) -> str:
    s = texte(valeur)
    if not s:
        raise ValeurInvalide(f"{libelle} manquant")
    if len(s) > max_length:
        raise ValeurInvalide(f"{libelle} trop long ({len(s)} caractères, {max_length} au plus)")
    if probleme := qualite_du_texte(s):
        raise ValeurInvalide(f"{libelle} « {s[:40]} » illisible : {probleme}")
    return s


def moins_bien_ecrit(nouveau: str, ancien: str) -> bool:
    """True when ``nouveau`` is ``ancien`` with its accents lost (« LEFEVRE » for « Lefèvre »): a file
    that went through a tool without accents never takes them away from a student's record."""
    return (
        nouveau != ancien
        and nouveau.isascii()
        and not ancien.isascii()
        and sans_accents(ancien).casefold() == nouveau.casefold()
    )


_DATE_FR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?")


def date(valeur) -> datetime.date:
    """DD/MM/YYYY (also with - or .), ISO YYYY-MM-DD, or a spreadsheet date."""
    if isinstance(valeur, datetime.datetime):
        return valeur.date()
    if isinstance(valeur, datetime.date):
        return valeur
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool) and 3_000 < valeur < 80_000:
        # A date cell without its date format: the spreadsheet's serial number of days.
        from openpyxl.utils.datetime import from_excel

        return from_excel(valeur).date()
    s = texte(valeur)
    if not s:
        raise ValeurInvalide("date de naissance manquante")
    if m := _DATE_FR.fullmatch(s):
        jour, mois, annee = (int(x) for x in m.groups())
    elif m := _DATE_ISO.fullmatch(s):
        annee, mois, jour = (int(x) for x in m.groups())
    else:
        raise ValeurInvalide(f"date de naissance « {s[:30]} » illisible : attendu JJ/MM/AAAA (ou AAAA-MM-JJ)")
    try:
        return datetime.date(annee, mois, jour)
    except ValueError:
        raise ValeurInvalide(f"date de naissance « {s} » inexistante") from None


def date_naissance(valeur, annee_debut: int) -> datetime.date:
    """A birth date plausible for a final-year student of the school year starting ``annee_debut``."""
    d = date(valeur)
    if not annee_debut - 30 <= d.year <= annee_debut - 13:
        raise ValeurInvalide(
            f"date de naissance {d:%d/%m/%Y} peu plausible pour un élève de terminale en "
            f"{annee_debut}-{annee_debut + 1} (année attendue entre {annee_debut - 30} et {annee_debut - 13})"
        )
    return d


_SEXES = {
    **dict.fromkeys(
        ("m", "h", "g", "1", "masculin", "homme", "garcon", "mr", "monsieur", "masc"), Sexe.MASCULIN
    ),
    **dict.fromkeys(
        ("f", "2", "feminin", "femme", "fille", "mme", "mlle", "madame", "mademoiselle", "fem"), Sexe.FEMININ
    ),
}


def sexe(valeur) -> str:
    s = texte(valeur)
    if not s:
        raise ValeurInvalide("sexe manquant")
    code = _SEXES.get(cle_texte(s))
    if code is None:
        raise ValeurInvalide(f"sexe « {s[:20]} » non reconnu : attendu M ou F (ou 1 / 2)")
    return code


_INE = re.compile(r"[0-9A-Z]{11}")


def ine(valeur) -> str:
    """The INE (optional): 11 letters or digits, spaces ignored, stored in capitals."""
    s = texte(valeur).replace(" ", "").upper()
    if s and not _INE.fullmatch(s):
        raise ValeurInvalide(f"INE « {s[:20]} » invalide : 11 chiffres ou lettres attendus")
    return s


def diplome(valeur) -> str:
    """A diploma as written by people (« Bac pro », « BCP », « CAP », « BMA »…) → Diplome, or ""."""
    s = texte(valeur)
    if not s:
        return ""
    code = diplome_reconnu(s)
    if code is None:
        raise ValeurInvalide(f"diplôme « {s[:40]} » inconnu : attendu bac pro, CAP, BMA ou DTMS")
    return code


def diplome_reconnu(s: str) -> str | None:
    cle = cle_texte(s)
    mots = set(cle.split())
    if "dtms" in mots or "technicien des metiers du spectacle" in cle:
        return Diplome.DTMS
    if "bma" in mots or "brevet des metiers d art" in cle:
        return Diplome.BMA
    if "cap" in mots or "certificat d aptitude" in cle:
        return Diplome.CAP
    if mots & {"bac", "bacpro", "bcp", "baccalaureat"}:
        return Diplome.BAC_PRO
    return None


def diplome_d_une_division(nom: str) -> str | None:
    """The diploma a class name gives away (« TCAP EPC », « TBP MELEC », « 2BMA »), when it does."""
    n = re.sub(r"[^A-Z0-9]", "", sans_accents(nom).upper())
    if "DTMS" in n:
        return Diplome.DTMS
    if "BMA" in n:
        return Diplome.BMA
    if "CAP" in n:
        return Diplome.CAP
    if "BACPRO" in n or n.startswith(("TBP", "TBAC", "TPRO", "TLEPRO", "TERMPRO")):
        return Diplome.BAC_PRO
    return None


# SIECLE's MEF code: 3 digits of « dispositif de formation », the speciality group (3), an order
# number (2), the length in years (1) and the year (1). Only dispositifs we are sure of are mapped;
# for the others the class name, then the lycée's choice in the preview, decide.
_DISPOSITIFS = {"240": Diplome.CAP, "241": Diplome.CAP, "242": Diplome.CAP, "246": Diplome.BAC_PRO}
_DISPOSITIFS["247"] = Diplome.BAC_PRO


def diplome_d_un_mef(mef: str) -> str | None:
    return _DISPOSITIFS.get((mef or "")[:3])


def mef_derniere_annee(mef: str) -> bool | None:
    """True when the MEF is the final year of its formation (year == length), None when unreadable."""
    if not mef or len(mef) < 10 or not mef[8:10].isdigit():
        return None
    return mef[8] == mef[9]


# --- column headers --------------------------------------------------------------------------------

# Header spellings (as cle_texte) that name each field; the first match wins.
ENTETES = {
    ChampImport.NOM: ("nom", "nom de famille", "nom eleve", "nom de l eleve", "nom d usage", "nom usage"),
    ChampImport.PRENOM: ("prenom", "prenom 1", "premier prenom", "prenom eleve", "prenom de l eleve"),
    ChampImport.DATE_NAISSANCE: (
        "date de naissance",
        "ne le",
        "nee le",
        "ne e le",
        "date naissance",
        "date naiss",
        "datenaiss",
        "naissance",
        "date de naiss",
    ),
    ChampImport.SEXE: ("sexe", "genre", "civilite", "code sexe"),
    ChampImport.DIVISION: ("classe", "division", "classes", "code structure", "structure"),
    ChampImport.INE: ("ine", "n ine", "numero ine", "id national", "identifiant national", "ine eleve"),
    ChampImport.DIPLOME: ("diplome", "diplome prepare", "type de diplome", "diplome vise"),
    ChampImport.SPECIALITE: ("specialite", "specialite du diplome", "filiere", "option"),
}


def deviner_correspondance(entetes: list[str], memorisee: dict | None = None) -> dict[str, int]:
    """Field → column index, from the lycée's remembered mapping first, then the usual header names."""
    cles = [cle_texte(e) for e in entetes]
    resultat: dict[str, int] = {}
    pris: set[int] = set()
    for champ, entete in (memorisee or {}).items():
        if champ in ChampImport.values and entete in entetes:
            i = entetes.index(entete)
            if i not in pris:
                resultat[champ] = i
                pris.add(i)
    for champ, noms in ENTETES.items():
        if champ in resultat:
            continue
        for nom in noms:
            i = next((i for i, c in enumerate(cles) if c == nom and i not in pris), None)
            if i is not None:
                resultat[champ] = i
                pris.add(i)
                break
    return resultat
