"""Reading a lycée's roster (SIECLE XML or zip, CSV, XLSX) safely, validating it, and writing it in bulk.

Files come from outside: every limit below is checked before the content is trusted, and a file that
breaks one is refused with a French message, nothing saved.
"""

Mo = 1024 * 1024

TAILLE_MAX_FICHIER = 10 * Mo
# What a zip (XLSX or SIECLE) may inflate to, all entries together, and how many entries it may hold.
TAILLE_MAX_DECOMPRESSEE = 50 * Mo
ENTREES_ZIP_MAX = 500
LIGNES_MAX = 5_000
# Columns of a CSV/XLSX header row: a roster has about ten; the mapping page lists every one.
COLONNES_MAX = 200
# Below this many students an import runs in the request; from it on, as a job with a progress bar.
SEUIL_SYNCHRONE = 1_000
# The preview lists this many errors (the count says how many there are in all).
ERREURS_LISTEES_MAX = 200
# A SIECLE export lists the whole lycée; only the chosen classes are imported (≤ LIGNES_MAX).
ELEVES_SIECLE_MAX = 20_000


class ErreurFichier(Exception):
    """The file as a whole cannot be read (format, size, encoding, structure): a French message."""
