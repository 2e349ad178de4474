"""The access log of students' data (CNIL délibération 2021-122): who read which students, when, from where.

One mechanism for every app:

- an app says which students each of its objects shows, once, in its ``journal.py`` (loaded by its
  AppConfig)::

      journal.enregistrer(Entretien, eleves=journal.par_relation("eleve"))

  the function returns student pks, or ``(uuid, lycee_id)`` pairs when it has them at hand (no query);
  ``par_relation`` gives the pair when the list fetched the student with the object, else the pk;
- a view notes what it shows, after fetching it: ``journal.noter(request, page.object_list,
  nature=journal.Nature.LISTE)``; the middleware (``JournalMiddleware``) writes what a request noted once
  the response is ready, as ONE INSERT (one row per académie of the students shown);
- a DRF viewset inherits ``JournaliseMixin``: what ``get_object`` and the paginated list return is noted;
- outside a request (a Celery job compiling letters), ``journal.ecrire(perimetre, objets, nature=…,
  ressource=…)`` writes at once.

Rows are kept ``JOURNAL_CONSERVATION_JOURS`` days (one year), then ``purger`` deletes them; nothing else
may change or delete a row (``avenirpro.models.journal``; a trigger on PostgreSQL). The ``lycees`` app gives
the two lookups the kernel cannot make itself (it imports no app): ``resoudre_eleves`` (student pks →
uuid and lycée) and ``academies_des_lycees`` (lycée pks → académie pk), through ``fournir``.
"""

from __future__ import annotations

import re
import uuid as uuid_lib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model, Q
from django.http import Http404
from django.utils import timezone

from avenirpro.access import ANONYME, Perimetre, accorde, en_perimetre
from avenirpro.enums import Reseau, TypeOrganisation
from avenirpro.models.journal import EntreeJournal, Nature
from avenirpro.roles import Profil

__all__ = [
    "EntreeJournal",
    "JournalMiddleware",
    "JournaliseMixin",
    "Nature",
    "ecrire",
    "enregistrer",
    "fournir",
    "noter",
    "noter_eleves",
    "par_relation",
    "purger",
]

# --- What each model shows ---------------------------------------------------------------------------

Lu = int | tuple  # a student's pk, or a (uuid, lycee_id) pair
_EXTRACTEURS: dict[type[Model], Callable[[Model], Iterable[Lu]]] = {}


def enregistrer(modele: type[Model], *, eleves: Callable[[Model], Iterable[Lu]]) -> None:
    """Declare which students an object of ``modele`` shows (their pks, or (uuid, lycee_id) pairs)."""
    _EXTRACTEURS[modele] = eleves


def par_relation(chemin: str) -> Callable[[Model], Iterable[Lu]]:
    """The extractor of an object that shows the student at the end of a chain of foreign keys (``"eleve"``,
    ``"inscription.eleve"``): when the list fetched that student with it (``select_related``, no deferred
    field), the student's own extractor answers (its uuid and lycée, no query); otherwise its pk, which
    the log resolves with the page's other pks in one query."""
    *passages, dernier = chemin.split(".")

    def extraire(objet: Model) -> Iterable[Lu]:
        for nom in passages:
            objet = getattr(objet, nom)
        champ = objet._meta.get_field(dernier)
        if champ.is_cached(objet):
            cible = champ.get_cached_value(objet)
            if cible is None:
                return ()
            if not cible.get_deferred_fields():
                return _extracteur(cible)(cible)
        return (getattr(objet, champ.attname),)

    return extraire


def modeles_enregistres() -> list[type[Model]]:
    return list(_EXTRACTEURS)


def _extracteur(objet: Model) -> Callable[[Model], Iterable[Lu]]:
    for classe in type(objet).__mro__:
        if classe in _EXTRACTEURS:
            return _EXTRACTEURS[classe]
    raise LookupError(
        f"{type(objet).__name__} n'est pas enregistré dans le journal des accès "
        f"(journal.enregistrer dans le journal.py de son app)."
    )


@dataclass
class _Fournisseurs:
    """The lookups an app gives the kernel (``lycees/journal.py``)."""

    # pks → {pk: (uuid, lycee_id)}, in one query
    resoudre_eleves: Callable[[set[int]], dict[int, tuple]] | None = None
    # lycée pks → {lycee_id: academie_id}, in one query (cached by the caller)
    academies_des_lycees: Callable[[set[int]], dict[int, int | None]] | None = None
    # (text, académie pk or None) → the uuids of the students whose name matches (the DPD's search)
    chercher_eleves: Callable[[str, int | None], list[str]] | None = None
    # uuids → {uuid: "Prénom NOM"}: what identifies the log's rows for the DPD, nothing more
    identifier_eleves: Callable[[list[str]], dict[str, str]] | None = None
    # a student's uuid → the académie of their lycée (None: no such student)
    academie_de_l_eleve: Callable[[str], int | None] | None = None


FOURNISSEURS = _Fournisseurs()


def fournir(**fonctions) -> None:
    for nom, fonction in fonctions.items():
        if not hasattr(FOURNISSEURS, nom):
            raise TypeError(f"fournisseur inconnu : {nom}")
        setattr(FOURNISSEURS, nom, fonction)


# Lycées do not change académie: their académie is looked up once per process.
_ACADEMIES: dict[int, int | None] = {}


def _academies(lycees: set[int]) -> dict[int, int | None]:
    manquants = {pk for pk in lycees if pk not in _ACADEMIES}
    if manquants:
        _ACADEMIES.update(FOURNISSEURS.academies_des_lycees(manquants))
    return {pk: _ACADEMIES.get(pk) for pk in lycees}


def _lus(objets) -> list[Lu]:
    if objets is None:
        return []
    if isinstance(objets, Model):
        objets = [objets]
    lus: list[Lu] = []
    for objet in objets:
        lus.extend(_extracteur(objet)(objet))
    return lus


def _par_academie(lus: Iterable[Lu]) -> dict[int | None, list[str]]:
    """Students grouped by the académie of their lycée, as uuid strings (one query at most for pks)."""
    paires: dict[str, int] = {}
    pks = set()
    for lu in lus:
        if isinstance(lu, tuple):
            paires[str(lu[0])] = lu[1]
        elif lu is not None:
            pks.add(lu)
    if pks:
        for _pk, (uuid, lycee_id) in FOURNISSEURS.resoudre_eleves(pks).items():
            paires[str(uuid)] = lycee_id
    academies = _academies(set(paires.values()))
    groupes: dict[int | None, list[str]] = defaultdict(list)
    for uuid, lycee_id in paires.items():
        groupes[academies.get(lycee_id)].append(uuid)
    return groupes


RESEAUX_DES_ORGANISATIONS = {
    TypeOrganisation.AGENCE_FT: Reseau.FRANCE_TRAVAIL,
    TypeOrganisation.DIRECTION_REGIONALE_FT: Reseau.FRANCE_TRAVAIL,
    TypeOrganisation.FRANCE_TRAVAIL_NATIONAL: Reseau.FRANCE_TRAVAIL,
    TypeOrganisation.MISSION_LOCALE: Reseau.MISSIONS_LOCALES,
    TypeOrganisation.ARML: Reseau.MISSIONS_LOCALES,
    TypeOrganisation.UNML: Reseau.MISSIONS_LOCALES,
}


def _lignes(perimetre: Perimetre, lus, nature, ressource, chemin, adresse) -> list[EntreeJournal]:
    groupes = _par_academie(lus)
    if not groupes:
        return []
    user, organisation = perimetre.user, perimetre.organisation
    maintenant, requete = timezone.now(), uuid_lib.uuid4()
    return [
        EntreeJournal(
            horodatage=maintenant,
            requete=requete,
            utilisateur=user,
            utilisateur_email=getattr(user, "email", "")[:254],
            organisation=organisation,
            organisation_nom=(organisation.nom if organisation else "")[:200],
            role=perimetre.role or "",
            reseau=RESEAUX_DES_ORGANISATIONS.get(organisation.type, "") if organisation else "",
            academie_id=academie,
            eleves=" ".join(sorted(uuids)),
            nb_eleves=len(uuids),
            nature=nature,
            ressource=ressource[:200],
            chemin=chemin[:500],
            adresse=adresse,
        )
        for academie, uuids in sorted(groupes.items(), key=lambda g: g[0] or 0)
    ]


# --- Noting in a request, writing at its end ----------------------------------------------------------


@dataclass
class _Tampon:
    perimetre: Perimetre
    nature: str
    lus: list[Lu] = field(default_factory=list)


def _requete_http(request):
    return getattr(request, "_request", request)  # a DRF Request wraps Django's


def noter(request, objets, *, nature: str | None = None) -> None:
    """Note that this request shows ``objets`` (a model instance or an iterable of them; their students are
    the registered ones). Written once, at the end of the request, if the response is not an error."""
    noter_eleves(request, _lus(objets), nature=nature)


def noter_eleves(request, lus: Iterable[Lu], *, nature: str | None = None) -> None:
    """Note students by pk or (uuid, lycee_id) pairs (when no object is at hand)."""
    lus = list(lus)
    if not lus:
        return
    http = _requete_http(request)
    perimetre = en_perimetre(request)
    if not perimetre.est_authentifie:
        return  # only signed-in people read students' data; an anonymous page shows none
    if nature is None:
        nature = Nature.API if http.path.startswith("/api/") else Nature.PAGE
    tampons: list[_Tampon] = http.__dict__.setdefault("_journal_acces", [])
    for tampon in tampons:
        if tampon.nature == nature and tampon.perimetre.membership == perimetre.membership:
            tampon.lus.extend(lus)
            return
    tampons.append(_Tampon(perimetre, nature, lus))


def _gabarit(route: str) -> str:
    """A URL pattern as people read it: ``^eleves/(?P<uuid>[^/.]+)/$`` (a router's) → ``eleves/{uuid}/``."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    return route.replace("^", "").replace("$", "")


def _ressource(http) -> str:
    match = getattr(http, "resolver_match", None)
    if match is None:
        return http.path
    if http.path.startswith("/api/"):
        return f"{http.method} /{_gabarit(match.route)}"
    return match.view_name or http.path


def ecrire_requete(http, response=None) -> int:
    """Write what the request noted (one INSERT); nothing when the response is an error. The row count."""
    tampons: list[_Tampon] = http.__dict__.pop("_journal_acces", [])
    if not tampons or (response is not None and response.status_code >= 400):
        return 0
    from avenirpro.comptes.services import adresse_client

    adresse, ressource = adresse_client(http), _ressource(http)
    lignes = []
    for tampon in tampons:
        lignes += _lignes(tampon.perimetre, tampon.lus, tampon.nature, ressource, http.path, adresse)
    EntreeJournal.objects.bulk_create(lignes)
    return len(lignes)


class JournalMiddleware:
    """Writes the access-log rows a request noted, once its response is ready (after the view's
    transaction: a view that failed and rolled back logs nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        ecrire_requete(request, response)
        return response


def ecrire(perimetre: Perimetre, objets, *, nature: str, ressource: str, adresse: str | None = None) -> int:
    """Write at once, outside a request (a job): one INSERT. The row count."""
    lignes = _lignes(perimetre, _lus(objets), nature, ressource, "", adresse)
    EntreeJournal.objects.bulk_create(lignes)
    return len(lignes)


class JournaliseMixin:
    """For DRF viewsets: the object ``get_object`` returns and the page ``paginate_queryset`` returns are
    noted (nature API). Actions that show other students note them with ``journal.noter`` themselves."""

    def get_object(self):
        objet = super().get_object()
        noter(self.request, objet, nature=Nature.API)
        return objet

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            noter(self.request, page, nature=Nature.API)
        return page


# --- Who reads the log: the data-protection officers -------------------------------------------------

DPD_DES_RESEAUX = {
    TypeOrganisation.FRANCE_TRAVAIL_NATIONAL: Reseau.FRANCE_TRAVAIL,
    TypeOrganisation.UNML: Reseau.MISSIONS_LOCALES,
}


@accorde(EntreeJournal, roles=(Profil.DPD,))
def entrees_du_dpd(p: Perimetre) -> Q | None:
    """The DPD of an académie: reads of its lycées' students; of FT or the UNML: reads by its network."""
    if not p.est_dpd:
        return None
    organisation = p.organisation
    if organisation.type == TypeOrganisation.ACADEMIE:
        return Q(academie_id=organisation.academie_id) if organisation.academie_id else None
    reseau = DPD_DES_RESEAUX.get(organisation.type)
    return Q(reseau=reseau) if reseau else None


def academie_du_dpd(p: Perimetre) -> int | None:
    """The académie a DPD's student search is limited to (None: the whole country, for a network's DPD)."""
    if p.est_dpd and p.organisation.type == TypeOrganisation.ACADEMIE:
        return p.organisation.academie_id
    return None


def entrees_pour(perimetre: Perimetre | None = None):
    return EntreeJournal.objects.visible_to(perimetre or ANONYME)


def filtrer_par_eleves(qs, uuids: Iterable[str]):
    """Rows that name one of these students (their uuids are words of ``eleves``)."""
    q = Q()
    for uuid in uuids:
        q |= Q(eleves__contains=str(uuid))
    return qs.filter(q) if q else qs.none()


# --- Retention --------------------------------------------------------------------------------------


def conservation() -> timedelta:
    return timedelta(days=settings.JOURNAL_CONSERVATION_JOURS)


def purger(maintenant=None, *, lot: int = 10_000) -> int:
    """Delete the rows older than the retention period, in batches. The number deleted."""
    limite = (maintenant or timezone.now()) - conservation()
    total = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as curseur:
                    curseur.execute("SET LOCAL avenirpro.purge_journal = 'on'")
            ids = list(
                EntreeJournal.objects.filter(horodatage__lt=limite)
                .order_by("id")
                .values_list("id", flat=True)[:lot]
            )
            if not ids:
                return total
            supprimes, _ = EntreeJournal.objects.filter(id__in=ids)._purger()
            total += supprimes


# --- The DPD's consultation (page, CSV, API: one rule) --------------------------------------------------


@dataclass(frozen=True)
class Filtres:
    eleve: str | None = None  # a student's uuid
    recherche: str = ""  # a student's name, searched within the DPD's scope
    utilisateur: str = ""  # the reader's e-mail (exact, case ignored)
    organisation: str = ""  # part of the reader's organisation's name
    du: date | None = None
    au: date | None = None


ELEVE_INTROUVABLE = "Élève introuvable dans votre périmètre."
RESERVE_AU_DPD = "Le journal des accès est réservé aux délégués à la protection des données."


def consulter(perimetre: Perimetre, filtres: Filtres):
    """The log rows this DPD reads, filtered. Raises ValidationError (French, per field) for bad filters;
    Http404 for a student uuid that names no student of the DPD's scope."""
    erreurs = {}
    if filtres.du and filtres.au and filtres.au < filtres.du:
        erreurs["au"] = "La date de fin doit être postérieure ou égale à la date de début."
    if erreurs:
        raise ValidationError(erreurs)
    qs = entrees_pour(perimetre)
    if filtres.eleve:
        qs = filtrer_par_eleves(qs, [filtres.eleve])
        if not _eleve_identifiable(perimetre, filtres.eleve, qs):
            raise Http404(ELEVE_INTROUVABLE)
    if filtres.recherche:
        uuids = FOURNISSEURS.chercher_eleves(filtres.recherche, academie_du_dpd(perimetre))
        qs = filtrer_par_eleves(qs, uuids)
    if filtres.utilisateur:
        qs = qs.filter(utilisateur_email__iexact=filtres.utilisateur.strip())
    if filtres.organisation:
        qs = qs.filter(organisation_nom__icontains=filtres.organisation.strip())
    fuseau = timezone.get_current_timezone()
    if filtres.du:
        qs = qs.filter(horodatage__gte=datetime.combine(filtres.du, time.min, tzinfo=fuseau))
    if filtres.au:
        qs = qs.filter(
            horodatage__lt=datetime.combine(filtres.au + timedelta(days=1), time.min, tzinfo=fuseau)
        )
    return qs.order_by("-horodatage", "-id")


def _eleve_identifiable(perimetre: Perimetre, uuid: str, lignes) -> bool:
    """A student the DPD may name: one of its académie's lycées (académie DPD), or read by its network."""
    academie = academie_du_dpd(perimetre)
    if academie is not None:
        return FOURNISSEURS.academie_de_l_eleve(uuid) == academie
    return lignes.exists()


def identifier(entrees) -> dict[str, str]:
    """Names of the students of these rows (one query): all a DPD sees of them."""
    uuids = sorted({u for e in entrees for u in e.liste_eleves})
    return FOURNISSEURS.identifier_eleves(uuids) if uuids else {}
