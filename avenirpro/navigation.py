"""The main navigation, by profil (see ``avenirpro.roles``).

Each app contributes its entries (``<app>/navigation.py``, loaded by its AppConfig). Each entry names a
URL; an entry whose URL does not resolve (the page is not built yet) is skipped, so the menu grows as the
apps add their pages. « Mon espace » shows the same entries as shortcuts, with their description.

The badges' counts (what waits for the user: open alerts, unread restitutions…) are kept a minute for
the membership (``compteurs``): they were two or three counts over the user's grants on every page, a
tenth of a counsellor's list page. The user's own writes forget them at once (``oublier_compteurs``, called
by ``CurrentOrganisationMiddleware`` after any POST, PUT, PATCH or DELETE); another person's change shows
within the minute. The pages the badges lead to count live.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from avenirpro import cache
from avenirpro.access import Perimetre
from avenirpro.roles import Profil, profil_de

LYCEE = frozenset({Profil.DIRECTION_LYCEE, Profil.PROFESSEUR})
TOUS = frozenset(Profil)


@dataclass(frozen=True)
class Entree:
    label: str
    url_name: str
    profils: frozenset[Profil]
    description: str = ""
    # A finer rule from the access policy, when the profil is not enough (None: the profil decides).
    condition: Callable[[Perimetre], bool] | None = None
    # Place in the menu: the kernel's home is 0, each app takes its own hundreds.
    ordre: int = 500
    # What waits for the user there (unread, open…), shown as a badge beside the label: one query at most,
    # run when the menu is rendered and kept a minute (``compteurs``). None: no badge.
    compteur: Callable[[Perimetre], int] | None = None
    libelle_compteur: str = ""
    # Shown to the platform's staff (``is_staff``) whatever their role, or with none.
    personnel: bool = False


def gere_des_membres(perimetre: Perimetre) -> bool:
    """Administrators, and the chef d'établissement for the lycée's staff (``roles_attribuables``)."""
    return bool(perimetre.roles_attribuables)


# Entries contributed by the apps (their ``navigation.py``, loaded by their AppConfig), in menu order.
_ENTREES: list[Entree] = []


def contribuer(*entrees: Entree) -> None:
    """Add an app's entries to the menu (idempotent: an entry already there is not added twice)."""
    for entree in entrees:
        if entree not in _ENTREES:
            _ENTREES.append(entree)
    _ENTREES.sort(key=lambda e: e.ordre)


def entrees() -> list[Entree]:
    return list(_ENTREES)


contribuer(
    Entree("Mon espace", "accueil", TOUS, ordre=0),
    Entree(
        "Journal des accès",
        "journal_acces",
        frozenset({Profil.DPD}),
        "Qui a lu les données de quels élèves, quand et d'où.",
        ordre=800,
    ),
    Entree(
        "Membres",
        "comptes:membres",
        frozenset({Profil.DIRECTION_LYCEE, Profil.ADMINISTRATEUR_OPERATEUR, Profil.ADMINISTRATEUR}),
        "Les membres de votre organisation, les invitations et les rôles.",
        condition=gere_des_membres,
        ordre=900,
    ),
    Entree(
        "Administration de la plateforme",
        "plateforme:accueil",
        frozenset(),
        "Importer les lycées et les opérateurs, inviter les premiers responsables, désactiver un compte.",
        ordre=950,
        personnel=True,
    ),
)


@dataclass(frozen=True)
class Lien:
    label: str
    url: str
    description: str
    # "page" on the current page, "true" inside its section (DSFR styles any aria-current), else None.
    courant: str | None
    compteur: int = 0
    libelle_compteur: str = ""


def url_ou_none(url_name: str) -> str | None:
    """The URL of a page, or None when it does not exist (yet)."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _section(url: str, chemin: str) -> bool:
    return chemin == url or (url != "/" and chemin.startswith(url))


def entrees_pour(perimetre: Perimetre) -> list[Entree]:
    """The entries of the user's current role, whether their page exists or not."""
    profil = profil_de(perimetre)
    personnel = bool(perimetre.user is not None and perimetre.user.is_staff)
    if profil is None:
        return [e for e in _ENTREES if e.url_name == "accueil" or (personnel and e.personnel)]
    return [
        e
        for e in _ENTREES
        if (personnel and e.personnel)
        or (profil in e.profils and (e.condition is None or e.condition(perimetre)))
    ]


DUREE_COMPTEURS = 60  # seconds


def _cle_compteurs(perimetre: Perimetre) -> str | None:
    membership = perimetre.membership
    return f"navigation:compteurs:{membership.uuid}" if membership is not None else None


def compteurs(perimetre: Perimetre, entrees_: list[Entree]) -> dict[str, int]:
    """The badges of these entries (by label), counted once a minute for the membership."""
    avec = [e for e in entrees_ if e.compteur]
    if not avec:
        return {}
    cle = _cle_compteurs(perimetre)
    valeurs = cache.lire(cle) if cle else None
    if valeurs is None or any(e.label not in valeurs for e in avec):
        valeurs = {e.label: e.compteur(perimetre) for e in avec}
        if cle:
            cache.ecrire(cle, valeurs, DUREE_COMPTEURS)
    return valeurs


def oublier_compteurs(perimetre: Perimetre) -> None:
    """After the user's own write: their badges are counted again on the next page."""
    if cle := _cle_compteurs(perimetre):
        cache.effacer(cle)


def liens(perimetre: Perimetre, chemin: str = "") -> list[Lien]:
    """The entries whose page exists, in menu order, without duplicates. The one ``chemin`` belongs to is
    marked current: the page itself, or else the deepest section that contains it."""
    urls: dict[str, Entree] = {}
    for entree in entrees_pour(perimetre):
        url = url_ou_none(entree.url_name)
        if url is not None and url not in urls:
            urls[url] = entree
    section = max((url for url in urls if _section(url, chemin)), key=len, default=None)
    badges = compteurs(perimetre, list(urls.values()))
    return [
        Lien(
            entree.label,
            url,
            entree.description,
            ("page" if url == chemin else "true") if url == section else None,
            badges.get(entree.label, 0),
            entree.libelle_compteur,
        )
        for url, entree in urls.items()
    ]


def menu(request: HttpRequest) -> list[Lien]:
    """The main navigation for the request's user in their current organisation (empty when logged out)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return liens(request.perimetre, request.path)
