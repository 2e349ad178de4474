"""« Administration de la plateforme »: pages of the platform's staff (``is_staff`` with MFA); 404 for
anyone else. Views are thin: every step is a function of ``avenirpro.plateforme.services``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from avenirpro import plateforme
from avenirpro.comptes.services import invitations_en_attente
from avenirpro.enums import TypeOrganisation
from avenirpro.forms import ajouter_erreurs
from avenirpro.models import ImportAnnuaire, Membership, Organisation
from avenirpro.plateforme import services
from avenirpro.plateforme.forms import FichierAnnuaireForm, FiltreOrganisationsForm, InvitationResponsableForm


def accueil(request: HttpRequest) -> HttpResponse:
    services.verifier_personnel(request)
    par_type = dict(Organisation.objects.values_list("type").annotate(n=Count("pk")).values_list("type", "n"))
    return render(
        request,
        "plateforme/accueil.html",
        {
            "importeurs": plateforme.importeurs(),
            "comptages": [(label, par_type.get(valeur, 0)) for valeur, label in TypeOrganisation.choices],
            "imports": ImportAnnuaire.objects.select_related("auteur")[:10],
        },
    )


@require_POST
def creer_instances(request: HttpRequest) -> HttpResponse:
    nombre = services.creer_instances_territoriales(request)
    if nombre:
        messages.success(request, f"Instances régionales et nationales créées : {nombre}.")
    else:
        messages.info(
            request, "Toutes les instances régionales et nationales existent déjà : rien n'a été créé."
        )
    return redirect("plateforme:accueil")


def import_nouveau(request: HttpRequest, nature: str) -> HttpResponse:
    services.verifier_personnel(request)
    importeur = services.importeur_de(nature)
    form = FichierAnnuaireForm(request.POST or None, request.FILES or None)
    statut = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                imp = services.deposer(request, nature, form.cleaned_data["fichier"])
            except ValidationError as e:
                form.add_error("fichier", e)
            else:
                return redirect("plateforme:import", imp.uuid)
        statut = 400
    return render(
        request, "plateforme/import_nouveau.html", {"form": form, "importeur": importeur}, status=statut
    )


def _contexte_import(imp: ImportAnnuaire, erreur: str | None = None) -> dict:
    retenues = imp.retenues
    return {
        "imp": imp,
        "importeur": plateforme.importeur(imp.nature),
        "nb_creations": sum(1 for r in retenues if r.get("action") == "création"),
        "nb_mises_a_jour": sum(1 for r in retenues if r.get("action") == "mise à jour"),
        "retenues": retenues[:200],
        "nb_refusees": imp.apercu.get("nb_refusees", len(imp.refusees)),
        "erreur": erreur,
    }


def import_detail(request: HttpRequest, uuid) -> HttpResponse:
    imp = services.get_import_for_user(request, uuid)
    return render(request, "plateforme/import.html", _contexte_import(imp))


@require_POST
def import_confirmer(request: HttpRequest, uuid) -> HttpResponse:
    imp = services.get_import_for_user(request, uuid)
    try:
        services.confirmer(request, imp)
    except ValidationError as e:
        return render(
            request, "plateforme/import.html", _contexte_import(imp, " ".join(e.messages)), status=400
        )
    return redirect("plateforme:import", imp.uuid)


@require_POST
def import_annuler(request: HttpRequest, uuid) -> HttpResponse:
    imp = services.get_import_for_user(request, uuid)
    try:
        services.annuler(request, imp)
    except ValidationError as e:
        return render(
            request, "plateforme/import.html", _contexte_import(imp, " ".join(e.messages)), status=400
        )
    messages.info(request, "Import annulé : rien n'a été écrit.")
    return redirect("plateforme:accueil")


def import_progression(request: HttpRequest, uuid) -> HttpResponse:
    """The progress bar, polled every second by htmx; once the job ends, the page reloads."""
    imp = services.get_import_for_user(request, uuid)
    response = render(request, "plateforme/import.html#progression", _contexte_import(imp))
    if imp.est_fini and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


def organisations(request: HttpRequest) -> HttpResponse:
    services.verifier_personnel(request)
    form = FiltreOrganisationsForm(request.GET or None)
    queryset = Organisation.objects.select_related("region", "academie").annotate(
        nb_membres=Count("memberships", filter=Q(memberships__user__is_active=True))
    )
    statut = 200
    if form.is_bound and not form.is_valid():
        statut = 400
        queryset = queryset.none()
    elif form.is_bound:
        donnees = form.cleaned_data
        if donnees.get("q"):
            queryset = queryset.filter(
                Q(nom__icontains=donnees["q"]) | Q(lycee__uai__iexact=donnees["q"].strip())
            )
        if donnees.get("type"):
            queryset = queryset.filter(type=donnees["type"])
        if donnees.get("region"):
            queryset = queryset.filter(region=donnees["region"])
    page = Paginator(queryset.order_by("nom", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "plateforme/organisations.html", {"form": form, "page": page}, status=statut)


def _contexte_organisation(request, organisation: Organisation, form=None) -> dict:
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__nom", "user__prenom", "user__email", "role", "pk")
    )
    return {
        "organisation": organisation,
        # The lycées app's one-to-one, read by name (the kernel imports no app).
        "uai": getattr(getattr(organisation, "lycee", None), "uai", None),
        "page": Paginator(memberships, 50).get_page(request.GET.get("page")),
        "invitations": list(invitations_en_attente(organisation).select_related("invite_par")[:50]),
        "form": form or InvitationResponsableForm(roles=services.roles_invitables(organisation)),
    }


def organisation(request: HttpRequest, uuid) -> HttpResponse:
    organisation = services.get_organisation_for_user(request, uuid)
    return render(request, "plateforme/organisation.html", _contexte_organisation(request, organisation))


@require_POST
def organisation_inviter(request: HttpRequest, uuid) -> HttpResponse:
    organisation = services.get_organisation_for_user(request, uuid)
    form = InvitationResponsableForm(request.POST, roles=services.roles_invitables(organisation))
    if form.is_valid():
        try:
            envoi = services.inviter_responsable(
                request,
                organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                adresse_site=request.build_absolute_uri("/"),
            )
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(
                request,
                f"Invitation envoyée à {envoi.invitation.email} ({envoi.invitation.get_role_display()}). "
                "Le lien est valable 7 jours.",
            )
            return redirect("plateforme:organisation", organisation.uuid)
    return render(
        request,
        "plateforme/organisation.html",
        _contexte_organisation(request, organisation, form),
        status=400,
    )


def compte_desactiver(request: HttpRequest, uuid) -> HttpResponse:
    compte = services.get_compte_for_user(request, uuid)
    erreur = None
    if request.method == "POST":
        try:
            services.desactiver_compte(request, compte)
        except ValidationError as e:
            erreur = " ".join(e.messages)
        else:
            messages.success(
                request,
                f"Le compte de {compte} est désactivé : "
                "ses sessions et ses jetons d'API ne fonctionnent plus.",
            )
            return redirect("plateforme:compte_desactiver", compte.uuid)
    memberships = compte.memberships.select_related("organisation")
    return render(
        request,
        "plateforme/compte_desactiver.html",
        {"compte": compte, "memberships": memberships, "erreur": erreur},
        status=400 if erreur else 200,
    )


@require_POST
def compte_reactiver(request: HttpRequest, uuid) -> HttpResponse:
    compte = services.get_compte_for_user(request, uuid)
    try:
        services.reactiver_compte(request, compte)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, f"Le compte de {compte} est réactivé (ses anciens jetons d'API restent révoqués)."
        )
    return redirect("plateforme:compte_desactiver", compte.uuid)
