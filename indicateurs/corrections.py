"""The records the data-quality check counts (``indicateurs.qualite``), listed to those who fix them, each
their own (issue 12, item 6): an operator's counsellors their séances and interviews, a lycée's direction
its students and AvenirPro+ enrolments (and the mission locale's paired counsellors theirs). Every list goes
through the apps' grants (``visible_to``): one sees only what one may open, and the link leads to the page
where it is fixed. Bounded: two queries a list (its count and its first rows)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from ateliers.enums import StatutSeance
from ateliers.models import Seance
from avenirplus.models import Inscription
from avenirpro.access import Perimetre
from avenirpro.models import AnneeScolaire
from lycees.models import Eleve
from parcours.enums import StatutEntretien
from parcours.models import Entretien

LIMITE = 50


@dataclass
class Liste:
    code: str
    titre: str
    aide: str
    nombre: int
    lignes: list

    @property
    def tronquee(self) -> bool:
        return self.nombre > len(self.lignes)


def _liste(code, titre, aide, queryset) -> Liste:
    nombre = queryset.count()
    return Liste(code, titre, aide, nombre, list(queryset[:LIMITE]) if nombre else [])


def peut_corriger(p: Perimetre) -> bool:
    return p.est_conseiller or p.est_direction_lycee


def listes(p: Perimetre, aujourd_hui: datetime.date) -> list[Liste]:
    """The lists of ``p``'s records to complete, for the school year of ``aujourd_hui``."""
    annee = AnneeScolaire.annee_debut_pour(aujourd_hui)
    sortie = []
    if p.est_conseiller:
        seances = (
            Seance.objects.visible_to(p)
            .filter(statut=StatutSeance.REALISEE, annee__annee_debut=annee)
            .filter(Q(membre_equipe_nom="") | Q(membre_equipe_fonction="") | Q(duree_minutes__lt=60))
            .select_related("lycee")
            .order_by("-date", "pk")
        )
        sortie.append(
            _liste(
                "seances",
                "Séances réalisées à compléter",
                "Sans membre de l'équipe éducative présent, ou de moins d'une heure.",
                seances,
            )
        )
        entretiens = (
            Entretien.objects.visible_to(p)
            .filter(statut=StatutEntretien.REALISE, annee__annee_debut=annee, modalite="")
            .select_related("eleve", "lycee")
            .order_by("-date", "pk")
        )
        sortie.append(_liste("entretiens", "Entretiens réalisés sans modalité", "", entretiens))
    if p.est_direction_lycee:
        eleves = (
            Eleve.objects.visible_to(p)
            .filter(annee__annee_debut=annee, diplome="")
            .select_related("division")
            .order_by("nom_normalise", "prenom_normalise", "pk")
        )
        sortie.append(_liste("eleves", "Élèves sans diplôme préparé", "", eleves))
    inscriptions = (
        Inscription.objects.visible_to(p)
        .filter(fin__lt=aujourd_hui, sortie__isnull=True)
        .select_related("eleve", "lycee")
        .order_by("fin", "pk")
    )
    sortie.append(
        _liste(
            "inscriptions",
            "Inscriptions AvenirPro+ échues sans sortie enregistrée",
            "Quatre mois au plus : enregistrez la situation de l'élève à la sortie.",
            inscriptions,
        )
    )
    return sortie
