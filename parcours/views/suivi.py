"""« Mes élèves » (the caseload): search, filters, sort, 50 per page; bulk invite and exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ateliers.perms import lycees_lisibles
from avenirpro import journal
from avenirpro.forms import options_html
from avenirpro.lignes import jour
from avenirpro.models import AnneeScolaire
from avenirpro.pagination import PaginatorParIds
from avenirpro.requetes import lien, lire_uuid
from lycees.enums import Diplome, ParcoursChoisi
from lycees.models import Division, Eleve
from parcours import exports, queries
from parcours.filters import ALERTES, SOLUTIONS, TRIS, SuiviFilter
from parcours.forms import PreferencesForm
from parcours.models import AlerteDecrochage, Permanence
from parcours.services import permanences as services_permanences
from parcours.services import rappels

PAR_PAGE = 50
MAX_SELECTION = 500


def _base(request):
    annee = AnneeScolaire.objects.courante()
    qs = queries.suivi_annote(request.perimetre, Eleve.objects.visible_to(request).filter(annee=annee))
    return annee, qs.select_related("division", "lycee")


def _filtre(request, qs):
    donnees = request.GET.copy()
    donnees.setdefault("tri", "nom")
    filtre = SuiviFilter(donnees, queryset=qs, request=request)
    if not filtre.is_valid():
        return filtre, qs.none()
    return filtre, filtre.qs


def _verifier_page(p):
    if not (p.est_conseiller or p.est_personnel_lycee):
        raise PermissionDenied("Cette page est celle des conseillers et des personnels des lycées.")


def mes_eleves(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    _verifier_page(p)
    annee, qs = _base(request)
    filtre, resultats = _filtre(request, qs)
    lycee = filtre.lycee_choisi()
    page = PaginatorParIds(resultats, PAR_PAGE).get_page(request.GET.get("page"))
    journal.noter(request, page.object_list, nature=journal.Nature.LISTE)
    lycees = list(
        lycees_lisibles(p).filter(pk__in=Division.objects.visible_to(p).filter(annee=annee).values("lycee"))
    )
    # The class filter's choices as tuples, rendered by ``options_html`` (a counsellor on 30 lycées has
    # ~300 classes); with their lycée when the list mixes several.
    avec_lycee = lycee is None and len(lycees) > 1
    classes = (
        Division.objects.visible_to(p)
        .filter(annee=annee, **({"lycee": lycee} if lycee else {}))
        .order_by(*(("lycee__nom",) if avec_lycee else ()), "nom")
        .values_list("uuid", "nom", "lycee__nom")
    )
    donnees = filtre.form.cleaned_data if filtre.form.is_valid() else {}
    options_classes = options_html(
        [(uuid, f"{nom} — {nom_lycee}" if avec_lycee else nom) for uuid, nom, nom_lycee in classes],
        donnees.get("division"),
    )
    alertes_ouvertes = AlerteDecrochage.objects.visible_to(p).ouvertes().filter(annee=annee).count()
    permanences = list(
        Permanence.objects.visible_to(p).filter(date__gte=timezone.localdate()).select_related("lycee")[:20]
    )
    return render(
        request,
        "parcours/mes_eleves.html",
        {
            "annee": annee,
            "page": page,
            "lignes": _lignes(page.object_list, plusieurs_lycees=len(lycees) > 1),
            "filtre": filtre,
            "donnees": donnees,
            "lycees": lycees,
            "lycee": lycee,
            "options_classes": options_classes,
            "diplomes": Diplome.choices,
            "parcours_choix": [c for c in ParcoursChoisi.choices if c[0]],
            "alertes_choix": ALERTES,
            "solutions_choix": SOLUTIONS,
            "tris": TRIS,
            "alertes_ouvertes": alertes_ouvertes,
            "permanences": permanences,
            "est_conseiller": p.est_conseiller,
        },
    )


def _lignes(eleves, *, plusieurs_lycees: bool) -> list[dict]:
    """The caseload's rows as plain values (``avenirpro.lignes``), links built from one reverse each."""
    vers_eleve, vers_entretien = lien("parcours:eleve"), lien("parcours:eleve_entretien")
    return [
        {
            "uuid": str(e.uuid),
            "url": f"{vers_eleve.avant}{e.uuid}{vers_eleve.apres}",
            "url_entretien": f"{vers_entretien.avant}{e.uuid}{vers_entretien.apres}",
            "nom": e.nom,
            "prenom": e.prenom,
            "classe": e.division.nom if e.division else "—",
            "lycee": e.lycee.nom if plusieurs_lycees else "",
            "themes": e.nb_themes,
            "dernier_entretien": jour(e.dernier_entretien) or "jamais",
            "alerte_ouverte": e.alerte_ouverte,
            "solution": e.get_solution_display(),
        }
        for e in eleves
    ]


@require_POST
def action_groupee(request: HttpRequest) -> HttpResponse:
    """The caseload's bulk actions on the ticked students: export (CSV, XLSX), invite to a slot."""
    _verifier_page(request.perimetre)
    _annee, qs = _base(request)
    uuids = [u for u in (lire_uuid(v) for v in request.POST.getlist("eleves")[:MAX_SELECTION]) if u]
    action = request.POST.get("action")
    selection = list(qs.filter(uuid__in=uuids).order_by(*queries.TRIS["nom"]))
    if not selection:
        messages.error(request, "Cochez au moins un élève de la liste.")
        return redirect(reverse("parcours:mes_eleves"))
    if action in ("csv", "xlsx"):
        journal.noter(request, selection, nature=journal.Nature.EXPORT)
        nom = f"eleves-{timezone.localdate():%Y-%m-%d}"
        return (
            exports.reponse_csv(selection, nom) if action == "csv" else exports.reponse_xlsx(selection, nom)
        )
    if action == "inviter":
        permanence = (
            Permanence.objects.visible_to(request)
            .filter(uuid=lire_uuid(request.POST.get("permanence")))
            .first()
        )
        if permanence is None:
            messages.error(request, "Choisissez une permanence à venir.")
            return redirect(reverse("parcours:mes_eleves"))
        libres = [
            h
            for h in services_permanences.creneaux(permanence)
            if h not in services_permanences.reservations(permanence)
        ]
        faits, refus = 0, []
        for eleve, heure in zip(selection, libres, strict=False):
            try:
                services_permanences.reserver(request, permanence, eleve, heure)
                faits += 1
            except (ValidationError, PermissionDenied) as e:
                refus.append(f"{eleve} : {' '.join(getattr(e, 'messages', [str(e)]))}")
        if len(selection) > len(libres):
            refus.append(f"{len(selection) - len(libres)} élève(s) sans créneau libre.")
        messages.success(
            request, f"{faits} élève(s) invité(s) à la permanence du {permanence.date:%d/%m/%Y}."
        )
        for r in refus[:10]:
            messages.warning(request, r)
        return redirect(reverse("parcours:permanence", args=[permanence.uuid]))
    messages.error(request, "Action inconnue.")
    return redirect(reverse("parcours:mes_eleves"))


def preferences(request: HttpRequest) -> HttpResponse:
    """« Mon profil » → reminders on or off."""
    form = PreferencesForm(
        request.POST or None, initial={"rappels_actifs": str(rappels.rappels_actifs(request.user))}
    )
    if request.method == "POST" and form.is_valid():
        rappels.regler_rappels(request.user, form.cleaned_data["rappels_actifs"])
        messages.success(request, "Vos préférences de rappels sont enregistrées.")
        return redirect(reverse("profil:index"))
    return render(request, "parcours/preferences.html", {"form": form})
