"""Change history of students and of what is recorded about them: who changed what, when, old → new.

django-simple-history keeps one ``Historical<Model>`` row per version (see ARCHITECTURE.md: it works the
same on SQLite, the demo's database, and on PostgreSQL; django-pghistory's triggers exist only on
PostgreSQL). An app turns it on for a model with ``historique=True`` in its ``donnees.declarer(...)``.

The history tables hold personal data: each ``Historical<Model>`` is a ``PersonalDataModel`` with a scoped
manager, and its one grant is derived from its model's grants — a version is read by whoever reads the row
(``historique_<model>`` in ``politique_acces``): the interview's confidential notes, a table apart, keep
their versions for the notes' readers only. Confidential fields (``confidentiels``) show their values
only to whom the app's ``lire_confidentiel(perimetre, version)`` says; the others read « (confidentiel) ».

Bulk writes bypass the signals: services that write in bulk call ``noter_en_masse`` (one INSERT).

The author of a change is ``request.user`` as ``simple_history``'s middleware exposes it, for the API's
token requests too: DRF authenticates inside the view, and its ``Request.user`` setter writes the user
through to the ``HttpRequest`` that the middleware holds (``tests/donnees/test_historique.py`` checks it).
"""

import dataclasses
import datetime
from dataclasses import dataclass

import simple_history
from django.db.models import Q
from django.utils import timezone

from avenirpro import access
from avenirpro.access import en_perimetre, q_accordee
from avenirpro.scoping import PersonalDataModel, ScopedQuerySet

CREATION, MODIFICATION, SUPPRESSION = "+", "~", "-"
NATURES = {CREATION: "création", MODIFICATION: "modification", SUPPRESSION: "suppression"}
CACHE = "(confidentiel)"


class HistoriqueQuerySet(ScopedQuerySet):
    pass


class VersionHistorique(PersonalDataModel):
    """Base of every ``Historical<Model>``: personal data, scoped like its model."""

    objects = HistoriqueQuerySet.as_manager()

    class Meta:
        abstract = True


_HISTORISES: dict = {}  # model → its Declaration


def historiser(declaration) -> None:
    modele = declaration.modele
    simple_history.register(
        modele,
        manager_name="historique",
        bases=[VersionHistorique],
        verbose_name=f"historique : {modele._meta.verbose_name}",
        verbose_name_plural=f"historique : {modele._meta.verbose_name_plural}",
        excluded_fields=[c for c in EXCLUS if c in {f.name for f in modele._meta.fields}],
    )
    _HISTORISES[modele] = declaration
    version = modele.historique.model
    _accorder(modele, version)


# Dates the application sets on every save: not a change anyone made.
EXCLUS = ("cree_le", "modifie_le", "modifiee_le")


def _accorder(modele, version) -> None:
    from avenirpro.donnees.registre import RolesDe

    def fonction(p):
        if q_accordee(modele, p) is None:
            return None
        return Q(**{f"{modele._meta.pk.attname}__in": modele.objects.visible_to(p).values("pk")})

    fonction.__name__ = fonction.__qualname__ = f"historique_{modele._meta.model_name}"
    fonction.__module__ = modele.__module__
    fonction.__doc__ = f"Past versions of the {modele._meta.label} rows one reads (the same grants)."
    access.accorde(version, roles=())(fonction)
    # Its roles are its model's, read when asked (the model's grants are declared after its models.py).
    access._ACCORDS[version] = [
        dataclasses.replace(a, roles=RolesDe(modele)) if a.fonction is fonction else a
        for a in access._ACCORDS[version]
    ]


def modeles_historises() -> list:
    return list(_HISTORISES)


def noter_en_masse(objets, nature: str, qui=None) -> None:
    """History of rows written by ``bulk_create`` / ``bulk_update`` / a queryset delete (one INSERT)."""
    objets = list(objets)
    if not objets:
        return
    modele = type(objets[0])
    user = getattr(en_perimetre(qui), "user", None) if qui is not None else None
    version = modele.historique.model
    maintenant = timezone.now()
    version.objects.bulk_create(
        [
            version(
                history_date=maintenant,
                history_type=nature,
                history_user=user,
                history_change_reason="",
                **{c.attname: getattr(o, c.attname) for c in version.tracked_fields},
            )
            for o in objets
        ]
    )


# --- Reading: the changes shown on a student's page -------------------------------------------------


@dataclass
class Changement:
    champ: str
    avant: str
    apres: str


@dataclass
class Evenement:
    date: object
    auteur: str
    nature: str
    objet: str
    modele: str
    changements: list


def _valeur(version, champ) -> str:
    valeur = getattr(version, champ.attname)
    if valeur in (None, ""):
        return "—"
    if champ.choices:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime.datetime):
        return timezone.localtime(valeur).strftime("%d/%m/%Y %H:%M")
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, datetime.time):
        return valeur.strftime("%H:%M")
    if isinstance(valeur, list):
        return ", ".join(map(str, valeur)) or "—"
    if champ.is_relation:
        return f"n° {valeur}"
    return str(valeur)


def historique_eleve(qui, eleve, limite: int = 200) -> list[Evenement]:
    """What changed about ``eleve`` in every historised model, newest first; one query per model.

    Only the versions ``qui`` may read; confidential fields masked unless the app's hook allows."""
    p = en_perimetre(qui)
    evenements = []
    for modele, declaration in _HISTORISES.items():
        if not declaration.eleves:
            continue
        version = modele.historique.model
        qs = (
            version.objects.visible_to(p)
            .filter(**{declaration.chemin_eleves: eleve.pk})
            .select_related("history_user", *declaration.relations)
            .order_by("history_date", "history_id")
        )
        precedentes = {}
        cle = modele._meta.pk
        champs = [c for c in version.tracked_fields if c.name not in ("id", "uuid", cle.name)]
        lisibles = {}  # row → whether ``qui`` reads its confidential fields (the app's hook, once a row)
        for v in qs[: limite * 2]:
            ligne = getattr(v, cle.attname)
            avant = precedentes.get(ligne)
            changements = []
            for champ in champs:
                nouveau = _valeur(v, champ)
                ancien = _valeur(avant, champ) if avant is not None else "—"
                if v.history_type == MODIFICATION and avant is not None and ancien == nouveau:
                    continue
                if v.history_type == SUPPRESSION or (avant is None and nouveau == "—"):
                    continue
                if champ.name in declaration.confidentiels:
                    if ligne not in lisibles:
                        lisibles[ligne] = declaration.peut_lire_confidentiel(p, v)
                    if not lisibles[ligne]:
                        ancien, nouveau = CACHE, CACHE
                changements.append(Changement(str(champ.verbose_name), ancien, nouveau))
            precedentes[ligne] = v
            if v.history_type == MODIFICATION and not changements:
                continue
            evenements.append(
                Evenement(
                    date=v.history_date,
                    auteur=v.history_user.get_full_name() or v.history_user.email if v.history_user else "—",
                    nature=NATURES.get(v.history_type, v.history_type),
                    objet=declaration.libelle_de(v),
                    modele=declaration.nom,
                    changements=changements,
                )
            )
    evenements.sort(key=lambda e: e.date, reverse=True)
    return evenements[:limite]
