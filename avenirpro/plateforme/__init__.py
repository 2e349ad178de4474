"""« Administration de la plateforme »: the back office of the platform's staff (``is_staff`` with MFA).

The kernel owns the job (``ImportAnnuaire``: upload → preview → Celery job with a progress bar), the
organisations and their members; what an import creates belongs to whoever registered it. The kernel
imports no app: ``lycees`` registers the lycées' import (``lycees/annuaire/``) in its AppConfig, the
kernel registers the operators' one. A nature nobody registered offers no page.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class Ligne:
    """One row of a directory file, as the preview shows it."""

    numero: int
    cle: str  # what identifies the organisation in the file (UAI, code), shown in the preview
    nom: str
    donnees: dict = field(default_factory=dict)  # the values to write (JSON), for retained rows


@dataclass
class Apercu:
    retenues: list[Ligne] = field(default_factory=list)
    refusees: list[tuple[Ligne, str]] = field(default_factory=list)  # the row and why
    ecartees: dict[str, int] = field(default_factory=dict)  # rows left out on purpose, by reason

    def ecarter(self, raison: str) -> None:
        self.ecartees[raison] = self.ecartees.get(raison, 0) + 1


@dataclass(frozen=True)
class Importeur:
    """How one nature of directory is read and written.

    ``analyser(lignes)`` reads the rows (dicts keyed by header) and returns the preview, writing nothing;
    ``actions(retenues)`` says for each retained row whether it creates or updates (one query);
    ``ecrire(lot)`` writes a batch of retained rows (each row's ``donnees``) and returns
    ``{"crees": n, "mis_a_jour": n, "inchanges": n}``. Writing a row twice changes nothing (idempotent).
    """

    nature: str
    titre: str
    colonnes: tuple[str, ...]  # the headers a file must have
    description: str
    analyser: Callable[[Iterable[dict]], Apercu]
    actions: Callable[[list[dict]], list[str]]
    ecrire: Callable[[list[dict]], dict[str, int]]


_IMPORTEURS: dict[str, Importeur] = {}


def enregistrer_importeur(importeur: Importeur) -> None:
    _IMPORTEURS[importeur.nature] = importeur


def importeur(nature: str) -> Importeur | None:
    return _IMPORTEURS.get(nature)


def importeurs() -> list[Importeur]:
    return sorted(_IMPORTEURS.values(), key=lambda i: i.nature)
