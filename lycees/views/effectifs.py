"""Pages of the classes, the students and the roster import. Thin: reads go through ``visible_to`` and the
``get_*_for_user`` helpers (404 for outsiders), writes through lycees/services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from avenirpro import journal
from avenirpro.donnees import historique
from avenirpro.forms import ajouter_erreurs, options_html
from avenirpro.lignes import jour
from avenirpro.models import AnneeScolaire
from avenirpro.pagination import PaginatorParIds
from avenirpro.pdf import pdf_response, render_pdf
from avenirpro.requetes import annee_demandee, lien, lire_uuid
from lycees import forms, perms
from lycees.enums import FormatImport, StatutImport, StatutNotice
from lycees.filters import EleveFilter
from lycees.imports import LIGNES_MAX, SEUIL_SYNCHRONE, TAILLE_MAX_FICHIER
from lycees.models import (
    Division,
    Eleve,
    ImportEffectifs,
    Lycee,
    compter_effectifs,
)
from lycees.perms import get_division_for_user, get_eleve_for_user, get_import_for_user, get_notice_for_user
from lycees.recherche import ORDRE_ELEVES
from lycees.services import effectifs, imports, notices

PAR_PAGE = 50


def _donnees(request) -> tuple:
    """(data, files) of a POST, even empty (an empty POST is a bound form with errors), else (None, None)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _erreurs(e: ValidationError) -> list[str]:
    return e.messages


# --- context: school year, lycée ---------------------------------------------------------------


def _contexte(request: HttpRequest) -> dict:
    """Year selector, lycée selector (for counsellors serving several lycées), rights.

    A ``?lycee=`` the user cannot read is a 404, never a silent fallback to their own lycée."""
    p = request.perimetre
    annee = annee_demandee(request)
    lycees = list(Lycee.objects.visible_to(p).only("uuid", "nom", "uai"))
    lycee = None
    if request.GET.get("lycee", "").strip():
        # Among the lycées already listed for the selector: no second query, 404 when not one of them.
        demande = lire_uuid(request.GET["lycee"])
        lycee = next((lyc for lyc in lycees if lyc.uuid == demande), None)
        if lycee is None:
            raise Http404
    if lycee is None and p.est_personnel_lycee:
        lycee = next((lyc for lyc in lycees if lyc.pk == perms.lycee_id(p)), None)
    return {
        "annee": annee,
        "annees": list(AnneeScolaire.objects.order_by("-annee_debut")),
        "lycees": lycees,
        "lycee": lycee,
        "plusieurs_lycees": len(lycees) > 1,
        "peut_gerer": perms.peut_gerer_effectifs(p, perms.lycee_id(p)),
    }


def _filtrer_lycee(qs, ctx):
    return qs.filter(lycee=ctx["lycee"]) if ctx["lycee"] is not None else qs


# --- divisions ---------------------------------------------------------------------------------


@require_GET
def divisions(request: HttpRequest) -> HttpResponse:
    ctx = _contexte(request)
    qs = (
        _filtrer_lycee(Division.objects.visible_to(request), ctx)
        .filter(annee=ctx["annee"])
        .select_related("lycee")
        .order_by("lycee__nom", "nom")
    )
    page = PaginatorParIds(qs, PAR_PAGE).get_page(request.GET.get("page"))
    page.object_list = compter_effectifs(list(page.object_list))
    return render(request, "lycees/divisions.html", {**ctx, "page": page})


@require_http_methods(["GET", "POST"])
def division_creer(request: HttpRequest) -> HttpResponse:
    effectifs.lycee_gere(request)
    ctx = _contexte(request)
    form = forms.DivisionForm(_donnees(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            division = effectifs.creer_division(request, annee=ctx["annee"], **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, f"La classe {division.nom} est créée.")
            return redirect("lycees:division", uuid=division.uuid)
    return render(request, "lycees/division_form.html", {**ctx, "form": form, "division": None})


@require_GET
def division(request: HttpRequest, uuid) -> HttpResponse:
    division, droits = get_division_for_user(request, uuid)
    eleves = list(Eleve.objects.visible_to(request).filter(division=division).order_by(*ORDRE_ELEVES))
    journal.noter(request, eleves, nature=journal.Nature.LISTE)
    peut_gerer = droits.modifier
    return render(
        request,
        "lycees/division.html",
        {
            "division": division,
            "eleves": eleves,
            "peut_gerer": peut_gerer,
            "form_familles": forms.FamillesInformeesForm() if peut_gerer else None,
        },
    )


def _division_geree(request, uuid) -> Division:
    division, _droits = get_division_for_user(request, uuid)
    effectifs.verifier_gestion(request, division.lycee_id)
    return division


@require_http_methods(["GET", "POST"])
def division_modifier(request: HttpRequest, uuid) -> HttpResponse:
    division = _division_geree(request, uuid)
    initial = {"nom": division.nom, "diplome": division.diplome, "specialite": division.specialite}
    form = forms.DivisionForm(_donnees(request)[0], initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            effectifs.modifier_division(request, division, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, f"La classe {division.nom} est modifiée.")
            return redirect("lycees:division", uuid=division.uuid)
    return render(request, "lycees/division_form.html", {"form": form, "division": division})


@require_http_methods(["GET", "POST"])
def division_supprimer(request: HttpRequest, uuid) -> HttpResponse:
    division = _division_geree(request, uuid)
    erreurs = []
    if request.method == "POST":
        try:
            effectifs.supprimer_division(request, division)
        except ValidationError as e:
            erreurs = _erreurs(e)
        else:
            messages.success(request, f"La classe {division.nom} est supprimée.")
            return redirect(f"{reverse('lycees:divisions')}?annee={division.annee.annee_debut}")
    nb = Eleve.objects.visible_to(request).filter(division=division).count()
    return render(
        request,
        "lycees/division_supprimer.html",
        {"division": division, "nb_eleves": nb, "erreurs": erreurs},
        status=400 if erreurs else 200,
    )


@require_POST
def division_familles_informees(request: HttpRequest, uuid) -> HttpResponse:
    division = _division_geree(request, uuid)
    form = forms.FamillesInformeesForm(request.POST)
    if form.is_valid():
        try:
            n = effectifs.marquer_familles_informees(
                request, division, date=form.cleaned_data["date"], moyen=form.cleaned_data["moyen"]
            )
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(
                request,
                f"{n} famille{'s' if n > 1 else ''} de {division.nom} marquée{'s' if n > 1 else ''} comme "
                "informée" + ("s." if n > 1 else "."),
            )
            return redirect("lycees:division", uuid=division.uuid)
    eleves = list(Eleve.objects.visible_to(request).filter(division=division).order_by(*ORDRE_ELEVES))
    journal.noter(request, eleves, nature=journal.Nature.LISTE)
    return render(
        request,
        "lycees/division.html",
        {"division": division, "eleves": eleves, "peut_gerer": True, "form_familles": form},
        status=400,
    )


# --- notice for families (convention art. 5) ------------------------------------------------------


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    """The information notice for the families, without names (to print or put on the ENT)."""
    ctx = _contexte(request)
    lycee = ctx["lycee"]
    if lycee is None:
        lycee = ctx["lycees"][0] if len(ctx["lycees"]) == 1 else None
    if lycee is None:
        raise PermissionDenied("Choisissez un lycée.")
    contexte = {
        **notices.contexte_notice(lycee, ctx["annee"]),
        "eleves": [],
        "exemplaires": [None],
        "division": None,
    }
    pdf = render_pdf("lycees/notice_familles.html", contexte)
    return pdf_response(pdf, f"information-familles-avenirpro-{lycee.uai}.pdf")


@require_GET
def division_notice(request: HttpRequest, uuid) -> HttpResponse:
    """The notice once per student of the class (named, to hand out), then the list to tick. Longer than
    a page, it is prepared by a job: this page offers to start it (a GET writes nothing)."""
    division, _droits = get_division_for_user(request, uuid)
    eleves = Eleve.objects.visible_to(request).filter(division=division)
    nombre = eleves.count()
    if notices.en_tache(nombre):
        return render(request, "lycees/notice_preparer.html", {"division": division, "exemplaires": nombre})
    eleves = list(eleves.order_by(*ORDRE_ELEVES))
    journal.noter(request, eleves, nature=journal.Nature.PDF)
    contexte = {
        **notices.contexte_notice(division.lycee, division.annee),
        "division": division,
        "eleves": eleves,
        "exemplaires": eleves or [None],
    }
    pdf = render_pdf("lycees/notice_familles.html", contexte)
    return pdf_response(pdf, _nom_notice(division))


def _nom_notice(division: Division) -> str:
    return f"information-familles-{division.nom.replace(' ', '-')}.pdf"


@require_POST
def division_notice_preparer(request: HttpRequest, uuid) -> HttpResponse:
    division, _droits = get_division_for_user(request, uuid)
    notice = notices.demander_notice(request, division)
    return redirect("lycees:notice_familles", uuid=notice.uuid)


@require_GET
def notice_familles(request: HttpRequest, uuid) -> HttpResponse:
    """The notice being prepared: its progress, then the file."""
    return render(request, "lycees/notice_suivi.html", {"notice": get_notice_for_user(request, uuid)})


@require_GET
def notice_familles_progression(request: HttpRequest, uuid) -> HttpResponse:
    """The progress bar, polled every second by htmx; once the job ends, the page reloads."""
    notice = get_notice_for_user(request, uuid)
    response = render(request, "lycees/notice_suivi.html#progression", {"notice": notice})
    if not notice.est_en_traitement:
        response["HX-Refresh"] = "true"
    return response


@require_GET
def notice_familles_fichier(request: HttpRequest, uuid) -> HttpResponse:
    notice = get_notice_for_user(request, uuid)
    if notice.statut != StatutNotice.PRETE or notice.contenu is None:
        raise Http404
    eleves = list(Eleve.objects.visible_to(request).filter(division=notice.division).order_by(*ORDRE_ELEVES))
    journal.noter(request, eleves, nature=journal.Nature.PDF)
    return pdf_response(bytes(notice.contenu), _nom_notice(notice.division))


# --- élèves --------------------------------------------------------------------------------------


@require_GET
def eleves(request: HttpRequest) -> HttpResponse:
    ctx = _contexte(request)
    base = _filtrer_lycee(Eleve.objects.visible_to(request), ctx).filter(annee=ctx["annee"])
    # The class filter's choices, as tuples (a counsellor on 30 lycées has ~300 classes): rendered by
    # ``options_html``, not one template loop and two model instances per class.
    classes = (
        _filtrer_lycee(Division.objects.visible_to(request), ctx)
        .filter(annee=ctx["annee"])
        .order_by("lycee__nom", "nom")
        .values_list("uuid", "nom", "lycee__nom")
    )
    avec_lycee = ctx["plusieurs_lycees"] and ctx["lycee"] is None
    choix_classes = [(uuid, f"{nom} — {lycee}" if avec_lycee else nom) for uuid, nom, lycee in classes]
    # The lycée and the year are the page's context (above); the other filters are the API's own.
    demande = lire_uuid(request.GET.get("division"))
    if demande and not any(uuid == demande for uuid, _ in choix_classes):
        raise Http404
    donnees = {cle: request.GET[cle] for cle in ("division", "q", "famille") if request.GET.get(cle)}
    qs = EleveFilter(donnees, queryset=base, request=request).qs
    recherche = donnees.get("q", "").strip()[:100]
    famille = donnees.get("famille", "")
    # The counters come with the page's ids (one query: ``PaginatorParIds``'s windows)
    paginator = PaginatorParIds(
        qs.select_related("division", "lycee").order_by(*ORDRE_ELEVES),
        PAR_PAGE,
        totaux={"informees": Count("pk", filter=Q(famille_informee_le__isnull=False))},
    )
    page = paginator.get_page(request.GET.get("page"))
    comptes = {"total": paginator.count, **paginator.totaux}
    page.object_list = list(page.object_list)
    journal.noter(request, page.object_list, nature=journal.Nature.LISTE)
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "lycees/eleves.html",
        {
            **ctx,
            "page": page,
            "lignes": _lignes_eleves(page.object_list, avec_lycee),
            "comptes": comptes,
            "options_classes": options_html(choix_classes, demande),
            "recherche": recherche,
            "famille": famille,
            "parametres": parametres.urlencode(),
        },
    )


def _lignes_eleves(eleves, avec_lycee: bool) -> list[dict]:
    """The list's rows as plain values (``avenirpro.lignes``), their links built from one reverse each."""
    vers_eleve, vers_classe = lien("lycees:eleve"), lien("lycees:division")
    lignes = []
    for e in eleves:
        classe = e.division
        lignes.append(
            {
                "url": f"{vers_eleve.avant}{e.uuid}{vers_eleve.apres}",
                "nom": e.nom,
                "prenom": e.prenom,
                "classe": classe.nom if classe else "",
                "url_classe": f"{vers_classe.avant}{classe.uuid}{vers_classe.apres}" if classe else "",
                "lycee": e.lycee.nom if avec_lycee else "",
                "diplome": e.get_diplome_display(),
                "ne_le": jour(e.date_naissance),
                "famille": jour(e.famille_informee_le),
            }
        )
    return lignes


@require_GET
def eleve(request: HttpRequest, uuid) -> HttpResponse:
    eleve, droits = get_eleve_for_user(request, uuid)
    journal.noter(request, eleve)
    return render(
        request,
        "lycees/eleve.html",
        {
            "eleve": eleve,
            "peut_gerer": droits.modifier,
            "mineur": eleve.est_mineur_le(timezone.localdate()),
            "historique": historique.historique_eleve(request, eleve),
        },
    )


def _divisions_pour(user, lycee_id, annee):
    return Division.objects.visible_to(user).filter(lycee_id=lycee_id, annee=annee).order_by("nom")


@require_http_methods(["GET", "POST"])
def eleve_creer(request: HttpRequest) -> HttpResponse:
    lycee = effectifs.lycee_gere(request)
    ctx = _contexte(request)
    divisions_qs = _divisions_pour(request, lycee.pk, ctx["annee"])
    initial = {}
    if demandee := lire_uuid(request.GET.get("division")):
        initial["division"] = divisions_qs.filter(uuid=demandee).first()
    form = forms.EleveForm(_donnees(request)[0], divisions=divisions_qs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            nouveau = effectifs.creer_eleve(request, annee=ctx["annee"], **form.donnees_service())
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, f"{nouveau} est ajouté(e).")
            return redirect("lycees:eleve", uuid=nouveau.uuid)
    return render(request, "lycees/eleve_form.html", {**ctx, "form": form, "eleve": None})


@require_http_methods(["GET", "POST"])
def eleve_modifier(request: HttpRequest, uuid) -> HttpResponse:
    eleve, _droits = get_eleve_for_user(request, uuid)
    effectifs.verifier_gestion(request, eleve.lycee_id)
    journal.noter(request, eleve)
    divisions_qs = _divisions_pour(request, eleve.lycee_id, eleve.annee_id)
    initial = {champ: getattr(eleve, champ) for champ in effectifs.CHAMPS_ELEVE}
    if eleve.division and initial["specialite"] == eleve.division.specialite:
        initial["specialite"] = ""
    form = forms.EleveForm(_donnees(request)[0], divisions=divisions_qs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            effectifs.modifier_eleve(request, eleve, **form.donnees_service())
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, f"La fiche de {eleve} est enregistrée.")
            return redirect("lycees:eleve", uuid=eleve.uuid)
    return render(request, "lycees/eleve_form.html", {"form": form, "eleve": eleve})


@require_http_methods(["GET", "POST"])
def eleve_supprimer(request: HttpRequest, uuid) -> HttpResponse:
    eleve, _droits = get_eleve_for_user(request, uuid)
    effectifs.verifier_gestion(request, eleve.lycee_id)
    journal.noter(request, eleve)
    erreurs = []
    if request.method == "POST":
        division = eleve.division
        try:
            effectifs.supprimer_eleve(request, eleve)
        except ValidationError as e:
            erreurs = _erreurs(e)
        else:
            messages.success(request, f"{eleve} est supprimé(e).")
            if division is not None:
                return redirect("lycees:division", uuid=division.uuid)
            return redirect("lycees:eleves")
    return render(
        request,
        "lycees/eleve_supprimer.html",
        {"eleve": eleve, "erreurs": erreurs},
        status=400 if erreurs else 200,
    )


# --- import des effectifs --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def import_effectifs(request: HttpRequest) -> HttpResponse:
    lycee = effectifs.lycee_gere(request)
    form = forms.DepotForm(*_donnees(request))
    if request.method == "POST" and form.is_valid():
        try:
            imp = imports.deposer_fichier(request, form.cleaned_data["fichier"], form.annee_choisie())
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            if imp.statut == StatutImport.A_ASSOCIER:
                return redirect("lycees:import_colonnes", uuid=imp.uuid)
            return redirect("lycees:import_detail", uuid=imp.uuid)
    recents = (
        ImportEffectifs.objects.visible_to(request).filter(lycee=lycee).select_related("annee", "auteur")[:10]
    )
    return render(
        request,
        "lycees/import.html",
        {
            "form": form,
            "lycee": lycee,
            "recents": recents,
            "taille_max": TAILLE_MAX_FICHIER // 1024 // 1024,
            "lignes_max": LIGNES_MAX,
        },
        status=400 if form.errors else 200,
    )


def _import_gere(request, uuid) -> ImportEffectifs:
    imp, _droits = get_import_for_user(request, uuid)
    effectifs.verifier_gestion(request, imp.lycee_id)
    return imp


@require_http_methods(["GET", "POST"])
def import_colonnes(request: HttpRequest, uuid) -> HttpResponse:
    imp = _import_gere(request, uuid)
    if imp.format == FormatImport.SIECLE or imp.statut not in StatutImport.en_preparation():
        return redirect("lycees:import_detail", uuid=imp.uuid)
    entetes = imp.lecture.get("entetes", [])
    form = forms.CorrespondanceForm(
        _donnees(request)[0],
        entetes=entetes,
        initial_correspondance=imp.correspondance,
    )
    if request.method == "POST" and form.is_valid():
        try:
            imports.associer_colonnes(request, imp, form.correspondance())
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            return redirect("lycees:import_detail", uuid=imp.uuid)
    try:
        exemples = imports.exemples(imp)
    except ValidationError:
        exemples = []
    return render(
        request,
        "lycees/import_colonnes.html",
        {"imp": imp, "form": form, "entetes": entetes, "exemples": exemples},
        status=400 if form.errors else 200,
    )


def _contexte_import(imp, form=None, erreurs=None, classes=()) -> dict:
    return {
        "imp": imp,
        "form": form if form is not None else forms.ChoixDivisionsForm(imp=imp, classes=classes),
        "erreurs_confirmation": erreurs or [],
        "progression": imports.progression(imp),
        "seuil_synchrone": SEUIL_SYNCHRONE,
    }


@require_GET
def import_detail(request: HttpRequest, uuid) -> HttpResponse:
    imp = _import_gere(request, uuid)
    classes = imports.classes_rattachables(request, imp) if imp.statut == StatutImport.A_VALIDER else ()
    return render(request, "lycees/import_detail.html", _contexte_import(imp, classes=classes))


@require_POST
def import_confirmer(request: HttpRequest, uuid) -> HttpResponse:
    imp = _import_gere(request, uuid)
    form = forms.ChoixDivisionsForm(request.POST, imp=imp, classes=imports.classes_rattachables(request, imp))
    erreurs = []
    if form.is_valid():
        try:
            imp = imports.confirmer_import(request, imp, form.choix())
        except ValidationError as e:
            erreurs = _erreurs(e)
        else:
            if imp.statut == StatutImport.TERMINE:
                messages.success(request, "Import terminé.")
            return redirect("lycees:import_detail", uuid=imp.uuid)
    return render(request, "lycees/import_detail.html", _contexte_import(imp, form, erreurs), status=400)


@require_POST
def import_annuler(request: HttpRequest, uuid) -> HttpResponse:
    imp = _import_gere(request, uuid)
    try:
        imports.annuler_import(request, imp)
    except ValidationError as e:
        messages.error(request, " ".join(_erreurs(e)))
    else:
        messages.info(request, "Import annulé : le fichier déposé est supprimé.")
    return redirect("lycees:import")


@require_GET
def import_progression(request: HttpRequest, uuid) -> HttpResponse:
    """The progress bar, polled every second by htmx; once the job ends, the page reloads."""
    imp = _import_gere(request, uuid)
    response = render(request, "lycees/import_detail.html#progression", _contexte_import(imp))
    if not imp.est_en_traitement:
        response["HX-Refresh"] = "true"
    return response


urlpatterns = [
    path("classes/", divisions, name="divisions"),
    path("classes/nouvelle/", division_creer, name="division_creer"),
    path("classes/<uuid:uuid>/", division, name="division"),
    path("classes/<uuid:uuid>/modifier/", division_modifier, name="division_modifier"),
    path("classes/<uuid:uuid>/supprimer/", division_supprimer, name="division_supprimer"),
    path(
        "classes/<uuid:uuid>/familles-informees/",
        division_familles_informees,
        name="division_familles_informees",
    ),
    path("classes/<uuid:uuid>/information-familles.pdf", division_notice, name="division_notice"),
    path(
        "classes/<uuid:uuid>/information-familles/preparer/",
        division_notice_preparer,
        name="division_notice_preparer",
    ),
    # The job's uuid (its own family in tests/test_matrice_acces.py).
    path("information-familles/<uuid:uuid>/", notice_familles, name="notice_familles"),
    path(
        "information-familles/<uuid:uuid>/progression/",
        notice_familles_progression,
        name="notice_familles_progression",
    ),
    path(
        "information-familles/<uuid:uuid>/notice.pdf", notice_familles_fichier, name="notice_familles_fichier"
    ),
    path("information-familles.pdf", notice, name="notice"),
    path("eleves/", eleves, name="eleves"),
    path("eleves/nouveau/", eleve_creer, name="eleve_creer"),
    path("eleves/<uuid:uuid>/", eleve, name="eleve"),
    path("eleves/<uuid:uuid>/modifier/", eleve_modifier, name="eleve_modifier"),
    path("eleves/<uuid:uuid>/supprimer/", eleve_supprimer, name="eleve_supprimer"),
    path("import/", import_effectifs, name="import"),
    path("import/<uuid:uuid>/", import_detail, name="import_detail"),
    path("import/<uuid:uuid>/colonnes/", import_colonnes, name="import_colonnes"),
    path("import/<uuid:uuid>/confirmer/", import_confirmer, name="import_confirmer"),
    path("import/<uuid:uuid>/annuler/", import_annuler, name="import_annuler"),
    path("import/<uuid:uuid>/progression/", import_progression, name="import_progression"),
]
