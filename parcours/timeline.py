"""The student's timeline: workshops attended, events, interviews, alerts, restitutions, outcome. Each
kind is read through its own grant (``visible_to``): what one is not allowed to see is not fetched, and
the template only lays out what it is given. A fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from ateliers.enums import StatutSeance
from ateliers.models import Evenement, Presence
from lycees.models import Eleve
from parcours import perms
from parcours.models import AlerteDecrochage, Entretien, Restitution


@dataclass
class Fait:
    date: datetime.date
    nature: str  # atelier, evenement, entretien, alerte, restitution, fin_annee
    titre: str
    objet: object = None
    details: list[str] = field(default_factory=list)
    note: str = ""  # confidential notes: only set when the policy gives them


def chronologie(p, eleve: Eleve) -> tuple[list[Fait], dict]:
    """The facts, latest first, and the objects read (for the access log)."""
    faits: list[Fait] = []
    presences = list(
        Presence.objects.visible_to(p)
        .filter(eleve=eleve, present=True, seance__statut=StatutSeance.REALISEE)
        .select_related("seance")
        .order_by("seance__date")
    )
    for pr in presences:
        faits.append(Fait(pr.seance.date, "atelier", f"Atelier : {pr.seance.get_theme_display()}", pr.seance))
    evenements = list(
        Evenement.objects.visible_to(p).filter(eleves=eleve).order_by("date") if p.est_authentifie else []
    )
    for ev in evenements:
        faits.append(Fait(ev.date, "evenement", f"{ev.get_type_display()} : {ev.titre}", ev))
    entretiens = list(
        Entretien.objects.visible_to(p).filter(eleve=eleve).select_related("conseiller").order_by("date")
    )
    notes = perms.notes_lisibles(p, entretiens)
    for e in entretiens:
        fait = Fait(
            e.date,
            "entretien",
            f"Entretien ({e.get_modalite_display().lower()}) — {e.get_statut_display().lower()}",
            e,
            details=e.libelles_besoins(),
        )
        if e.pk in notes:
            fait.note = notes[e.pk].texte
        faits.append(fait)
    alertes = list(AlerteDecrochage.objects.visible_to(p).filter(eleve=eleve).prefetch_related("suivis"))
    for a in alertes:
        faits.append(Fait(a.cree_le.date(), "alerte", f"Alerte décrochage : {a.get_motif_display()}", a))
    restitutions = list(Restitution.objects.visible_to(p).filter(eleve=eleve).select_related("referent"))
    for r in restitutions:
        faits.append(Fait(r.cree_le.date(), "restitution", f"Restitution : {r.get_statut_display()}", r))
    if eleve.solution and eleve.solution_le:
        faits.append(
            Fait(eleve.solution_le, "fin_annee", f"Fin d'année : {eleve.get_solution_display()}", eleve)
        )
    faits.sort(key=lambda f: f.date, reverse=True)
    return faits, {"entretiens": entretiens, "alertes": alertes, "restitutions": restitutions}
