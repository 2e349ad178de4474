"""Right of access (GDPR art. 15): everything AvenirPro holds about one student, across every app.

Built from the registre (``donnees.declarer``): for each declared model that names its students
(``eleves=``), the student's rows with every declared field, its purpose and who reads it; then the change
history, the access log (who read the record), the recipients and the retention. An app whose rows need
another shape registers ``@exporteur(Model)`` (a function ``(eleve) -> list[dict]``).

The export is made by the lycée's direction for the family (the view checks it): it holds every field,
but the confidential ones (``confidentiels=``, e.g. the counsellor's interview notes) show their value only
to whom the app's ``lire_confidentiel`` allows — the direction may not read them (convention art. 4); the
document says they exist and that the operator who wrote them gives them to the family on request.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from avenirpro.access import en_perimetre
from avenirpro.donnees import registre
from avenirpro.donnees.historique import historique_eleve
from avenirpro.models import EntreeJournal

RAISON = "droit d'accès (RGPD, art. 15) demandé à la direction du lycée"
CONFIDENTIEL = (
    "(confidentiel : non lisible par la direction du lycée ; l'organisation du conseiller qui l'a écrit "
    "le communique à la famille sur demande)"
)

_EXPORTEURS: dict[type, Callable] = {}


def exporteur(modele):
    """Replace the default export of ``modele``'s rows: ``fonction(eleve) -> list[dict]``."""

    def decorer(fonction):
        _EXPORTEURS[modele] = fonction
        return fonction

    return decorer


def _texte(objet, champ) -> str:
    valeur = getattr(objet, champ.attname)
    if valeur in (None, "", []):
        return ""
    if champ.choices:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if champ.is_relation:
        lie = getattr(objet, champ.name, None)
        return str(lie) if lie is not None else ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime.datetime):
        return timezone.localtime(valeur).strftime("%d/%m/%Y %H:%M")
    if isinstance(valeur, datetime.date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, bytes | memoryview):
        return f"(fichier de {len(valeur)} octets)"
    if isinstance(valeur, list | dict):
        return ", ".join(map(str, valeur)) if isinstance(valeur, list) else str(valeur)
    return str(valeur)


def _valeur(p, declaration, objet, champ, masques: dict) -> str:
    if champ.name in declaration.confidentiels:
        if objet.pk not in masques:
            masques[objet.pk] = not declaration.peut_lire_confidentiel(p, objet)
        if masques[objet.pk]:
            return CONFIDENTIEL if getattr(objet, champ.attname) not in (None, "", []) else ""
    return _texte(objet, champ)


def _lignes(p, declaration, eleve) -> list[dict]:
    if declaration.modele in _EXPORTEURS:
        return _EXPORTEURS[declaration.modele](eleve)
    relations = [c.name for c in declaration.modele._meta.concrete_fields if c.many_to_one]
    qs = declaration.modele.objects.unscoped(RAISON).filter(**{declaration.chemin_eleves: eleve.pk})
    if relations:
        qs = qs.select_related(*relations)
    qs = qs.order_by("pk")
    masques: dict = {}
    return [
        {
            "objet": declaration.libelle_de(objet),
            "champs": [
                {
                    "champ": champ.name,
                    "libelle": str(champ.verbose_name),
                    "valeur": _valeur(p, declaration, objet, champ, masques),
                    "finalite": declaration.finalite_de(champ.name) or "",
                }
                for champ in declaration.champs_concrets()
                if champ.name != "id"
            ],
        }
        for objet in qs
    ]


def exporter(qui, eleve) -> dict:
    """Everything held about ``eleve`` (a dict ready for JSON and for the PDF's template)."""
    p = en_perimetre(qui)
    sections = []
    for declaration in registre.declarations():
        if not declaration.eleves:
            continue
        sections.append(
            {
                "modele": declaration.label,
                "nom": declaration.nom,
                "finalite": declaration.finalite,
                "conservation": declaration.duree,
                "destinataires": declaration.lecteurs(),
                "lignes": _lignes(p, declaration, eleve),
            }
        )
    lectures = [
        {
            "le": timezone.localtime(e.horodatage).strftime("%d/%m/%Y %H:%M"),
            "par": e.utilisateur_email,
            "organisation": e.organisation_nom,
            "role": e.get_role_display(),
            "nature": e.get_nature_display(),
            "ressource": e.ressource,
        }
        for e in EntreeJournal.objects.filter(eleves__contains=str(eleve.uuid)).order_by("-horodatage")[:1000]
    ]
    historique = [
        {
            "le": timezone.localtime(ev.date).strftime("%d/%m/%Y %H:%M"),
            "par": ev.auteur,
            "nature": ev.nature,
            "objet": ev.objet,
            "changements": [{"champ": c.champ, "avant": c.avant, "apres": c.apres} for c in ev.changements],
        }
        for ev in historique_eleve(qui, eleve)
    ]
    return {
        "eleve": {"uuid": str(eleve.uuid), "nom": str(eleve)},
        "genere_le": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        "responsable": (
            "Le lycée de l'élève, avec France Travail ou la mission locale qui l'accompagne, dans le cadre "
            "de la convention AvenirPro."
        ),
        "conservation_mois": settings.AVENIRPRO_CONSERVATION_MOIS,
        "donnees": sections,
        "historique": historique,
        "lectures": lectures,
        "droits": DROITS,
    }


DROITS = [
    "Accès : obtenir ce document (RGPD, art. 15).",
    "Rectification : demander au lycée de corriger une donnée inexacte (art. 16).",
    "Effacement : demander l'effacement, quand la loi le permet (art. 17) ; le lycée en garde le motif.",
    "Opposition et limitation (art. 21 et 18) ; réclamation auprès de la CNIL (www.cnil.fr).",
]
