"""The end-of-year outcome of a student (exam result, known solution and its date, Parcoursup place): the
one rule, used by the student's form, the bulk grid of ``parcours`` and the API. The students without a
known solution are the AvenirPro+ cohort (``EleveQuerySet.sans_solution_connue``)."""

import datetime

from django.utils import timezone

from lycees.enums import ResultatExamen, Solution
from lycees.imports import valeurs

CHAMPS_FIN_ANNEE = (
    "resultat_examen",
    "solution",
    "solution_le",
    "solution_precision",
    "parcoursup_accepte",
    "parcoursup_formation",
)


def valider_fin_annee(annee, donnees: dict, erreurs: dict, aujourd_hui: datetime.date | None = None) -> dict:
    """The cleaned outcome fields of ``donnees`` for a student of ``annee``; French errors go in ``erreurs``
    keyed by field. A solution entered without its date is dated today; clearing it clears its date."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    propres: dict = {}
    resultat = donnees.get("resultat_examen") or ""
    if resultat not in ResultatExamen.values:
        erreurs["resultat_examen"] = (
            "Choisissez un résultat : admis, non admis ou en attente du second groupe."
        )
    propres["resultat_examen"] = resultat

    solution = donnees.get("solution") or ""
    if solution not in Solution.values:
        erreurs["solution"] = "Choisissez une solution parmi celles proposées."
    propres["solution"] = solution

    date = donnees.get("solution_le") or None
    if not solution:
        date = None
    elif date is None:
        date = aujourd_hui
    elif not isinstance(date, datetime.date):
        erreurs["solution_le"] = "Indiquez une date au format JJ/MM/AAAA."
        date = None
    elif date < annee.date_debut:
        erreurs["solution_le"] = (
            f"La date de la solution ne peut pas précéder l'année scolaire {annee} "
            f"(qui commence le {annee.date_debut:%d/%m/%Y})."
        )
    elif date > aujourd_hui:
        erreurs["solution_le"] = "La date de la solution ne peut pas être dans le futur."
    propres["solution_le"] = date

    propres["solution_precision"] = valeurs.texte(donnees.get("solution_precision") or "")
    if len(propres["solution_precision"]) > 200:
        erreurs["solution_precision"] = "La précision compte 200 caractères au plus."

    accepte = bool(donnees.get("parcoursup_accepte"))
    formation = valeurs.texte(donnees.get("parcoursup_formation") or "")
    if len(formation) > 200:
        erreurs["parcoursup_formation"] = "La formation compte 200 caractères au plus."
    if formation and not accepte:
        accepte = True
    if accepte and solution not in ("", Solution.POURSUITE_ETUDES):
        erreurs["parcoursup_accepte"] = (
            "Une place acceptée sur Parcoursup va avec la solution « Poursuite d'études »."
        )
    if accepte and not solution:
        propres["solution"] = Solution.POURSUITE_ETUDES
        propres["solution_le"] = aujourd_hui
    propres["parcoursup_accepte"] = accepte
    propres["parcoursup_formation"] = formation
    return propres
