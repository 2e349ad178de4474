"""Pages of the FT/ML split: the list of lycées and their operator, assigning, naming counsellors, the gauge.

One list page, read by role: a regional pilot sees the région's lycées and assigns them; a national pilot
or a regional body reads them; an operator's administrator sees the lycées assigned to the organisation
and names their counsellors; a counsellor sees the lycées whose assignment names them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from avenirpro.enums import TypeOrganisation
from avenirpro.forms import options_html
from avenirpro.models import Academie, AnneeScolaire, RegionAcademique
from avenirpro.pagination import PaginatorParIds
from avenirpro.requetes import lien, objet_ou_404
from lycees import perms
from lycees.affectations import services
from lycees.affectations.forms import (
    AffectationForm,
    AffectationGroupeeForm,
    ConseillersForm,
    FiltreAffectationsForm,
)
from lycees.affectations.suites import ANNULER, REASSIGNER
from lycees.models import Affectation, Lycee

PAR_PAGE = 50


# --- Helpers --------------------------------------------------------------------------------------


def _annee(request: HttpRequest) -> tuple[AnneeScolaire, list[AnneeScolaire]]:
    """The year looked at (``?annee=2025``), the current one when absent or unknown."""
    annees = services.annees_proposees()
    annee = services.annee_choisie(request.GET.get("annee"), annees) or services.annee_choisie(None, annees)
    return annee, annees


def _annee_postee(request: HttpRequest) -> AnneeScolaire:
    """The year a change is made for: never guessed (a wrong year would assign the wrong rentrée)."""
    annee = services.annee_choisie(request.POST.get("annee"), services.annees_proposees())
    if annee is None or not request.POST.get("annee"):
        raise ValidationError("Année scolaire inconnue : rechargez la page et recommencez.")
    return annee


def _url_liste(annee: AnneeScolaire, suite: str | None = None, request: HttpRequest | None = None) -> str:
    liste = reverse("lycees:affectations")
    if (
        suite
        and request is not None
        and suite.startswith(liste)
        and url_has_allowed_host_and_scheme(suite, allowed_hosts={request.get_host()})
    ):
        return suite
    return f"{liste}?annee={annee.annee_debut}"


def _lycee_visible(request: HttpRequest, uuid) -> Lycee:
    return get_object_or_404(
        Lycee.objects.visible_to(request).select_related("organisation__region", "organisation__academie"),
        uuid=uuid,
    )


def _groupes_operateurs(operateurs) -> list[tuple[str, list]]:
    """Operators grouped by network, for the <optgroup>s of a select."""
    operateurs = list(operateurs)
    return [
        ("France Travail", [o for o in operateurs if o.type == TypeOrganisation.AGENCE_FT]),
        ("Missions locales", [o for o in operateurs if o.type == TypeOrganisation.MISSION_LOCALE]),
    ]


def _options_operateurs(groupes, selection) -> str:
    """The ``<optgroup>``s of ``_groupes_operateurs`` as HTML, ``selection`` (an uuid string) selected: a
    région's ~230 operators, on the list (the filter, the bulk assignment) and on a lycée's page."""
    return mark_safe(  # noqa: S308 (each piece comes from format_html or options_html, escaped)
        "".join(
            format_html(
                '<optgroup label="{}">{}</optgroup>',
                reseau,
                options_html(((o.uuid, o.nom) for o in operateurs), selection),
            )
            for reseau, operateurs in groupes
            if operateurs
        )
    )


def _lignes_lycees(page, annee) -> list[dict]:
    """The list's rows as plain values (``avenirpro.lignes``): each lycée with this year's assignment."""
    vers_affecter = lien("lycees:affecter_lycee")
    suite = f"?annee={annee.annee_debut}"
    lignes = []
    for lycee in page:
        affectation = lycee.affectations_annee[0] if lycee.affectations_annee else None
        operateur = affectation.operateur if affectation else None
        lignes.append(
            {
                "uuid": str(lycee.uuid),
                "nom": lycee.nom,
                "commune": lycee.commune,
                "uai": lycee.uai,
                "academie": lycee.organisation.academie.nom if lycee.organisation.academie else "—",
                "affecte": affectation is not None,
                "operateur": {"nom": operateur.nom, "type": operateur.type} if operateur else None,
                "nb_conseillers": affectation.nb_conseillers if affectation else "—",
                "url_affecter": f"{vers_affecter.avant}{lycee.uuid}{vers_affecter.apres}{suite}",
            }
        )
    return lignes


def _page(request: HttpRequest, queryset):
    return PaginatorParIds(queryset, PAR_PAGE).get_page(request.GET.get("page"))


def _noms(users) -> str:
    return ", ".join(str(u) for u in users)


def _choix_prevus(form, operateur) -> services.ChoixPrevus | None:
    """The posted choice for the planned séances; a counsellor uuid that is not one of the new operator's
    active counsellors is a 404 (nothing said of whose it is)."""
    action = form.cleaned_data.get("seances")
    if not action:
        return None
    conseiller = None
    if form.cleaned_data.get("conseiller"):
        conseiller = objet_ou_404(services.conseillers_possibles(operateur), form.cleaned_data["conseiller"])
    return services.ChoixPrevus(action=action, conseiller=conseiller)


def _confirmation(request: HttpRequest, contexte: dict, form=None, erreurs=(), status=200) -> HttpResponse:
    """The page that confirms an operator change: the counsellors who leave, and the planned séances
    they animate, with the choice of what becomes of them."""
    operateur = contexte["operateur"]
    nb_prevus = services.prevus_du_changement(contexte["changements"], contexte["annee"], operateur)
    donnees = form.data if form is not None and form.is_bound else {}
    return render(
        request,
        "lycees/affectations/confirmer.html",
        {
            **contexte,
            "nb_prevus": nb_prevus,
            "conseillers_nouveaux": list(services.conseillers_possibles(operateur)) if nb_prevus else [],
            "seances_choix": donnees.get("seances", ""),
            "conseiller_choisi": donnees.get("conseiller", ""),
            "reaffecter": REASSIGNER,
            "annuler": ANNULER,
            "erreurs": erreurs,
        },
        status=status,
    )


def _message_resultat(request: HttpRequest, resultat: services.ResultatAffectation, annee) -> None:
    a = resultat.affectation
    if resultat.cree:
        messages.success(request, f"« {a.lycee.nom} » est affecté à « {a.operateur.nom} » pour {annee}.")
    elif resultat.change:
        ancien = resultat.ancien_operateur.nom
        texte = f"« {a.lycee.nom} » passe de « {ancien} » à « {a.operateur.nom} » pour {annee}."
        if resultat.conseillers_retires:
            texte += (
                f" Conseillers retirés du lycée : {_noms(resultat.conseillers_retires)}. "
                f"L'administrateur de « {a.operateur.nom} » désigne désormais ses conseillers."
            )
        texte += _texte_prevus(resultat.prevus_reaffectes, resultat.prevus_annules)
        messages.success(request, texte)
    else:
        messages.info(request, f"« {a.lycee.nom} » était déjà affecté à « {a.operateur.nom} » pour {annee}.")


def _texte_prevus(reaffectes: int, annules: int) -> str:
    n, fin = (reaffectes, "confiée{s} au conseiller choisi") if reaffectes else (annules, "annulée{s}")
    if not n:
        return ""
    s = "s" if n > 1 else ""
    return f" {n} séance{s} prévue{s} " + fin.format(s=s) + "."


# --- The list -------------------------------------------------------------------------------------


@require_GET
def affectations(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    annee, annees = _annee(request)
    if p.organisation is not None and p.organisation.est_operateur:
        page = _page(request, services.affectations_de_l_operateur(request, annee))
        return render(
            request,
            "lycees/affectations/operateur.html",
            {
                "annee": annee,
                "annees": annees,
                "page_obj": page,
                "organisation": p.organisation,
                "peut_designer": p.est_administrateur,
            },
        )

    regions, academies, operateurs = [], [], []
    if p.organisation is not None and p.organisation.type in TypeOrganisation.regionaux():
        academies = list(Academie.objects.filter(region_id=p.organisation.region_id).order_by("nom"))
        operateurs = list(
            services.operateurs_de_la_region(p.organisation.region_id).only("uuid", "nom", "type")
        )
    elif p.est_pilote_national:
        regions = list(RegionAcademique.objects.order_by("nom"))
        academies = list(Academie.objects.order_by("nom"))
    filtres = FiltreAffectationsForm(
        request.GET, regions=regions, academies=academies, operateurs=operateurs
    ).valeurs()
    page = _page(request, services.lycees_a_repartir(request, annee, **filtres))
    groupes = _groupes_operateurs(operateurs)
    peut_repartir = p.est_pilote_regional
    return render(
        request,
        "lycees/affectations/liste.html",
        {
            "annee": annee,
            "annees": annees,
            "page_obj": page,
            "lignes": _lignes_lycees(page, annee),
            "filtres": filtres,
            "regions": regions,
            "academies": academies,
            "options_operateurs_filtre": _options_operateurs(groupes, filtres.get("operateur")),
            "options_operateurs": _options_operateurs(groupes, None) if peut_repartir else "",
            "peut_repartir": peut_repartir,
            "peut_voir_jauge": services.peut_voir_jauge(request),
            "filtre_ft": services.FILTRE_FT,
            "filtre_ml": services.FILTRE_ML,
            "filtre_non_affecte": services.FILTRE_NON_AFFECTE,
        },
    )


# --- Assigning one lycée ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def affecter_lycee(request: HttpRequest, uuid) -> HttpResponse:
    lycee = _lycee_visible(request, uuid)
    if not perms.peut_affecter(request.perimetre, lycee):
        raise PermissionDenied("Seuls les pilotes régionaux de la région académique du lycée l'affectent.")
    operateurs = services.operateurs_de_la_region(lycee.organisation.region_id)
    if request.method == "POST":
        try:
            annee = _annee_postee(request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("lycees:affecter_lycee", uuid=lycee.uuid)
    else:
        annee, _ = _annee(request)
    affectation = services.affectation_du_lycee(lycee, annee)
    form = AffectationForm(
        request.POST if request.method == "POST" else None,
        operateurs=operateurs,
        initial={"operateur": affectation.operateur if affectation else None},
    )
    if form.is_bound and form.is_valid():
        operateur = form.cleaned_data["operateur"]
        change = affectation is not None and affectation.operateur_id != operateur.pk
        confirmation = {
            "lycee": lycee,
            "annee": annee,
            "changements": [affectation],
            "operateur": operateur,
            "action": reverse("lycees:affecter_lycee", kwargs={"uuid": lycee.uuid}),
            "retour": reverse("lycees:affecter_lycee", kwargs={"uuid": lycee.uuid})
            + f"?annee={annee.annee_debut}",
            "lycees_uuid": [],
        }
        if change and not form.cleaned_data["confirmer"]:
            return _confirmation(request, confirmation)
        try:
            resultat = services.affecter_lycee(
                request, lycee, annee, operateur, _choix_prevus(form, operateur)
            )
        except ValidationError as exc:
            if change:
                return _confirmation(request, confirmation, form, exc.messages, status=400)
            form.add_error(None, exc.messages)
        else:
            _message_resultat(request, resultat, annee)
            return redirect(_url_liste(annee))
    selection = (
        request.POST.get("operateur", "")
        if form.is_bound
        else (str(affectation.operateur.uuid) if affectation else "")
    )
    groupes = _groupes_operateurs(operateurs)
    return render(
        request,
        "lycees/affectations/lycee.html",
        {
            "lycee": lycee,
            "annee": annee,
            "affectation": affectation,
            "form": form,
            "a_des_operateurs": any(liste for _reseau, liste in groupes),
            "options_operateurs": _options_operateurs(groupes, selection),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def retirer_affectation(request: HttpRequest, uuid) -> HttpResponse:
    lycee = _lycee_visible(request, uuid)
    if not perms.peut_affecter(request.perimetre, lycee):
        raise PermissionDenied("Seuls les pilotes régionaux de la région académique du lycée l'affectent.")
    if request.method == "POST":
        try:
            annee = _annee_postee(request)
            affectation = services.retirer_affectation(request, lycee, annee)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("lycees:affecter_lycee", uuid=lycee.uuid)
        messages.success(
            request,
            f"« {lycee.nom} » n'est plus affecté à « {affectation.operateur.nom} » pour {annee} : "
            "il apparaît comme non affecté.",
        )
        return redirect(_url_liste(annee))
    annee, _ = _annee(request)
    affectation = services.affectation_du_lycee(lycee, annee)
    if affectation is None:
        messages.info(request, f"« {lycee.nom} » n'est affecté à aucun opérateur pour {annee}.")
        return redirect(_url_liste(annee))
    return render(
        request,
        "lycees/affectations/retirer.html",
        {"lycee": lycee, "annee": annee, "affectation": affectation},
    )


# --- Assigning several lycées -----------------------------------------------------------------------


@require_POST
def affecter_lycees(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    if not p.est_pilote_regional:
        raise PermissionDenied("Seuls les pilotes régionaux répartissent les lycées de leur région.")
    try:
        annee = _annee_postee(request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("lycees:affectations")
    suite = _url_liste(annee, request.POST.get("suite"), request)
    form = AffectationGroupeeForm(
        request.POST,
        lycees=Lycee.objects.visible_to(request).select_related("organisation"),
        operateurs=services.operateurs_de_la_region(p.organisation.region_id),
    )
    if not form.is_valid():
        for erreurs in form.errors.values():
            for erreur in erreurs:
                messages.error(request, erreur)
        return redirect(suite)
    lycees, operateur = list(form.cleaned_data["lycees"]), form.cleaned_data["operateur"]
    changements = services.changements_prevus(lycees, annee, operateur)
    confirmation = {
        "annee": annee,
        "changements": changements,
        "operateur": operateur,
        "nombre": len(lycees),
        "action": reverse("lycees:affecter_lycees"),
        "retour": suite,
        "lycees_uuid": [str(lycee.uuid) for lycee in lycees],
    }
    if changements and not form.cleaned_data["confirmer"]:
        return _confirmation(request, confirmation)
    try:
        resultats = services.affecter_lycees(
            request, lycees, annee, operateur, _choix_prevus(form, operateur)
        )
    except ValidationError as exc:
        if changements:
            return _confirmation(request, confirmation, form, exc.messages, status=400)
        messages.error(request, " ".join(exc.messages))
        return redirect(suite)
    if len(resultats) == 1:
        _message_resultat(request, resultats[0], annee)
    else:
        retires = [u for r in resultats for u in r.conseillers_retires]
        texte = f"{len(resultats)} lycées sont affectés à « {operateur.nom} » pour {annee}."
        if retires:
            texte += f" Conseillers retirés des lycées qui changent d'opérateur : {_noms(retires)}."
        texte += _texte_prevus(
            sum(r.prevus_reaffectes for r in resultats), sum(r.prevus_annules for r in resultats)
        )
        messages.success(request, texte)
    return redirect(suite)


# --- Naming counsellors -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def designer_conseillers(request: HttpRequest, uuid) -> HttpResponse:
    affectation = get_object_or_404(
        Affectation.objects.visible_to(request).select_related("lycee", "operateur", "annee"), uuid=uuid
    )
    if not perms.peut_designer_conseillers(request.perimetre, affectation):
        raise PermissionDenied("Seul l'administrateur de l'opérateur désigne les conseillers de ce lycée.")
    possibles = list(services.conseillers_possibles(affectation.operateur))
    form = ConseillersForm(
        request.POST if request.method == "POST" else None,
        conseillers=services.conseillers_possibles(affectation.operateur),
    )
    if form.is_bound and form.is_valid():
        try:
            services.designer_conseillers(request, affectation, form.cleaned_data["conseillers"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            noms = _noms(form.cleaned_data["conseillers"]) or "aucun"
            messages.success(request, f"Conseillers désignés pour « {affectation.lycee.nom} » : {noms}.")
            return redirect(_url_liste(affectation.annee))
    if form.is_bound:
        coches = set(request.POST.getlist("conseillers"))
    else:
        coches = {str(u.uuid) for u in affectation.conseillers.all()}
    return render(
        request,
        "lycees/affectations/conseillers.html",
        {
            "affectation": affectation,
            "form": form,
            "choix": [(u, str(u.uuid) in coches) for u in possibles],
        },
        status=400 if form.is_bound else 200,
    )


# --- The gauge --------------------------------------------------------------------------------------


@require_GET
def jauge(request: HttpRequest) -> HttpResponse:
    if not services.peut_voir_jauge(request):
        raise PermissionDenied("La répartition des lycées est suivie par les pilotes régionaux et nationaux.")
    annee, annees = _annee(request)
    return render(
        request,
        "lycees/affectations/jauge.html",
        {"jauge": services.jauge(request, annee), "annee": annee, "annees": annees},
    )


urlpatterns = [
    path("affectations/", affectations, name="affectations"),
    path("affectations/repartir/", affecter_lycees, name="affecter_lycees"),
    path("affectations/lycee/<uuid:uuid>/", affecter_lycee, name="affecter_lycee"),
    path("affectations/lycee/<uuid:uuid>/retirer/", retirer_affectation, name="retirer_affectation"),
    path("affectations/<uuid:uuid>/conseillers/", designer_conseillers, name="designer_conseillers"),
    path("affectations/repartition/", jauge, name="jauge"),
]
