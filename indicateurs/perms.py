"""Who sees which figures and returns. This app holds no personal data: it has no grant of its own; it
reads the other apps through their count-only grants (``accorde_agregats``).

- national pilots: every scope and every return;
- regional pilots: their région académique, its académies, lycées and operators; the returns of their
  région;
- an operator's members (agence France Travail, mission locale): their own operator's figures;
- a lycée's staff: their lycée's figures;
- anyone else: nothing. An unreadable scope answers as an unknown one (404 / « introuvable »).
"""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from avenirpro.access import Droits, Perimetre, en_perimetre
from avenirpro.requetes import objet_ou_404
from indicateurs.calcul import PorteeIntrouvable, PorteeResolue, resoudre
from indicateurs.definitions import Niveau, Portee
from indicateurs.models import Remontee, StatutRemontee
from indicateurs.services import est_valideur


@dataclass(frozen=True)
class DroitsRemontee(Droits):
    valider: bool = False
    transmettre: bool = False


def peut_voir_portee(p: Perimetre, r: PorteeResolue) -> bool:
    if not p.est_authentifie:
        return False
    if p.est_pilote_national:
        return True
    n = r.portee.niveau
    if p.est_pilote_regional:
        return n not in (Niveau.NATIONAL, Niveau.RESEAU) and r.region_id == p.organisation.region_id
    if p.organisation.est_operateur:
        return n == Niveau.OPERATEUR and r.pk == p.organisation.pk
    if p.est_personnel_lycee:
        return n == Niveau.LYCEE and r.pk == getattr(getattr(p.organisation, "lycee", None), "pk", None)
    return False


def portee_par_defaut(p: Perimetre) -> Portee | None:
    """The scope a user's pages open on: the country, their région, their operator or their lycée."""
    if p.est_pilote_national:
        return Portee()
    if p.est_pilote_regional and p.organisation.region_id:
        return Portee(Niveau.REGION, p.organisation.region.code)
    if p.est_authentifie and p.organisation.est_operateur:
        return Portee(Niveau.OPERATEUR, str(p.organisation.uuid))
    if p.est_personnel_lycee:
        return Portee(Niveau.LYCEE, str(p.organisation.lycee.uuid))
    return None


def portee_pour(qui, valeur: str | None) -> PorteeResolue:
    """The scope ``?perimetre=`` names, resolved, if ``qui`` may see it; ``PorteeIntrouvable`` otherwise
    (the same answer for an unknown scope and a foreign one)."""
    p = en_perimetre(qui)
    portee = Portee.lire(valeur) if valeur else portee_par_defaut(p)
    if portee is None:
        raise PorteeIntrouvable("Vous ne voyez aucun indicateur.")
    resolue = resoudre(portee)
    if not peut_voir_portee(p, resolue):
        raise PorteeIntrouvable("Ce périmètre est introuvable.")
    return resolue


def remontees_visibles(qui):
    p = en_perimetre(qui)
    if p.est_pilote_national:
        return Remontee.objects.all()
    if p.est_pilote_regional and p.organisation.region_id:
        return Remontee.objects.filter(Q(niveau=Niveau.REGION, cle=p.organisation.region.code))
    return Remontee.objects.none()


def get_remontee_for_user(request, uuid) -> tuple[Remontee, DroitsRemontee]:
    p = en_perimetre(request)
    remontee = objet_ou_404(remontees_visibles(p), uuid)
    valideur = est_valideur(p, remontee)
    return remontee, DroitsRemontee(
        valider=valideur and remontee.statut == StatutRemontee.COMPILEE,
        transmettre=valideur and remontee.statut == StatutRemontee.VALIDEE,
    )


def portee_ou_404(request, valeur):
    try:
        return portee_pour(request, valeur)
    except ValueError:
        raise Http404 from None
