"""Reading a directory CSV export: UTF-8 (with or without BOM), « ; » separated, one header line.

Every failure is a ``ValidationError`` in French that says what to fix; nothing is written.
"""

import csv
import io
import unicodedata

from django.core.exceptions import ValidationError

TAILLE_MAX = 20 * 1024 * 1024  # the whole Annuaire de l'éducation export is ~12 Mo
LIGNES_MAX = 100_000
LONGUEUR_CHAMP_MAX = 1000


def cle_entete(entete: str) -> str:
    """« Identifiant_de_l_etablissement », « identifiant de l'établissement » → one key."""
    sans_accents = unicodedata.normalize("NFKD", entete or "").encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "_" for c in sans_accents.strip().lower()).strip("_")


def lire_csv(fichier, colonnes: tuple[str, ...]) -> list[dict]:
    """The rows of ``fichier`` as dicts keyed by ``cle_entete`` of each header (line number in « _ligne »)."""
    taille = getattr(fichier, "size", None)
    if taille is not None and taille > TAILLE_MAX:
        raise ValidationError(
            f"Le fichier pèse {taille / 1024 / 1024:.1f} Mo : "
            f"la limite est de {TAILLE_MAX // 1024 // 1024} Mo."
        )
    brut = fichier.read(TAILLE_MAX + 1)
    if len(brut) > TAILLE_MAX:
        raise ValidationError(f"Le fichier dépasse la limite de {TAILLE_MAX // 1024 // 1024} Mo.")
    if not brut.strip():
        raise ValidationError("Le fichier est vide.")
    if b"\x00" in brut[:4096]:
        raise ValidationError(
            "Ce fichier n'est pas un fichier CSV (texte) : exportez l'annuaire au format CSV."
        )
    try:
        texte = brut.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "Le fichier n'est pas encodé en UTF-8 : exportez-le à nouveau en CSV UTF-8 (séparateur « ; »)."
        ) from None
    csv.field_size_limit(LONGUEUR_CHAMP_MAX * 10)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=";", strict=True)
    try:
        entetes = next(lecteur)
    except (StopIteration, csv.Error):
        raise ValidationError("La première ligne du fichier (les en-têtes) est illisible.") from None
    cles = [cle_entete(e) for e in entetes]
    manquantes = [c for c in colonnes if cle_entete(c) not in cles]
    if manquantes:
        separateur = "virgule" if len(entetes) == 1 and "," in entetes[0] else None
        message = "Colonnes manquantes : " + ", ".join(f"« {c} »" for c in manquantes) + "."
        if separateur:
            message += " Le séparateur attendu est le point-virgule « ; »."
        raise ValidationError(message)
    lignes = []
    try:
        for numero, valeurs in enumerate(lecteur, start=2):
            if not any(v.strip() for v in valeurs):
                continue
            if len(lignes) >= LIGNES_MAX:
                raise ValidationError(f"Le fichier dépasse {LIGNES_MAX:,} lignes.".replace(",", " "))
            ligne = {
                cle: (valeur or "").strip()[:LONGUEUR_CHAMP_MAX]
                for cle, valeur in zip(cles, valeurs, strict=False)
            }
            ligne["_ligne"] = numero
            lignes.append(ligne)
    except csv.Error as e:
        raise ValidationError(
            f"Le fichier CSV est mal formé près de la ligne {lecteur.line_num} ({e})."
        ) from None
    if not lignes:
        raise ValidationError("Le fichier ne contient que la ligne d'en-têtes : aucune ligne à importer.")
    return lignes
