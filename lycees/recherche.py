"""Finding students by name: « guerin » finds « Guérin », « helene » finds « Hélène », on PostgreSQL and
SQLite alike. Each student carries its name folded (no accents, lower case, punctuation as spaces) in two
indexed columns, ``nom_normalise`` and ``prenom_normalise``, filled by ``Eleve.save``, the roster import and
the generators (``normaliser_nom``); the query folds the typed text the same way. The same columns give the
French order of names (« Émile » between « Eddy » and « Fanny », not after « Zoé »)."""

import re
import unicodedata

from django.db.models import Q

# Student lists are read in this order everywhere (Eleve.Meta.ordering too).
ORDRE_ELEVES = ("nom_normalise", "prenom_normalise", "pk")

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_SEPARATEURS = re.compile(r"[\s\-'’‘`.,;:_/]+")
MAX_MOTS = 5
MAX_LONGUEUR = 100


def normaliser_nom(texte: str) -> str:
    """« Le Guérin-Æsop » → « le guerin aesop »: the form searched and sorted on."""
    texte = texte or ""
    if not texte.isascii():  # ASCII has no ligature nor accent (a roster import folds 10,000 names)
        texte = texte.translate(_LIGATURES)
        texte = "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))
    return _SEPARATEURS.sub(" ", texte.casefold()).strip()


def rechercher_eleves(queryset, texte: str):
    """Every typed word is found in the surname or the first name (accents and case aside); a word that is
    an INE matches it exactly. The one search of the students' lists, the caseload and the API."""
    for mot in normaliser_nom((texte or "")[:MAX_LONGUEUR]).split()[:MAX_MOTS]:
        queryset = queryset.filter(
            Q(nom_normalise__contains=mot) | Q(prenom_normalise__contains=mot) | Q(ine=mot.upper())
        )
    return queryset
