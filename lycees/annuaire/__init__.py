"""The lycées' import from the Éducation nationale's « Annuaire de l'éducation » (its CSV export).

The export is « ; »-separated UTF-8, one row per establishment. Kept: the open lycées with a professional
track (``etat`` « OUVERT », ``Voie_professionnelle`` « 1 »), public or private under contract. Each kept
row creates or updates the lycée's ``Organisation`` and its ``Lycee``, found by UAI: importing the same
file twice changes nothing. Refused, with the reason in the preview: an invalid UAI (check letter), an
unknown académie, a missing name, a UAI twice in the file, an unknown status.

The job and the pages are the platform's (``avenirpro.plateforme``); this module says how to read and
write, and registers itself from ``LyceesConfig.ready``.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from avenirpro import plateforme
from avenirpro.enums import TypeOrganisation
from avenirpro.models import Academie, Organisation
from avenirpro.plateforme.operateurs import repli
from lycees.enums import Secteur
from lycees.models import Lycee
from lycees.validators import normaliser_uai, valider_uai

COLONNES = (
    "Identifiant_de_l_etablissement",
    "Nom_etablissement",
    "Type_etablissement",
    "Statut_public_prive",
    "Nom_commune",
    "Code_academie",
    "Voie_professionnelle",
    "etat",
)

ECARTEE_PAS_LYCEE = "pas un lycée"
ECARTEE_FERME = "établissement fermé"
ECARTEE_SANS_VOIE_PRO = "sans voie professionnelle"
ECARTEE_HORS_CONTRAT = "privé hors contrat"


def _secteur(ligne: dict) -> str | None:
    statut = repli(ligne.get("statut_public_prive", ""))
    if statut == "public":
        return Secteur.PUBLIC
    if statut in {"prive", "prive sous contrat"}:
        return Secteur.PRIVE_SOUS_CONTRAT
    return None


def analyser(lignes) -> plateforme.Apercu:
    apercu = plateforme.Apercu()
    academies = {a.code: a for a in Academie.objects.all()}
    vus: dict[str, int] = {}  # UAI → line where it first appeared
    for ligne in lignes:
        uai_lu = ligne.get("identifiant_de_l_etablissement", "")
        nom = " ".join(ligne.get("nom_etablissement", "").split())[:200]
        entree = plateforme.Ligne(numero=ligne["_ligne"], cle=uai_lu, nom=nom)
        if "lycee" not in repli(ligne.get("type_etablissement", "")):
            apercu.ecarter(ECARTEE_PAS_LYCEE)
            continue
        if repli(ligne.get("etat", "")) != "ouvert":
            apercu.ecarter(ECARTEE_FERME)
            continue
        if ligne.get("voie_professionnelle", "").strip() not in {"1", "oui", "OUI", "Oui"}:
            apercu.ecarter(ECARTEE_SANS_VOIE_PRO)
            continue
        if "hors contrat" in repli(ligne.get("type_contrat_prive", "")):
            apercu.ecarter(ECARTEE_HORS_CONTRAT)
            continue
        uai = normaliser_uai(uai_lu)
        try:
            valider_uai(uai)
        except ValidationError as e:
            apercu.refusees.append((entree, e.messages[0]))
            continue
        if uai in vus:
            apercu.refusees.append(
                (entree, f"L'UAI {uai} figure déjà plus haut dans le fichier (ligne {vus[uai]}).")
            )
            continue
        if not nom:
            apercu.refusees.append((entree, "Le nom de l'établissement est vide."))
            continue
        code = ligne.get("code_academie", "").strip()
        academie = academies.get(code.zfill(2)) if code.isdigit() else None
        if academie is None:
            apercu.refusees.append(
                (entree, f"Code d'académie « {code} » inconnu (hors des 30 académies du dispositif).")
            )
            continue
        secteur = _secteur(ligne)
        if secteur is None:
            apercu.refusees.append(
                (
                    entree,
                    f"Statut « {ligne.get('statut_public_prive', '')} » inconnu : « Public » ou « Privé ».",
                )
            )
            continue
        vus[uai] = entree.numero
        entree.cle = uai
        entree.donnees = {
            "uai": uai,
            "nom": nom,
            "commune": " ".join(ligne.get("nom_commune", "").split())[:100],
            "secteur": secteur,
            "academie": academie.pk,
            "region": academie.region_id,
        }
        apercu.retenues.append(entree)
    return apercu


def _existants(uais) -> dict[str, Lycee]:
    return {lycee.uai: lycee for lycee in Lycee.objects.select_related("organisation").filter(uai__in=uais)}


def actions(donnees: list[dict]) -> list[str]:
    existants = set()
    uais = [d["uai"] for d in donnees]
    for debut in range(0, len(uais), 500):
        existants |= set(
            Lycee.objects.filter(uai__in=uais[debut : debut + 500]).values_list("uai", flat=True)
        )
    return ["mise à jour" if d["uai"] in existants else "création" for d in donnees]


def _mettre_a_jour(lycee: Lycee, d: dict) -> bool:
    org = lycee.organisation
    champs_org = {"nom": d["nom"], "academie_id": d["academie"], "region_id": d["region"]}
    champs_lycee = {"nom": d["nom"], "commune": d["commune"], "secteur": d["secteur"]}
    modifie_org = [c for c, v in champs_org.items() if getattr(org, c) != v]
    modifie_lycee = [c for c, v in champs_lycee.items() if getattr(lycee, c) != v]
    for c in modifie_org:
        setattr(org, c, champs_org[c])
    for c in modifie_lycee:
        setattr(lycee, c, champs_lycee[c])
    if modifie_org:
        org.save(update_fields=modifie_org)
    if modifie_lycee:
        lycee.save(update_fields=modifie_lycee)
    return bool(modifie_org or modifie_lycee)


def ecrire(lot: list[dict]) -> dict[str, int]:
    existants = _existants([d["uai"] for d in lot])
    totaux = {"crees": 0, "mis_a_jour": 0, "inchanges": 0}
    for d in lot:
        lycee = existants.get(d["uai"])
        if lycee is None:
            try:
                with transaction.atomic():  # another import may create the same UAI at the same time
                    org = Organisation.objects.create(
                        nom=d["nom"],
                        type=TypeOrganisation.LYCEE,
                        academie_id=d["academie"],
                        region_id=d["region"],
                    )
                    Lycee.objects.create(
                        organisation=org,
                        uai=d["uai"],
                        nom=d["nom"],
                        commune=d["commune"],
                        secteur=d["secteur"],
                    )
                totaux["crees"] += 1
                continue
            except IntegrityError:
                lycee = Lycee.objects.select_related("organisation").get(uai=d["uai"])
        totaux["mis_a_jour" if _mettre_a_jour(lycee, d) else "inchanges"] += 1
    return totaux


IMPORTEUR = plateforme.Importeur(
    nature="lycees",
    titre="Importer les lycées",
    colonnes=COLONNES,
    description=(
        "L'export CSV de l'« Annuaire de l'éducation » (data.education.gouv.fr, UTF-8, séparateur « ; ») : "
        "les lycées ouverts qui ont une voie professionnelle, publics ou privés sous contrat, sont créés "
        "ou mis à jour d'après leur UAI."
    ),
    analyser=analyser,
    actions=actions,
    ecrire=ecrire,
)
plateforme.enregistrer_importeur(IMPORTEUR)
