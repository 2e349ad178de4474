"""Demo returns (``manage.py seed_demo``): every return already due in the demo school year (at least the
latest due date) and the annual reports of the past school year (due from 1 October: national, France
Travail, missions locales — the UNML's carries the AvenirPro+ figures) are compiled, validated by their
pilot and transmitted, so that every pilot finds documents at once; the dashboards' aggregates are counted.
Adds the national pilots who validate (UNML, France Travail) and receive (DGEFP). Idempotent: an unchanged
return is not compiled again, a transmitted one is left alone. Runs last (INSTALLED_APPS order), after the
activity it counts.
"""

import datetime

from django.utils import timezone

from avenirpro.access import perimetre_de
from avenirpro.demo import Demo
from avenirpro.enums import Role
from avenirpro.models import AnneeScolaire
from indicateurs import services
from indicateurs.definitions import MOIS_ECHEANCES, derniere_echeance
from indicateurs.models import StatutRemontee, TypeRemontee


def echeances_passees(aujourd_hui: datetime.date) -> list[datetime.date]:
    """The due dates of the school year so far; in September–October, the latest one (1 July)."""
    debut = AnneeScolaire.date_debut_pour(aujourd_hui)
    dates = [
        datetime.date(annee, mois, 1)
        for annee in (debut.year, debut.year + 1)
        for mois in MOIS_ECHEANCES
        if debut <= datetime.date(annee, mois, 1) <= aujourd_hui
    ]
    return dates or [derniere_echeance(aujourd_hui)]


def seed(demo: Demo) -> None:
    valideurs = {
        "unml": demo.compte(
            "pilote.unml", "Inès", "Garnier", Role.PILOTE_NATIONAL, demo.organisations["unml"]
        ),
        "ft": demo.compte(
            "pilote.ft", "Marc", "Lemoine", Role.PILOTE_NATIONAL, demo.organisations["ft_national"]
        ),
    }
    demo.compte("pilote.dgefp", "Claire", "Fontaine", Role.PILOTE_NATIONAL, demo.organisations["dgefp"])
    perimetres = {
        "unml": perimetre_de(valideurs["unml"]),
        "ft": perimetre_de(valideurs["ft"]),
        **{
            region.code: perimetre_de(
                demo.organisations[f"{cle}:region"].memberships.get(role=Role.PILOTE_REGIONAL).user,
                demo.organisations[f"{cle}:region"],
            )
            for cle, region in demo.regions.items()
        },
    }
    aujourd_hui = timezone.localdate()
    a_compiler = [
        (portee, echeance, TypeRemontee.BIMESTRIELLE)
        for echeance in echeances_passees(aujourd_hui)
        for portee in services.portees_des_remontees()
    ]
    bilan = echeance_du_bilan(aujourd_hui)
    a_compiler += [(portee, bilan, TypeRemontee.BILAN) for portee in services.portees_des_bilans()]
    for portee, echeance, type in a_compiler:
        remontee, _ = services.compiler_remontee(portee, echeance, aujourd_hui=aujourd_hui, type=type)
        valideur = next((p for p in perimetres.values() if services.est_valideur(p, remontee)), None)
        if valideur is None or remontee.statut == StatutRemontee.TRANSMISE:
            continue
        if remontee.statut == StatutRemontee.COMPILEE:
            remontee = services.valider_remontee(valideur, remontee)
        services.transmettre_remontee(valideur, remontee)
    services.actualiser_tableaux_de_bord(aujourd_hui)


def echeance_du_bilan(aujourd_hui: datetime.date) -> datetime.date:
    """The latest annual reports' date (1 October) on or before ``aujourd_hui``."""
    annee = (
        aujourd_hui.year if aujourd_hui >= datetime.date(aujourd_hui.year, 10, 1) else aujourd_hui.year - 1
    )
    return datetime.date(annee, 10, 1)
