"""The data-quality check of a return's draft (issue 12, item 6): counts only, for the scope and the
school year to date. Bounded: seven queries whatever the size of the data. The records themselves are
listed to those who fix them (their operator or their lycée) by ``indicateurs.corrections``.
"""

import datetime

from django.db.models import Count, Q

from ateliers.enums import StatutSeance
from ateliers.models import Seance, SeanceDivision
from avenirplus.models import Inscription
from avenirpro.models import AnneeScolaire
from indicateurs.calcul import PorteeResolue, Source, _q_avenirplus, _q_lycees
from lycees.models import Division, Eleve
from parcours.enums import StatutEntretien
from parcours.models import Entretien

RAISON = "contrôle de qualité d'une remontée : comptages du périmètre de la remontée"


def controler(portee: PorteeResolue, fenetre, figures: dict) -> dict:
    """Counts of the records to fix before the return is validated (``figures``: the engine's over the
    same window). Reads every row of the scope (the caller checked it): the checks filter on columns a
    count-only portée refuses (a free-text field left empty)."""
    job = Source.systeme(RAISON)
    seances = (
        job.compter(Seance)
        .filter(statut=StatutSeance.REALISEE, date__gte=fenetre.du, date__lte=fenetre.au)
        .filter(_q_lycees(portee, "lycee", "annee"))
        .aggregate(
            sans_membre=Count("pk", filter=Q(membre_equipe_nom="") | Q(membre_equipe_fonction="")),
            courtes=Count("pk", filter=Q(duree_minutes__lt=60)),
        )
    )
    annee_debut = AnneeScolaire.annee_debut_pour(fenetre.du)
    sans_diplome = (
        job.compter(Eleve)
        .filter(annee__annee_debut=annee_debut, diplome="")
        .filter(_q_lycees(portee, "lycee", "annee"))
        .count()
    )
    entretiens_sans_modalite = (
        job.compter(Entretien)
        .filter(statut=StatutEntretien.REALISE, date__gte=fenetre.du, date__lte=fenetre.au, modalite="")
        .filter(_q_lycees(portee, "lycee", "annee"))
        .count()
    )
    # Four months at most: an enrolment whose end has passed (by the end of the window) with no exit.
    inscriptions_sans_sortie = (
        job.compter(Inscription)
        .filter(fin__lt=fenetre.au, sortie__isnull=True)
        .filter(_q_avenirplus(portee))
        .count()
    )
    figures = figures["indicateurs"]
    sans_activite = max(figures["lycees_engages"]["total"] - figures["lycees_participants"]["total"], 0)
    controles = [
        _ligne(
            "seances_sans_membre_equipe",
            "Séances réalisées sans membre de l'équipe éducative",
            seances["sans_membre"],
        ),
        _ligne("seances_moins_une_heure", "Séances réalisées de moins d'une heure", seances["courtes"]),
        _ligne("eleves_sans_diplome", "Élèves sans diplôme préparé", sans_diplome),
        _ligne("lycees_sans_activite", "Lycées affectés sans aucune activité consignée", sans_activite),
        _ligne("entretiens_sans_modalite", "Entretiens réalisés sans modalité", entretiens_sans_modalite),
        _ligne(
            "inscriptions_sans_sortie",
            "Inscriptions AvenirPro+ échues (4 mois) sans sortie enregistrée",
            inscriptions_sans_sortie,
        ),
    ]
    fin_mars = datetime.date(annee_debut + 1, 3, 31)
    if fenetre.au >= fin_mars:
        divisions = (
            job.compter(Division)
            .filter(annee__annee_debut=annee_debut)
            .filter(_q_lycees(portee, "lycee", "annee"))
        )
        completes = (
            SeanceDivision.objects.unscoped(RAISON)
            .filter(seance__statut=StatutSeance.REALISEE, seance__date__lte=fin_mars)
            .filter(seance__annee__annee_debut=annee_debut, division__in=divisions.values("pk"))
            .values("division")
            .annotate(themes=Count("seance__theme", distinct=True))
            .filter(themes__gte=4)
        )
        controles.append(
            _ligne(
                "classes_moins_de_4_themes",
                "Classes sans leurs quatre ateliers fin mars",
                divisions.count() - completes.count(),
            )
        )
    return {"controles": controles, "non_verifies": NON_VERIFIES}


NON_VERIFIES: list[str] = []


def _ligne(code: str, libelle: str, nombre: int) -> dict:
    return {"code": code, "libelle": libelle, "nombre": nombre}
