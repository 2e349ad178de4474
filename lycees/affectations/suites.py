"""What other apps planned in a lycée with its operator's counsellors, and what becomes of it when the
lycée changes operator mid-year (the counsellors of the old operator lose access to it).

``lycees`` imports no app above it: an app that plans work with a lycée's counsellors (the workshops'
séances, ``ateliers``) registers a ``Suite`` here in its AppConfig; the affectations service lists what is
planned on the confirmation page, then reassigns it to a counsellor of the new operator or cancels it, in
the transaction that changes the operator. The rules (who may, what is required) stay in
``lycees.affectations.services``; a suite only reads and writes its own rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

REASSIGNER = "reaffecter"
ANNULER = "annuler"


@dataclass(frozen=True)
class Prevu:
    """One planned item, as the confirmation page shows it (no student data)."""

    uuid: str
    libelle: str  # « Recherche d'emploi — TBP MELEC »
    date: object  # datetime.date
    conseillers: tuple[str, ...]  # names of the counsellors who lose access


@dataclass(frozen=True)
class Suite:
    """``lister(lycee, annee, operateur)``: the planned items of ``lycee`` in ``annee`` that name someone
    who is not a counsellor of ``operateur`` (the new one); ``reaffecter(lycee, annee, operateur,
    conseiller)`` gives them to ``conseiller`` instead, ``annuler(lycee, annee, operateur)`` cancels them.
    Both lock the rows they change and return how many they changed."""

    nom: str  # plural, shown as a heading: « Séances prévues »
    lister: Callable[..., list[Prevu]]
    reaffecter: Callable[..., int]
    annuler: Callable[..., int]


_SUITES: list[Suite] = []


def enregistrer(suite: Suite) -> None:
    if all(s.nom != suite.nom for s in _SUITES):
        _SUITES.append(suite)


def suites() -> list[Suite]:
    return list(_SUITES)
