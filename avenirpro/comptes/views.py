from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from avenirpro.comptes import services
from avenirpro.comptes.forms import AcceptationForm, InvitationForm
from avenirpro.middleware import SESSION_KEY
from avenirpro.models import Membership


def membres(request: HttpRequest) -> HttpResponse:
    """The current organisation's members and pending invitations, for those who manage them."""
    organisation = services.organisation_geree(request)
    memberships = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__nom", "user__prenom", "user__email", "role", "pk")
    )
    invitations = list(
        services.invitations_en_attente(organisation).select_related("invite_par").order_by("-cree_le")[:50]
    )
    return render(
        request,
        "comptes/membres.html",
        {
            "organisation": organisation,
            "page": Paginator(memberships, 50).get_page(request.GET.get("page")),
            "invitations": invitations,
            "roles_attribuables": request.perimetre.roles_attribuables,
        },
    )


def inviter(request: HttpRequest) -> HttpResponse:
    organisation = services.organisation_geree(request)
    roles = request.perimetre.roles_attribuables
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            envoi = services.inviter(
                request,
                organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                adresse_site=request.build_absolute_uri("/"),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                f"Invitation envoyée à {envoi.invitation.email} ({envoi.invitation.get_role_display()}). "
                "Le lien est valable 7 jours.",
            )
            return redirect("comptes:membres")
    return render(request, "comptes/inviter.html", {"form": form, "organisation": organisation})


def retirer(request: HttpRequest, uuid) -> HttpResponse:
    membership = services.get_membership_for_user(request, uuid)
    erreur = None
    if request.method == "POST":
        try:
            services.retirer_membership(request, membership)
        except ValidationError as e:
            erreur = " ".join(e.messages)
        else:
            messages.success(
                request,
                f"{membership.user} n'a plus le rôle « {membership.get_role_display()} » "
                "dans l'organisation.",
            )
            return redirect("comptes:membres")
    return render(
        request,
        "comptes/retirer.html",
        {"membership": membership, "erreur": erreur},
        status=400 if erreur else 200,
    )


@require_POST
def annuler_invitation(request: HttpRequest, uuid) -> HttpResponse:
    invitation = services.get_invitation_for_user(request, uuid)
    try:
        services.annuler_invitation(request, invitation)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, f"L'invitation de {invitation.email} est annulée : son lien ne fonctionne plus."
        )
    return redirect("comptes:membres")


def _lien_invalide(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "comptes/invitation_invalide.html", {"erreur": message}, status=status)


@login_not_required
def invitation(request: HttpRequest, jeton: str) -> HttpResponse:
    """The link of the invitation e-mail: a newcomer creates their account, an existing user confirms."""
    try:
        invitation = services.trouver_invitation(jeton)
    except ValidationError as e:
        return _lien_invalide(request, e.messages[0], 404 if e.code == "inconnue" else 410)
    existant = services.compte_invite(invitation)
    user = request.user
    if existant is None and user.is_authenticated:
        return _lien_invalide(
            request,
            f"Cette invitation est adressée à {invitation.email}, qui n'a pas encore de compte. "
            "Déconnectez-vous, puis rouvrez le lien.",
            403,
        )
    if existant is not None and not user.is_authenticated:
        messages.info(
            request, f"Connectez-vous avec le compte {invitation.email} pour accepter l'invitation."
        )
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
    if existant is not None and user.pk != existant.pk:
        return _lien_invalide(
            request,
            f"Cette invitation est adressée à {invitation.email} : vous êtes connecté(e) avec un autre "
            "compte. Déconnectez-vous, puis rouvrez le lien.",
            403,
        )
    if existant is not None:
        return _rejoindre(request, jeton, invitation)
    return _creer_compte(request, jeton, invitation)


def _rejoindre(request: HttpRequest, jeton: str, invitation) -> HttpResponse:
    if request.method == "POST":
        try:
            membership = services.accepter_invitation(jeton, user=request.user)
        except ValidationError as e:
            return _lien_invalide(request, " ".join(e.messages), 410)
        return _bienvenue(request, membership)
    return render(request, "comptes/invitation_rejoindre.html", {"invitation": invitation})


def _creer_compte(request: HttpRequest, jeton: str, invitation) -> HttpResponse:
    form = AcceptationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.accepter_invitation(
                jeton,
                prenom=form.cleaned_data["prenom"],
                nom=form.cleaned_data["nom"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            # The password was just typed: allauth counts it as a recent authentication, so setting up
            # the second factor right away does not ask for it again.
            record_authentication(request, membership.user, method="password", email=invitation.email)
            reponse = perform_login(request, membership.user, redirect_url=reverse("accueil"))
            _bienvenue(request, membership)
            return reponse
    return render(request, "comptes/invitation_creer_compte.html", {"invitation": invitation, "form": form})


def _bienvenue(request: HttpRequest, membership: Membership) -> HttpResponse:
    request.session[SESSION_KEY] = str(membership.uuid)
    messages.success(
        request,
        f"Bienvenue : vous avez désormais le rôle « {membership.get_role_display()} » "
        f"dans {membership.organisation}.",
    )
    return redirect("accueil")
