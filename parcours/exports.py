"""Exports of the caseload (CSV, XLSX): spreadsheet formulas neutralised (OWASP « CSV injection »)."""

import csv
import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from avenirpro import exports

COLONNES = [
    "Nom",
    "Prénom",
    "Lycée",
    "Classe",
    "Diplôme",
    "Parcours choisi",
    "Thèmes suivis",
    "Dernier entretien",
    "Alerte ouverte",
    "Résultat à l'examen",
    "Solution",
]


# One neutralisation for every export: the kernel's.
neutraliser = exports.cellule


def lignes(eleves) -> list[list[str]]:
    return [
        [
            neutraliser(v)
            for v in (
                e.nom,
                e.prenom,
                e.lycee.nom,
                e.division.nom if e.division_id else "",
                e.get_diplome_display(),
                e.get_parcours_display(),
                e.nb_themes,
                e.dernier_entretien.strftime("%d/%m/%Y") if e.dernier_entretien else "",
                "oui" if e.alerte_ouverte else "non",
                e.get_resultat_examen_display(),
                e.get_solution_display(),
            )
        ]
        for e in eleves
    ]


def reponse_csv(eleves, nom: str) -> HttpResponse:
    tampon = io.StringIO()
    tampon.write("\ufeff")  # Excel reads UTF-8 with a BOM
    ecrivain = csv.writer(tampon, delimiter=";")
    ecrivain.writerow(COLONNES)
    ecrivain.writerows(lignes(eleves))
    reponse = HttpResponse(tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = content_disposition_header(True, f"{nom}.csv")
    return reponse


def reponse_xlsx(eleves, nom: str) -> HttpResponse:
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Élèves"
    feuille.append(COLONNES)
    for ligne in lignes(eleves):
        feuille.append(ligne)
    for rangee in feuille.iter_rows(min_row=2):
        for cellule in rangee:
            cellule.data_type = "s"  # text, never a formula
    tampon = io.BytesIO()
    classeur.save(tampon)
    reponse = HttpResponse(
        tampon.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    reponse["Content-Disposition"] = content_disposition_header(True, f"{nom}.xlsx")
    return reponse
