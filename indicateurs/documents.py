"""The three documents of a return, all drawn from its stored figures (never recomputed): a PDF
(WeasyPrint, SVG charts drawn here), an XLSX (openpyxl: one sheet per breakdown, numbers as numbers, a
« Définitions » sheet) and a CSV (``;``, UTF-8 with BOM). The same ``tableaux`` feed all three, so that
their figures are the same. No name of anyone appears: counts only."""

import csv
import io
from dataclasses import dataclass
from html import escape

from ateliers.enums import TypeEvenement
from avenirplus.enums import IssueSortie, TypeAction
from avenirpro.enums import Reseau
from avenirpro.models import Academie, RegionAcademique
from indicateurs.definitions import PAR_CODE, Niveau, Unite, Ventilation
from indicateurs.models import Remontee
from lycees.enums import Diplome, Sexe

FENETRES = {"annee": "Année scolaire à date", "periode": "Depuis la remontée précédente"}
NON_RENSEIGNE = "Non renseigné"


@dataclass(frozen=True)
class Tableau:
    fenetre: str  # "annee" | "periode"
    ventilation: str  # "total" or a Ventilation
    colonnes: tuple[str, ...]  # indicator codes
    lignes: tuple[tuple[str, tuple], ...]  # (label, values in the order of ``colonnes``)

    @property
    def titre(self) -> str:
        quoi = (
            "Ensemble"
            if self.ventilation == "total"
            else f"Par {Ventilation(self.ventilation).libelle.lower()}"
        )
        return f"{FENETRES[self.fenetre]} — {quoi}"

    @property
    def libelles_colonnes(self) -> list[str]:
        return [libelle_indicateur(c) for c in self.colonnes]


def libelle_indicateur(code: str) -> str:
    d = PAR_CODE.get(code)
    if d is None:
        return code
    return {
        Unite.MINUTES: f"{d.libelle} (min)",
        Unite.JOURS: f"{d.libelle} (jours)",
        Unite.POURCENTAGE: f"{d.libelle} (%)",
    }.get(d.unite, d.libelle)


def _libelles() -> dict:
    return {
        Ventilation.RESEAU: dict(Reseau.choices),
        Ventilation.REGION: dict(RegionAcademique.objects.values_list("code", "nom")),
        Ventilation.ACADEMIE: dict(Academie.objects.values_list("code", "nom")),
        Ventilation.DIPLOME: dict(Diplome.choices),
        Ventilation.TYPE: dict(TypeEvenement.choices),
        Ventilation.SEXE: dict(Sexe.choices),
        Ventilation.AGE: {"mineur": "Mineur à l'inscription", "majeur": "Majeur à l'inscription"},
        Ventilation.RESULTAT: {"diplome": "Diplômé", "non_diplome": "Non diplômé", "": "Résultat non connu"},
        Ventilation.TYPE_ACTION: dict(TypeAction.choices),
        Ventilation.ISSUE: {**dict(IssueSortie.choices), "": "Fin sans sortie enregistrée"},
    }


def tableaux(remontee: Remontee) -> list[Tableau]:
    """One table per window and breakdown: rows are the breakdown's cells, columns the indicators."""
    libelles = _libelles()
    sortie = []
    for fenetre in (f for f in FENETRES if f in remontee.chiffres):
        indicateurs = remontee.chiffres[fenetre]["indicateurs"]
        codes = tuple(indicateurs)
        sortie.append(
            Tableau(fenetre, "total", codes, (("Ensemble", tuple(indicateurs[c]["total"] for c in codes)),))
        )
        for ventilation in Ventilation:
            colonnes = tuple(c for c in codes if f"par_{ventilation}" in indicateurs[c])
            if not colonnes:
                continue
            cles = sorted({k for c in colonnes for k in indicateurs[c][f"par_{ventilation}"]})
            noms = libelles[ventilation]
            lignes = tuple(
                (
                    noms.get(cle, cle) if cle else NON_RENSEIGNE,
                    tuple(indicateurs[c][f"par_{ventilation}"].get(cle, 0) for c in colonnes),
                )
                for cle in sorted(cles, key=lambda k: noms.get(k, k))
            )
            sortie.append(Tableau(fenetre, str(ventilation), colonnes, lignes))
    return sortie


def entete(remontee: Remontee) -> list[tuple[str, str]]:
    lignes = [
        ("Remontée", remontee.get_type_display()),
        ("Périmètre", remontee.libelle_portee),
        ("Échéance", remontee.echeance.strftime("%d/%m/%Y")),
    ]
    for cle, libelle in FENETRES.items():
        if cle in remontee.chiffres:
            f = remontee.chiffres[cle]["fenetre"]
            lignes.append((libelle, f"du {_jour(f['du'])} au {_jour(f['au'])}"))
    return [
        *lignes,
        ("Version", str(remontee.version)),
        ("Statut", remontee.get_statut_display()),
        ("Version des définitions", remontee.version_definitions),
        ("Générée le", remontee.genere_le.strftime("%d/%m/%Y %H:%M UTC")),
        ("Empreinte SHA-256", remontee.empreinte),
    ]


def _jour(iso: str) -> str:
    annee, mois, jour = iso.split("-")
    return f"{jour}/{mois}/{annee}"


# --- CSV -----------------------------------------------------------------------------------------


def _cellule_csv(valeur) -> str:
    """Numbers as written; a text cell that a spreadsheet would read as a formula is neutralised."""
    if valeur is None:
        return ""
    texte = str(valeur)
    return "'" + texte if texte[:1] in ("=", "+", "-", "@", "\t", "\r") and not _est_nombre(texte) else texte


def _est_nombre(texte: str) -> bool:
    try:
        float(texte)
    except ValueError:
        return False
    return True


def csv_remontee(remontee: Remontee) -> bytes:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    for cle, valeur in entete(remontee):
        ecrivain.writerow([cle, _cellule_csv(valeur)])
    ecrivain.writerow([])
    ecrivain.writerow(["Période", "Ventilation", "Valeur de la ventilation", "Indicateur", "Code", "Valeur"])
    for t in tableaux(remontee):
        ventilation = "Ensemble" if t.ventilation == "total" else Ventilation(t.ventilation).libelle
        for libelle, valeurs in t.lignes:
            for code, valeur in zip(t.colonnes, valeurs, strict=True):
                ecrivain.writerow(
                    [
                        FENETRES[t.fenetre],
                        ventilation,
                        _cellule_csv(libelle),
                        libelle_indicateur(code),
                        code,
                        "" if valeur is None else str(valeur).replace(".", ","),
                    ]
                )
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------------


def xlsx_remontee(remontee: Remontee) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook()
    gras = Font(bold=True)
    feuille = classeur.active
    feuille.title = "Remontée"
    for cle, valeur in entete(remontee):
        feuille.append([cle, valeur])
        feuille.cell(feuille.max_row, 1).font = gras
    feuille.append([])
    feuille.append(["Contrôle de qualité", "Nombre"])
    for controle in remontee.qualite.get("controles", []):
        feuille.append([controle["libelle"], controle["nombre"]])
    feuille.column_dimensions["A"].width = 40
    feuille.column_dimensions["B"].width = 70
    for t in tableaux(remontee):
        nom = "Ensemble" if t.ventilation == "total" else Ventilation(t.ventilation).libelle
        nom = f"{'Année' if t.fenetre == 'annee' else 'Période'} - {nom}"[:31]
        f = classeur.create_sheet(nom)
        f.append([t.titre])
        f.cell(1, 1).font = gras
        f.append(["", *t.libelles_colonnes])
        for cellule in f[2]:
            cellule.font = gras
        for libelle, valeurs in t.lignes:
            f.append([_texte_xlsx(libelle), *valeurs])
        f.column_dimensions["A"].width = 34
    d = classeur.create_sheet("Définitions")
    d.append(["Code", "Indicateur", "Version", "Unité", "Définition"])
    for cellule in d[1]:
        cellule.font = gras
    for definition in remontee.definitions:
        d.append(
            [
                definition["code"],
                definition["libelle"],
                definition["version"],
                definition["unite"],
                definition["definition"],
            ]
        )
    d.column_dimensions["B"].width = 40
    d.column_dimensions["E"].width = 120
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def _texte_xlsx(texte: str) -> str:
    return "'" + texte if texte[:1] in ("=", "+", "-", "@") else texte


# --- SVG charts (server-side, for the PDF and the pages) -------------------------------------------


def barres_svg(lignes: list[tuple[str, float | int | None]], titre: str, largeur: int = 640) -> str:
    """A horizontal bar chart as inline SVG (labels escaped). Its data table goes beside it."""
    hauteur_barre, marge_gauche, marge_droite = 18, 210, 60
    lignes = [(libelle, valeur or 0) for libelle, valeur in lignes]
    maximum = max((v for _, v in lignes), default=0) or 1
    utile = largeur - marge_gauche - marge_droite
    hauteur = 28 + len(lignes) * (hauteur_barre + 6)
    parties = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{largeur}" height="{hauteur}" '
        f'viewBox="0 0 {largeur} {hauteur}" role="img" aria-label="{escape(titre)}" '
        'font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<text x="0" y="14" font-weight="bold">{escape(titre)}</text>',
    ]
    for i, (libelle, valeur) in enumerate(lignes):
        y = 24 + i * (hauteur_barre + 6)
        longueur = round(utile * valeur / maximum, 1)
        texte = f"{valeur:g}" if isinstance(valeur, float) else str(valeur)
        parties.append(
            f'<text x="{marge_gauche - 6}" y="{y + 13}" text-anchor="end">{escape(libelle[:34])}</text>'
            f'<rect x="{marge_gauche}" y="{y}" width="{longueur}" height="{hauteur_barre}" fill="#000091"/>'
            f'<text x="{marge_gauche + longueur + 4}" y="{y + 13}">{escape(texte)}</text>'
        )
    parties.append("</svg>")
    return "".join(parties)


COULEURS = ("#000091", "#6a6af4", "#c9191e", "#18753c")


def courbes_svg(
    abscisses: list[str], series: list[tuple[str, list]], titre: str, largeur: int = 640, hauteur: int = 220
) -> str:
    """Lines over the months (one per school year) as inline SVG; a ``None`` (a month not begun) ends the
    line. Its data table goes beside it."""
    gauche, droite, haut, bas = 44, 110, 24, 28
    maximum = max((v for _, valeurs in series for v in valeurs if v is not None), default=0) or 1
    pas = (largeur - gauche - droite) / max(len(abscisses) - 1, 1)
    utile = hauteur - haut - bas

    def y(v):
        return round(haut + utile * (1 - v / maximum), 1)

    parties = [
        # As wide as its container (a phone's 390 px too), the drawing scaled by its viewBox.
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {largeur} {hauteur}" '
        f'role="img" aria-label="{escape(titre)}" font-family="DejaVu Sans, sans-serif" font-size="10">',
        f'<text x="0" y="12" font-weight="bold">{escape(titre)}</text>',
        f'<line x1="{gauche}" y1="{haut + utile}" x2="{largeur - droite}" y2="{haut + utile}" '
        'stroke="#666"/>',
        f'<text x="{gauche - 4}" y="{haut + 4}" text-anchor="end">{maximum:g}</text>',
        f'<text x="{gauche - 4}" y="{haut + utile}" text-anchor="end">0</text>',
    ]
    for i, libelle in enumerate(abscisses):
        x = round(gauche + i * pas, 1)
        parties.append(f'<text x="{x}" y="{hauteur - 10}" text-anchor="middle">{escape(libelle)}</text>')
    for k, (libelle, valeurs) in enumerate(series):
        couleur = COULEURS[k % len(COULEURS)]
        points = [f"{round(gauche + i * pas, 1)},{y(v)}" for i, v in enumerate(valeurs) if v is not None]
        if points:
            parties.append(
                f'<polyline fill="none" stroke="{couleur}" stroke-width="2" points="{" ".join(points)}"/>'
            )
        parties.append(
            f'<rect x="{largeur - droite + 10}" y="{haut + k * 16}" width="10" height="10" fill="{couleur}"/>'
            f'<text x="{largeur - droite + 24}" y="{haut + k * 16 + 9}">{escape(libelle)}</text>'
        )
    parties.append("</svg>")
    return "".join(parties)


def graphiques(remontee: Remontee) -> list[str]:
    """The PDF's charts: the headline indicators of the school year to date by région (by network when the
    return has a single région)."""
    sortie = []
    tous = [t for t in tableaux(remontee) if t.fenetre == "annee"]
    # The finest geography of the return that has several cells (régions, else networks): two charts.
    geographie = next(
        (
            v
            for v in (Ventilation.REGION, Ventilation.RESEAU)
            if any(t.ventilation == v and len(t.lignes) > 1 for t in tous)
        ),
        None,
    )
    for t in tous:
        if t.ventilation != geographie:
            continue
        for code in ("lyceens_beneficiaires", "interventions_collectives"):
            if code in t.colonnes:
                i = t.colonnes.index(code)
                lignes = [(libelle, valeurs[i]) for libelle, valeurs in t.lignes]
                titre = f"{libelle_indicateur(code)} — {t.titre.split(' — ')[1].lower()}"
                sortie.append(barres_svg(lignes, titre))
    return sortie


# --- PDF -----------------------------------------------------------------------------------------

# The geographic breakdowns a return's PDF prints, by the return's level: the national and network returns
# by région (30 académies are in the XLSX and CSV), a regional return by académie; below, none (a single
# row, the « Ensemble » one). The other breakdowns (network, diploma, types, typology) always.
GEOGRAPHIE_PDF = {
    Niveau.NATIONAL: {Ventilation.RESEAU, Ventilation.REGION},
    Niveau.RESEAU: {Ventilation.REGION},
    Niveau.REGION: {Ventilation.RESEAU, Ventilation.ACADEMIE},
    Niveau.ACADEMIE: {Ventilation.RESEAU},
}
GEOGRAPHIQUES = {Ventilation.RESEAU, Ventilation.REGION, Ventilation.ACADEMIE}
COLONNES_PDF = 7  # indicators per printed table: readable headers on A4, few wrapped lines


@dataclass(frozen=True)
class TableauPdf:
    titre: str
    entetes: tuple[str, ...]
    lignes: tuple[tuple[str, tuple], ...]


def tableaux_pdf(remontee: Remontee) -> list[TableauPdf]:
    """The PDF's tables: the figures of ``tableaux`` (the same values as the XLSX and CSV). The overall
    figures as one column per window; each breakdown the return's level needs once, its cells giving both
    windows (« année / période »), at most ``COLONNES_PDF`` indicators per table. Few boxes: WeasyPrint's
    time grows with the number of cells."""
    tous = tableaux(remontee)
    geographie = GEOGRAPHIE_PDF.get(remontee.niveau, set())
    fenetres = [f for f in FENETRES if f in remontee.chiffres]
    par_cle = {(t.fenetre, t.ventilation): t for t in tous}
    sortie = []
    ensembles = [par_cle[(f, "total")] for f in fenetres if (f, "total") in par_cle]
    if ensembles:
        valeurs = {t.fenetre: dict(zip(t.colonnes, t.lignes[0][1], strict=True)) for t in ensembles}
        sortie.append(
            TableauPdf(
                "Ensemble",
                ("Indicateur", *(FENETRES[t.fenetre] for t in ensembles)),
                tuple(
                    (libelle_indicateur(c), tuple(_nombre(valeurs[t.fenetre].get(c)) for t in ensembles))
                    for c in ensembles[0].colonnes
                ),
            )
        )
    for t in tous:
        if t.fenetre != fenetres[0] or t.ventilation == "total":
            continue
        if t.ventilation in GEOGRAPHIQUES and t.ventilation not in geographie:
            continue
        autres = [par_cle.get((f, t.ventilation)) for f in fenetres[1:]]
        autres = [_indexer(a) for a in autres if a is not None]
        quoi = t.titre.split(" — ")[1]
        for debut in range(0, len(t.colonnes), COLONNES_PDF):
            codes = t.colonnes[debut : debut + COLONNES_PDF]
            suite = f" ({debut // COLONNES_PDF + 1})" if len(t.colonnes) > COLONNES_PDF else ""
            lignes = tuple(
                (
                    libelle,
                    tuple(
                        " / ".join(
                            [_nombre(valeurs[debut + k])] + [_nombre(a.get((libelle, c), 0)) for a in autres]
                        )
                        for k, c in enumerate(codes)
                    ),
                )
                for libelle, valeurs in t.lignes
            )
            sortie.append(TableauPdf(quoi + suite, ("", *(libelle_indicateur(c) for c in codes)), lignes))
    return sortie


def _indexer(t: Tableau) -> dict:
    return {
        (libelle, c): v for libelle, valeurs in t.lignes for c, v in zip(t.colonnes, valeurs, strict=True)
    }


def _nombre(valeur) -> str:
    return "—" if valeur is None else str(valeur)


def pdf_remontee(remontee: Remontee) -> bytes:
    from avenirpro.pdf import render_pdf

    contexte = {
        "remontee": remontee,
        "entete": entete(remontee),
        "tableaux": tableaux_pdf(remontee),
        "detail_ailleurs": any(
            v in GEOGRAPHIQUES and v not in GEOGRAPHIE_PDF.get(remontee.niveau, set())
            for v in {t.ventilation for t in tableaux(remontee)}
        ),
        "graphiques": graphiques(remontee),
        "deux_fenetres": "periode" in remontee.chiffres,
        "definitions": remontee.definitions,
        "qualite": remontee.qualite,
    }
    return render_pdf("indicateurs/remontee_pdf.html", contexte)


FORMATS = {
    "pdf": ("application/pdf", pdf_remontee),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx_remontee),
    "csv": ("text/csv; charset=utf-8", csv_remontee),
}
