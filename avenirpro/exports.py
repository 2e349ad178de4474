"""What every export shares: a CSV a spreadsheet opens as it is (``;``, UTF-8 with BOM), whose cells can
never run as formulas (a cell starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line
feed is prefixed with ``'``: OWASP « CSV injection »)."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r", "\n")


def cellule(valeur) -> str:
    texte = "" if valeur is None else str(valeur)
    return f"'{texte}" if texte.startswith(DEBUTS_DE_FORMULE) else texte


def reponse_csv(nom_fichier: str, entetes: list[str], lignes: Iterable[Iterable]) -> HttpResponse:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(entetes)
    for ligne in lignes:
        ecrivain.writerow([cellule(v) for v in ligne])
    reponse = HttpResponse("\ufeff" + tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return reponse
