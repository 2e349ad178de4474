"""Pages of the indicators: the figures of one's scope, the « Remontées » (list, one return, its three
files, validate and transmit, compile by hand). Pilots only; counts only, never a name."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from avenirpro import journal
from avenirpro.forms import ajouter_erreurs
from avenirpro.models import AnneeScolaire, RegionAcademique
from indicateurs import corrections, documents, perms, services
from indicateurs.calcul import PorteeIntrouvable, Source, calculer
from indicateurs.definitions import DEFINITIONS, PAR_CODE, Fenetre, Niveau, Unite, prochaine_echeance
from indicateurs.forms import CompilerForm, IndicateursForm, NotesComiteForm
from indicateurs.models import NoteComite, Remontee
from indicateurs.qualite import controler

PAR_PAGE = 50
RESEAUX = (("france_travail", "France Travail"), ("missions_locales", "Missions locales"))


def _pilote(request: HttpRequest):
    p = request.perimetre
    if not (p.est_pilote_national or p.est_pilote_regional):
        raise Http404
    return p


def _lecteur(request: HttpRequest):
    """The indicators page: pilots, and an operator's counsellors or a lycée's direction for their own."""
    p = request.perimetre
    if p.est_pilote_national or p.est_pilote_regional or p.est_conseiller or p.est_direction_lycee:
        return p
    raise Http404


def _choix_portees(p) -> list[tuple[str, str]]:
    """The scopes a pilot compiles returns for: national, networks and every région (national pilots),
    their own région (regional pilots); anyone else, their own operator or lycée."""
    if not (p.est_pilote_national or p.est_pilote_regional):
        portee = perms.portee_par_defaut(p)
        return [(str(portee), p.organisation.nom)] if portee else []
    if p.est_pilote_national:
        libelles = dict(RegionAcademique.objects.values_list("code", "nom"))
        return [
            (
                str(portee),
                "France entière"
                if portee.niveau == Niveau.NATIONAL
                else {
                    "france_travail": "Réseau France Travail",
                    "missions_locales": "Réseau des missions locales",
                }.get(portee.cle, f"Région académique {libelles.get(portee.cle, portee.cle)}"),
            )
            for portee in services.portees_des_remontees()
        ]
    return [(f"region:{p.organisation.region.code}", f"Région académique {p.organisation.region.nom}")]


# --- Indicateurs -----------------------------------------------------------------------------------


def lignes_indicateurs(resultat: dict) -> list[dict]:
    """The figures of a result as table rows (label, total, unit, definition)."""
    lignes = []
    for d in DEFINITIONS:
        valeurs = resultat["indicateurs"].get(d.code)
        if valeurs is None:
            continue
        lignes.append(
            {
                "definition": d,
                "total": valeurs["total"],
                "unite": {Unite.MINUTES: "min", Unite.JOURS: "jours", Unite.POURCENTAGE: "%"}.get(
                    d.unite, ""
                ),
                "france_travail": valeurs.get("par_reseau", {}).get("france_travail"),
                "missions_locales": valeurs.get("par_reseau", {}).get("missions_locales"),
            }
        )
    return lignes


@require_http_methods(["GET", "HEAD"])
def indicateurs(request: HttpRequest) -> HttpResponse:
    p = _lecteur(request)
    try:
        resolue = perms.portee_pour(p, request.GET.get("perimetre"))
    except PorteeIntrouvable:
        raise Http404 from None
    form = IndicateursForm(request.GET or None)
    aujourd_hui = timezone.localdate()
    debut_annee = AnneeScolaire.date_debut_pour(aujourd_hui)
    resultat, a_jour_le, recomptees_minutes = None, None, None
    if form.is_bound and form.is_valid() and (form.cleaned_data["du"] or form.cleaned_data["au"]):
        fenetre = Fenetre(form.cleaned_data["du"] or debut_annee, form.cleaned_data["au"] or aujourd_hui)
        resultat = calculer(Source.pour(p), resolue, fenetre)
        resultat = {**resultat, "qualite": controler(resolue, fenetre, resultat)}
    elif not form.is_bound or form.is_valid():
        resultat, a_jour_le, recomptees_minutes = services.chiffres_de_l_annee(p, resolue, aujourd_hui)
    graphique = None
    if resultat is not None:
        beneficiaires = resultat["indicateurs"]["lyceens_beneficiaires"]
        graphique = documents.barres_svg(
            [(libelle, beneficiaires["par_reseau"].get(c, 0)) for c, libelle in RESEAUX],
            "Lycéens bénéficiaires par réseau",
        )
    tendance = _tendance(resultat.get("tendance")) if resultat else []
    echeance = prochaine_echeance(aujourd_hui)
    notes = NoteComite.objects.filter(echeance=echeance).select_related("region").order_by("region__nom")
    form_notes = None
    if p.est_pilote_regional:
        note = notes.filter(region=p.organisation.region_id).first()
        form_notes = NotesComiteForm(
            initial={
                "echeance": echeance,
                "difficultes": note.difficultes if note else "",
                "bonnes_pratiques": note.bonnes_pratiques if note else "",
            }
        )
    return render(
        request,
        "indicateurs/indicateurs.html",
        {
            "echeance": echeance,
            "form_notes": form_notes,
            "notes": list(notes) if p.est_pilote_national else [],
            "pilote": p.est_pilote_national or p.est_pilote_regional,
            "portee": resolue,
            "form": form,
            "resultat": resultat,
            "lignes": lignes_indicateurs(resultat) if resultat else [],
            "a_jour_le": a_jour_le,
            "recomptees_minutes": recomptees_minutes,
            "graphique": graphique,
            "choix": _choix_portees(p),
            "peut_corriger": corrections.peut_corriger(p),
            "tendance": tendance,
            "reperes": services.reperes(resultat) if resultat else None,
            "regions": services.regions_comparees(resultat) if resultat and p.est_pilote_national else None,
            "codes_compares": [PAR_CODE[c] for c in services.CODES_COMPARES],
            "mois": MOIS_COURTS,
        },
    )


MOIS_COURTS = (
    "sept.",
    "oct.",
    "nov.",
    "déc.",
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
)


def _tendance(tendance: dict | None) -> list[dict]:
    """The dashboard's month-by-month series (kept by the job): per indicator, a chart and its table."""
    if not tendance:
        return []
    sortie = []
    for code, libelle in services.SERIES_MENSUELLES.items():
        series = tendance["series"].get(code, {})
        lignes = [(f"{a}-{int(a) + 1}", series.get(a, [])) for a in tendance["annees"]]
        sortie.append(
            {
                "code": code,
                "libelle": libelle,
                "lignes": lignes,
                "svg": documents.courbes_svg(list(MOIS_COURTS), lignes, f"{libelle}, mois par mois"),
            }
        )
    return sortie


@require_POST
def notes_comite(request: HttpRequest) -> HttpResponse:
    p = _pilote(request)
    form = NotesComiteForm(request.POST)
    if form.is_valid():
        try:
            services.enregistrer_notes(
                p,
                form.cleaned_data["echeance"],
                form.cleaned_data["difficultes"],
                form.cleaned_data["bonnes_pratiques"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Notes du comité régional enregistrées.")
    else:
        for erreurs in form.errors.values():
            for message in erreurs:
                messages.error(request, message)
    return redirect("indicateurs:indicateurs")


# --- Données à compléter (the data-quality lists) ----------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def a_completer(request: HttpRequest) -> HttpResponse:
    """An operator's counsellors and a lycée's direction: their own records the data-quality check counts,
    each with a link to the page where it is fixed."""
    p = request.perimetre
    if not corrections.peut_corriger(p):
        raise Http404
    listes = corrections.listes(p, timezone.localdate())
    for liste in listes:
        if liste.code != "seances":
            journal.noter(request, liste.lignes, nature=journal.Nature.LISTE)
    return render(request, "indicateurs/a_completer.html", {"listes": listes, "limite": corrections.LIMITE})


# --- Remontées -------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def remontees(request: HttpRequest) -> HttpResponse:
    p = _pilote(request)
    choix = _choix_portees(p)
    form = CompilerForm(request.POST or None, choix=choix)
    if request.method == "POST" and form.is_valid():
        try:
            resolue = perms.portee_pour(p, form.cleaned_data["perimetre"])
            remontee, cree = services.compiler_remontee(
                resolue.portee,
                form.cleaned_data["echeance"],
                demandeur=request.user,
                type=form.cleaned_data["type"],
            )
        except PorteeIntrouvable as exc:
            form.add_error("perimetre", str(exc))
        except ValidationError as exc:
            ajouter_erreurs(form, exc)
        else:
            messages.success(
                request,
                f"Version {remontee.version} compilée."
                if cree
                else "Rien n'a changé : la dernière version reste.",
            )
            return redirect("indicateurs:remontee", uuid=remontee.uuid)
    page = Paginator(
        perms.remontees_visibles(p).select_related("validee_par", "transmise_par"), PAR_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "indicateurs/remontees.html", {"page": page, "form": form})


@require_http_methods(["GET", "HEAD"])
def remontee(request: HttpRequest, uuid) -> HttpResponse:
    _pilote(request)
    objet, droits = perms.get_remontee_for_user(request, uuid)
    return render(
        request,
        "indicateurs/remontee.html",
        {
            "remontee": objet,
            "droits": droits,
            "entete": documents.entete(objet),
            "lignes": lignes_indicateurs(objet.chiffres["annee"]),
            "lignes_periode": lignes_indicateurs(objet.chiffres["periode"])
            if "periode" in objet.chiffres
            else [],
            "autres_versions": Remontee.objects.filter(
                type=objet.type, niveau=objet.niveau, cle=objet.cle, echeance=objet.echeance
            ).exclude(pk=objet.pk),
        },
    )


def _etape(request: HttpRequest, uuid, etape) -> HttpResponse:
    p = _pilote(request)
    objet, _ = perms.get_remontee_for_user(request, uuid)
    try:
        etape(p, objet)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "C'est fait.")
    return redirect("indicateurs:remontee", uuid=objet.uuid)


@require_POST
def remontee_valider(request: HttpRequest, uuid) -> HttpResponse:
    return _etape(request, uuid, services.valider_remontee)


@require_POST
def remontee_transmettre(request: HttpRequest, uuid) -> HttpResponse:
    return _etape(request, uuid, services.transmettre_remontee)


@require_http_methods(["GET", "HEAD"])
def remontee_fichier(request: HttpRequest, uuid, extension: str) -> HttpResponse:
    _pilote(request)
    objet, _ = perms.get_remontee_for_user(request, uuid)
    type_mime, produire = documents.FORMATS[extension]
    reponse = HttpResponse(produire(objet), content_type=type_mime)
    reponse["Content-Disposition"] = content_disposition_header(
        extension != "pdf", f"{objet.nom_fichier}.{extension}"
    )
    return reponse
