"""The operators' import: agences France Travail and missions locales, from a « ; »-separated CSV.

Columns: ``Type`` (« Agence France Travail » / « agence_ft » / « FT », « Mission locale » /
« mission_locale » / « ML »), ``Nom``, ``Region_academique`` (its name or code, e.g. « Hauts-de-France »)
and/or ``Code_academie`` (« 09 » for Lille: the région académique follows). An operator is the same one
when its type, région académique and name (case and accents ignored) are: importing twice creates nothing.
"""

import unicodedata

from avenirpro import plateforme
from avenirpro.enums import TypeOrganisation
from avenirpro.models import Academie, Organisation, RegionAcademique

COLONNES = ("Type", "Nom")

TYPES = {
    "agence france travail": TypeOrganisation.AGENCE_FT,
    "agence_ft": TypeOrganisation.AGENCE_FT,
    "france travail": TypeOrganisation.AGENCE_FT,
    "ft": TypeOrganisation.AGENCE_FT,
    "mission locale": TypeOrganisation.MISSION_LOCALE,
    "mission_locale": TypeOrganisation.MISSION_LOCALE,
    "ml": TypeOrganisation.MISSION_LOCALE,
}


def repli(texte: str) -> str:
    """Case, accents and spacing ignored: « Île-de-France » == « ile-de-france »."""
    sans = unicodedata.normalize("NFKD", texte or "").encode("ascii", "ignore").decode().casefold()
    return " ".join(sans.replace("-", " ").replace("'", " ").split())


def _territoires():
    regions = {}
    for region in RegionAcademique.objects.all():
        regions[repli(region.nom)] = region
        regions[repli(region.code)] = region
    academies = {a.code: a for a in Academie.objects.select_related("region")}
    return regions, academies


def analyser(lignes) -> plateforme.Apercu:
    apercu = plateforme.Apercu()
    regions, academies = _territoires()
    vus: dict[tuple, int] = {}  # key → line where it first appeared
    for ligne in lignes:
        nom = " ".join(ligne.get("nom", "").split())[:200]
        entree = plateforme.Ligne(numero=ligne["_ligne"], cle=ligne.get("type", ""), nom=nom)
        type_ = TYPES.get(repli(ligne.get("type", "")))
        code_academie = ligne.get("code_academie", "").strip()
        region_lue = ligne.get("region_academique", "").strip()
        if type_ is None:
            apercu.refusees.append(
                (
                    entree,
                    f"Type « {ligne.get('type', '')} » inconnu : "
                    "« Agence France Travail » ou « Mission locale ».",
                )
            )
            continue
        if not nom:
            apercu.refusees.append((entree, "Le nom est vide."))
            continue
        academie = None
        if code_academie:
            academie = academies.get(code_academie.zfill(2))
            if academie is None:
                apercu.refusees.append((entree, f"Code d'académie « {code_academie} » inconnu."))
                continue
        region = regions.get(repli(region_lue)) if region_lue else (academie.region if academie else None)
        if region is None:
            raison = (
                f"Région académique « {region_lue} » inconnue."
                if region_lue
                else "Ni région académique ni académie : indiquez au moins la région académique."
            )
            apercu.refusees.append((entree, raison))
            continue
        if academie is not None and academie.region_id != region.pk:
            apercu.refusees.append(
                (entree, f"L'académie {academie.nom} n'appartient pas à la région académique {region.nom}.")
            )
            continue
        cle = (type_, region.pk, repli(nom))
        if cle in vus:
            apercu.refusees.append(
                (entree, f"Cet opérateur figure déjà plus haut dans le fichier (ligne {vus[cle]}).")
            )
            continue
        vus[cle] = entree.numero
        entree.cle = TypeOrganisation(type_).label
        entree.donnees = {
            "type": type_,
            "nom": nom,
            "region": region.pk,
            "academie": academie.pk if academie else None,
        }
        apercu.retenues.append(entree)
    return apercu


def _existants(donnees: list[dict]) -> dict[tuple, Organisation]:
    regions = {d["region"] for d in donnees}
    return {
        (o.type, o.region_id, repli(o.nom)): o
        for o in Organisation.objects.filter(type__in=TypeOrganisation.operateurs(), region_id__in=regions)
    }


def actions(donnees: list[dict]) -> list[str]:
    existants = _existants(donnees)
    return [
        "mise à jour" if (d["type"], d["region"], repli(d["nom"])) in existants else "création"
        for d in donnees
    ]


def ecrire(lot: list[dict]) -> dict[str, int]:
    # No unique constraint can say « same name once case and accents are ignored »: two imports of the
    # same file written at once are serialised on their régions' rows, so the second one sees the first
    # one's operators (and creates nothing) instead of both creating them.
    regions = sorted({d["region"] for d in lot})
    list(RegionAcademique.objects.select_for_update().filter(pk__in=regions).values_list("pk", flat=True))
    existants = _existants(lot)
    totaux = {"crees": 0, "mis_a_jour": 0, "inchanges": 0}
    for d in lot:
        org = existants.get((d["type"], d["region"], repli(d["nom"])))
        if org is None:
            Organisation.objects.create(
                nom=d["nom"], type=d["type"], region_id=d["region"], academie_id=d["academie"]
            )
            totaux["crees"] += 1
        elif d["academie"] and org.academie_id != d["academie"]:
            org.academie_id = d["academie"]
            org.save(update_fields=["academie"])
            totaux["mis_a_jour"] += 1
        else:
            totaux["inchanges"] += 1
    return totaux


IMPORTEUR = plateforme.Importeur(
    nature="operateurs",
    titre="Importer les opérateurs",
    colonnes=COLONNES,
    description=(
        "Agences France Travail et missions locales : un fichier CSV (UTF-8, séparateur « ; ») avec les "
        "colonnes Type, Nom, Region_academique et/ou Code_academie."
    ),
    analyser=analyser,
    actions=actions,
    ecrire=ecrire,
)
plateforme.enregistrer_importeur(IMPORTEUR)
