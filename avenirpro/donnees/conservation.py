"""Retention: a student's personal data is anonymised ``AVENIRPRO_CONSERVATION_MOIS`` months (12) after the
end of their last school year; the lycée's direction is told ``AVENIRPRO_CONSERVATION_PREAVIS_JOURS`` (30)
days before, and may not extend it.

Anonymising keeps every row and every link (a student still counts once, in their class, diploma, sex and
year; an attendance still points to its séance): the figures of past returns do not change, and issued
returns, snapshots of their own, are never touched. What identifies someone goes, field by field, as each
app declares it (``anonymiser={...}`` in ``donnees.declarer``): names → « Anonyme », birth date → its year,
INE, notes, comments and contact details emptied; the change history of those rows is deleted.

The subject of retention (the student) is registered by its app with ``sujet(...)``; an app that keeps
students longer (an AvenirPro+ enrolment ending later) registers ``prolonger_si(fonction)``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncYear
from django.utils import timezone

from avenirpro.donnees import registre
from avenirpro.donnees.historique import _HISTORISES
from avenirpro.enums import Role
from avenirpro.models import AnneeScolaire, AvisConservation, Effacement, Membership

RAISON = "conservation : anonymisation des élèves après la durée de conservation"


@dataclass
class Sujet:
    modele: type
    annee: str  # path to the AnneeScolaire of the record (its last school year)
    organisation: str  # path to the organisation told (the lycée's)
    marque: str  # the date field set once anonymised


_SUJET: list[Sujet] = []
_PROLONGATIONS: list[Callable[[datetime.date], Q]] = []


def sujet(modele, *, annee: str, organisation: str, marque: str) -> None:
    _SUJET[:] = [Sujet(modele, annee, organisation, marque)]


def prolonger_si(fonction: Callable[[datetime.date], Q]) -> Callable:
    """``fonction(limite)`` → a Q of the subjects kept longer (e.g. an enrolment ended after ``limite``)."""
    if fonction not in _PROLONGATIONS:
        _PROLONGATIONS.append(fonction)
    return fonction


def _plus_mois(jour: datetime.date, mois: int) -> datetime.date:
    annee, m = divmod(jour.month - 1 + mois, 12)
    annee += jour.year
    m += 1
    for j in (jour.day, 30, 29, 28):
        try:
            return jour.replace(year=annee, month=m, day=j)
        except ValueError:
            continue
    raise ValueError(jour)


def fin_annee_scolaire(annee_debut: int) -> datetime.date:
    return datetime.date(annee_debut + 1, 8, 31)


def echeance(annee_debut: int) -> datetime.date:
    """The day the students of this school year are anonymised."""
    return _plus_mois(
        fin_annee_scolaire(annee_debut), settings.AVENIRPRO_CONSERVATION_MOIS
    ) + datetime.timedelta(days=1)


def _debut_max(jour: datetime.date) -> int:
    """The last school year (its first calendar year) whose students are due on ``jour``."""
    debut = jour.year
    while echeance(debut) > jour:
        debut -= 1
    return debut


def _aujourdhui(aujourdhui) -> datetime.date:
    return aujourdhui or timezone.localdate()


def _echus(aujourdhui: datetime.date):
    s = _SUJET[0]
    qs = s.modele.objects.unscoped(RAISON).filter(
        **{f"{s.annee}__annee_debut__lte": _debut_max(aujourdhui), f"{s.marque}__isnull": True}
    )
    limite = _plus_mois(aujourdhui, -settings.AVENIRPRO_CONSERVATION_MOIS)
    for fonction in _PROLONGATIONS:
        qs = qs.exclude(fonction(limite))
    return qs


def _valeur_anonyme(champ, strategie):
    if callable(strategie):
        return strategie(champ)
    if strategie == registre.ANNEE:
        return TruncYear(champ.name)
    if strategie == registre.ANONYME:
        return "Anonyme"
    if strategie == registre.VIDER:
        return None if champ.null else ""
    raise ValueError(f"stratégie d'anonymisation inconnue : {strategie}")


def anonymiser(pks, aujourdhui=None) -> int:
    """Anonymise these subjects (pks) in every declared model, and delete their change history. In the
    caller's transaction; the number of subjects."""
    pks = list(pks)
    if not pks:
        return 0
    s = _SUJET[0]
    for declaration in registre.declarations():
        if not declaration.eleves:
            continue
        chemin = f"{declaration.chemin_eleves}__in"
        if declaration.anonymiser:
            champs = {c.name: c for c in declaration.modele._meta.concrete_fields}
            valeurs = {nom: _valeur_anonyme(champs[nom], st) for nom, st in declaration.anonymiser.items()}
            if declaration.modele is s.modele:
                valeurs[s.marque] = _aujourdhui(aujourdhui)
            declaration.modele.objects.unscoped(RAISON).filter(**{chemin: pks}).update(**valeurs)
        if declaration.modele in _HISTORISES:
            declaration.modele.historique.model.objects.unscoped(RAISON).filter(**{chemin: pks}).delete()
    return len(pks)


def anonymiser_echus(aujourdhui=None, *, lot: int = 500) -> int:
    """The daily job: every subject past its retention period, ``lot`` at a time (one transaction each;
    rows another worker holds are skipped, and done on its run). The number anonymised."""
    aujourdhui = _aujourdhui(aujourdhui)
    if not _SUJET:
        return 0
    total = 0
    while True:
        with transaction.atomic():
            pks = list(
                _echus(aujourdhui)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:lot]
            )
            if not pks:
                return total
            total += anonymiser(pks, aujourdhui)


def prevenir(aujourdhui=None) -> int:
    """Tell each lycée's direction, once per school year, that its students will be anonymised on the
    due day (PREAVIS days before). The number of notices sent."""
    aujourdhui = _aujourdhui(aujourdhui)
    if not _SUJET:
        return 0
    s = _SUJET[0]
    debut_max = _debut_max(
        aujourdhui + datetime.timedelta(days=settings.AVENIRPRO_CONSERVATION_PREAVIS_JOURS)
    )
    groupes = (
        s.modele.objects.unscoped(RAISON)
        .filter(**{f"{s.annee}__annee_debut__lte": debut_max, f"{s.marque}__isnull": True})
        .values(s.organisation, s.annee)
        .annotate(nb=Count("pk"))
        .order_by(s.organisation, s.annee)
    )
    deja = set(AvisConservation.objects.values_list("organisation_id", "annee_id"))
    envoyes = 0
    annees = {a.pk: a for a in AnneeScolaire.objects.all()}
    for groupe in groupes:
        cle = (groupe[s.organisation], groupe[s.annee])
        if cle in deja:
            continue
        annee = annees[cle[1]]
        jour = max(echeance(annee.annee_debut), aujourdhui)
        destinataires = list(
            Membership.objects.filter(organisation_id=cle[0], role__in=Role.direction_lycee())
            .values_list("user__email", flat=True)
            .order_by("user__email")
        )
        with transaction.atomic():
            _, cree = AvisConservation.objects.get_or_create(
                organisation_id=cle[0],
                annee=annee,
                defaults={
                    "echeance": jour,
                    "nb_eleves": groupe["nb"],
                    "destinataires": "\n".join(destinataires),
                },
            )
            if cree and destinataires:
                transaction.on_commit(
                    lambda d=destinataires, a=annee, j=jour, n=groupe["nb"]: _envoyer(d, a, j, n)
                )
        envoyes += cree
    return envoyes


def _envoyer(destinataires, annee, jour, nb) -> None:
    mail.send_mail(
        f"AvenirPro : anonymisation des élèves {annee} le {jour:%d/%m/%Y}",
        (
            f"Bonjour,\n\nLes données personnelles des {nb} élève(s) de l'année scolaire {annee} "
            f"de votre lycée seront anonymisées dans AvenirPro le {jour:%d/%m/%Y}, "
            f"{settings.AVENIRPRO_CONSERVATION_MOIS} mois après la fin de leur dernière année scolaire "
            "(durée de conservation fixée pour le dispositif ; elle ne se prolonge pas).\n\n"
            "Les noms, prénoms, INE, dates de naissance (seule l'année reste), notes et coordonnées "
            "seront effacés ; les effectifs et les indicateurs déjà transmis ne changent pas. Si une "
            "famille a demandé ses données, exportez-les avant cette date depuis la fiche de l'élève "
            "(« Droit d'accès »).\n\nAvenirPro"
        ),
        None,
        destinataires,
    )


def effacer(qui, eleve, motif: str) -> Effacement:
    """Erase a student's data on request (GDPR art. 17): anonymised at once, the reason recorded. The
    caller checked the right (``get_eleve_for_user`` and the direction's right to manage the roster)."""
    from django.core.exceptions import ValidationError

    from avenirpro.access import en_perimetre

    motif = (motif or "").strip()
    if len(motif) < 10:
        raise ValidationError({"motif": "Indiquez le motif de l'effacement (au moins 10 caractères)."})
    p = en_perimetre(qui)
    s = _SUJET[0]
    with transaction.atomic():
        verrou = s.modele.objects.unscoped(RAISON).select_for_update().filter(pk=eleve.pk)
        if not verrou.filter(**{f"{s.marque}__isnull": True}).exists():
            raise ValidationError("Les données de cet élève sont déjà effacées.")
        anonymiser([eleve.pk])
        return Effacement.objects.create(
            organisation=p.organisation, eleve_uuid=eleve.uuid, motif=motif, par=p.user
        )
