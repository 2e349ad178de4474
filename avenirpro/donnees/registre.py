"""The data inventory (« registre ») of AvenirPro, generated from what the apps declare next to their models.

Each app declares, right after a personal-data model in its ``models.py``::

    donnees.declarer(
        Eleve,
        finalite="Suivre les élèves de terminale accompagnés (convention, art. 3).",
        eleves="pk",                       # how a row names its student(s): export, retention, history
        champs={"nom": "Identifier l'élève", ...},   # every field, with its purpose
        anonymiser={"nom": ANONYME, "date_naissance": ANNEE, "ine": VIDER},
        historique=True,                   # change history (django-simple-history)
        confidentiels=("texte",), lire_confidentiel="parcours.perms.peut_lire_notes",
    )

The kernel names no app: the registre page, the right-of-access export, the retention job and the change
history read these declarations. ``tests/test_donnees.py`` fails when a personal-data model, or one of
its fields, is not declared.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Model
from django.utils.module_loading import import_string

from avenirpro import access

# Anonymisation strategies of a field (``anonymiser={...}``).
VIDER = "vider"  # "" (or NULL when the field allows it)
ANONYME = "anonyme"  # the word « Anonyme » (names: lists stay readable)
ANNEE = "annee"  # a date becomes the 1st of January of its year (the age band survives)

# Fields every model has for the application itself: described once here, not by each app.
CHAMPS_TECHNIQUES = {
    "id": "Clé technique interne (jamais affichée).",
    "uuid": "Identifiant public dans les adresses des pages et de l'API.",
    "cree_le": "Traçabilité : date de création de l'enregistrement.",
    "modifie_le": "Traçabilité : date de la dernière modification.",
    "modifiee_le": "Traçabilité : date de la dernière modification.",
}


def duree_conservation_texte() -> str:
    mois = settings.AVENIRPRO_CONSERVATION_MOIS
    return (
        f"Jusqu'à {mois} mois après la fin de la dernière année scolaire de l'élève (ou de son "
        "inscription AvenirPro+), puis anonymisé ; l'historique des modifications est alors effacé."
    )


@dataclass
class Declaration:
    """What an app says about one personal-data model (see the module docstring)."""

    modele: type[Model]
    finalite: str
    champs: dict[str, str]
    eleves: str | None = None
    conservation: str | None = None
    anonymiser: dict[str, str | Callable] = field(default_factory=dict)
    historique: bool = False
    confidentiels: tuple[str, ...] = ()
    lire_confidentiel: str | Callable | None = None
    libelle: Callable | None = None  # how a row is named in the history and the export
    relations: tuple[str, ...] = ()  # select_related for ``libelle``

    @property
    def label(self) -> str:
        return self.modele._meta.label

    @property
    def nom(self) -> str:
        return str(self.modele._meta.verbose_name).capitalize()

    @property
    def duree(self) -> str:
        return self.conservation or duree_conservation_texte()

    @property
    def chemin_eleves(self) -> str:
        """The lookup to the student's pk, valid on the model and on its history (whose pk differs)."""
        return self.modele._meta.pk.attname if self.eleves == "pk" else self.eleves

    @property
    def libelles_champs(self) -> list[str]:
        champs = {c.name: c for c in self.modele._meta.concrete_fields}
        return [str(champs[nom].verbose_name) for nom in self.champs]

    def finalite_de(self, nom_champ: str) -> str | None:
        return self.champs.get(nom_champ) or CHAMPS_TECHNIQUES.get(nom_champ)

    def champs_concrets(self):
        return list(self.modele._meta.concrete_fields)

    def peut_lire_confidentiel(self, perimetre, objet) -> bool:
        if self.lire_confidentiel is None:
            return False
        fonction = self.lire_confidentiel
        if isinstance(fonction, str):
            fonction = import_string(fonction)
        return bool(fonction(perimetre, objet))

    def lecteurs(self) -> list[str]:
        """Who reads the rows (roles of the grants), then who only counts them."""
        return lecteurs_de(self.modele)

    def libelle_de(self, objet) -> str:
        return self.libelle(objet) if self.libelle else str(objet)


_DECLARATIONS: dict[type[Model], Declaration] = {}


def declarer(modele: type[Model], *, finalite: str, champs: dict[str, str], **options) -> Declaration:
    """Declare a personal-data model's purposes (the registre), its student link, its anonymisation and
    whether its changes are kept (``historique=True``). Called in the app's models.py, after the class."""
    inconnus = set(champs) | set(options.get("anonymiser", {})) | set(options.get("confidentiels", ()))
    inconnus -= {c.name for c in modele._meta.concrete_fields}
    if inconnus:
        raise ValueError(f"{modele._meta.label} n'a pas les champs {sorted(inconnus)}.")
    declaration = Declaration(modele, finalite, dict(champs), **options)
    _DECLARATIONS[modele] = declaration
    if declaration.historique:
        from avenirpro.donnees import historique

        historique.historiser(declaration)
    return declaration


@dataclass
class LigneInventaire:
    declaration: Declaration
    champs: list  # (name, label, purpose, anonymisation, confidential)


ANONYMISATIONS = {VIDER: "effacé", ANONYME: "remplacé par « Anonyme »", ANNEE: "réduit à l'année"}


def inventaire() -> list[LigneInventaire]:
    """Each declared model with each of its fields (the registre page and its test)."""
    lignes = []
    for d in declarations():
        champs = []
        for c in d.champs_concrets():
            strategie = d.anonymiser.get(c.name)
            champs.append(
                (
                    c.name,
                    str(c.verbose_name),
                    d.finalite_de(c.name) or "",
                    ANONYMISATIONS.get(strategie, "fonction de l'app" if strategie else ""),
                    c.name in d.confidentiels,
                )
            )
        lignes.append(LigneInventaire(d, champs))
    return lignes


def declarations() -> list[Declaration]:
    return sorted(_DECLARATIONS.values(), key=lambda d: d.label)


def declaration_de(modele) -> Declaration | None:
    return _DECLARATIONS.get(modele)


def lecteurs_de(modele) -> list[str]:
    from avenirpro.enums import Role

    libelles = dict(Role.choices)
    lignes, comptes = [], []
    for accord in access.accords(modele):
        cible = comptes if accord.agregats else lignes
        for role in accord.roles:
            libelle = libelles.get(role, role.replace("_", " "))
            if libelle not in cible:
                cible.append(libelle)
    resultat = list(lignes)
    resultat += [f"{r} (comptages seulement)" for r in comptes if r not in lignes]
    return resultat


class RolesDe(Sequence):
    """The roles of a model's row grants, read when asked (a derived grant's roles: the history's)."""

    def __init__(self, modele):
        self.modele = modele

    def _roles(self) -> list[str]:
        roles = []
        for accord in access.accords(self.modele):
            if not accord.agregats:
                roles += [r for r in accord.roles if r not in roles]
        return roles

    def __getitem__(self, i):
        return self._roles()[i]

    def __len__(self):
        return len(self._roles())

    def __hash__(self):
        return hash(self.modele)

    def __eq__(self, other):
        return isinstance(other, RolesDe) and other.modele is self.modele
