"""Accounts: who must use two-factor authentication, login lockout, invitations and members.

Each workflow step is one function, called by the views, the API and the tests. It validates, raises
``ValidationError`` with a French message and changes nothing on bad input.

Invitations, the simplest correct flow:
- an administrator (any role of their organisation) or a lycée's chef d'établissement (the lycée's staff)
  invites an e-mail address with a role, into their CURRENT organisation only;
- the e-mail holds a single-use link (random key; only its SHA-256 digest is stored), valid 7 days;
  re-inviting the same address with the same role cancels the previous pending link;
- a newcomer (no account with that address) sets their name and password on the link's page and is
  logged in; someone who already has an account logs in with their own password (and second factor),
  and the link then asks them to confirm: the role is added to their account. Either way the link is
  spent; an expired, spent or cancelled link shows a French error page and changes nothing.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from avenirpro import access
from avenirpro.enums import Role
from avenirpro.models import EchecConnexion, Invitation, Membership, Organisation, User
from avenirpro.models.comptes import NatureEchec, empreinte

# --- Two-factor authentication --------------------------------------------------------------------

# Roles that see a whole region or the country, or manage people: a stolen password must not be enough.
ROLES_MFA_OBLIGATOIRE = frozenset({Role.PILOTE_REGIONAL, Role.PILOTE_NATIONAL, Role.ADMINISTRATEUR, Role.DPD})
MESSAGE_MFA_OBLIGATOIRE = (
    "La double authentification est obligatoire pour votre rôle : activez une application "
    "d'authentification (TOTP) avant de continuer."
)


def mfa_obligatoire(user, memberships=None) -> bool:
    """True for staff and for anyone holding, in any organisation, a role listed above (``memberships``:
    the user's, when the caller already has them, e.g. ``request.perimetre.memberships``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if memberships is None:
        memberships = access.memberships_de(user)
    return user.is_staff or any(m.role in ROLES_MFA_OBLIGATOIRE for m in memberships)


def mfa_active(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def mfa_manquante(user, memberships=None) -> bool:
    """The user must use two-factor authentication and has not set it up yet (one query at most)."""
    return mfa_obligatoire(user, memberships) and not mfa_active(user)


# --- Login lockout (kept in the database: it holds without Redis and across processes) -------------

SEUIL_ECHECS_EMAIL = 10
SEUIL_ECHECS_ADRESSE_IP = 30
# A code has 10^6 values: 5 tries in 15 minutes make guessing one hopeless (about 500 a day).
SEUIL_ECHECS_CODE = 5
FENETRE_ECHECS = datetime.timedelta(minutes=15)
DUREE_VERROUILLAGE = datetime.timedelta(minutes=15)
CONSERVATION_ECHECS = datetime.timedelta(days=1)
# One message for both locks, whether the account exists or not: it tells an attacker nothing.
MESSAGE_VERROUILLAGE = (
    "Trop de tentatives de connexion : par sécurité, la connexion est bloquée pendant 15 minutes. "
    "Réessayez plus tard, ou réinitialisez votre mot de passe avec le lien « Mot de passe oublié ? »."
)
MESSAGE_VERROUILLAGE_CODE = (
    "Trop de codes de double authentification erronés : par sécurité, la connexion à ce compte est "
    "bloquée pendant 15 minutes. Réessayez plus tard avec le code affiché par votre application, ou "
    "avec un code de récupération."
)


def normaliser_email(email: str | None) -> str:
    return (email or "").strip().lower()


def adresse_client(request) -> str | None:
    """The client's address as the lockout counts it: allauth's ``get_client_ip``, which reads the header
    the reverse proxy sets when ``BEHIND_PROXY`` is on (ALLAUTH_TRUSTED_PROXY_COUNT), else REMOTE_ADDR.
    None when it cannot be told (then only the per-account counts apply)."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None


def enregistrer_echec(email: str | None, adresse_ip: str | None) -> EchecConnexion:
    return EchecConnexion.objects.create(email=normaliser_email(email)[:254], adresse_ip=adresse_ip or None)


def enregistrer_echec_code(user: User, adresse_ip: str | None) -> EchecConnexion:
    """A wrong second-factor code (or recovery code) typed after a correct password."""
    return EchecConnexion.objects.create(
        email=normaliser_email(user.email)[:254],
        adresse_ip=adresse_ip or None,
        nature=NatureEchec.CODE,
        user=user,
    )


def _fin_verrouillage(queryset, seuil: int, maintenant: datetime.datetime) -> datetime.datetime | None:
    """When the lock ends, if ``seuil`` failures fell within the window: 15 minutes after the last of them.

    Attempts refused during a lock are not recorded, so the newest failure is the one that reached the
    threshold and the lock lasts its full 15 minutes.
    """
    horodatages = list(
        queryset.filter(horodatage__gte=maintenant - FENETRE_ECHECS - DUREE_VERROUILLAGE)
        .order_by("-horodatage")
        .values_list("horodatage", flat=True)[:seuil]
    )
    if len(horodatages) < seuil or horodatages[0] - horodatages[-1] > FENETRE_ECHECS:
        return None
    fin = horodatages[0] + DUREE_VERROUILLAGE
    return fin if fin > maintenant else None


def _fin_verrouillage_adresse(adresse_ip: str | None, maintenant) -> datetime.datetime | None:
    # Wrong passwords and wrong codes alike: one address trying either is the same attack.
    if not adresse_ip:
        return None
    return _fin_verrouillage(
        EchecConnexion.objects.filter(adresse_ip=adresse_ip), SEUIL_ECHECS_ADRESSE_IP, maintenant
    )


def verrouille_jusqua(email: str | None, adresse_ip: str | None) -> datetime.datetime | None:
    """The end of the lock on this e-mail or this address (the later of the two), or None."""
    maintenant = timezone.now()
    fins = []
    email = normaliser_email(email)
    if email:
        fins.append(
            _fin_verrouillage(
                EchecConnexion.objects.filter(email=email, nature=NatureEchec.MOT_DE_PASSE),
                SEUIL_ECHECS_EMAIL,
                maintenant,
            )
        )
    fins.append(_fin_verrouillage_adresse(adresse_ip, maintenant))
    fins = [fin for fin in fins if fin]
    return max(fins) if fins else None


def est_verrouille(email: str | None, adresse_ip: str | None) -> bool:
    return verrouille_jusqua(email, adresse_ip) is not None


def code_verrouille_jusqua(user: User, adresse_ip: str | None) -> datetime.datetime | None:
    """The end of the lock on this account's second factor, or on this address, or None."""
    maintenant = timezone.now()
    fins = [
        _fin_verrouillage(
            EchecConnexion.objects.filter(user=user, nature=NatureEchec.CODE), SEUIL_ECHECS_CODE, maintenant
        ),
        _fin_verrouillage_adresse(adresse_ip, maintenant),
    ]
    fins = [fin for fin in fins if fin]
    return max(fins) if fins else None


def effacer_echecs(email: str | None) -> int:
    """A correct password clears that e-mail's wrong passwords only: not the address's (others may share
    it), and never the account's wrong codes (else a stolen password would reset the code brute force)."""
    supprimes, _ = EchecConnexion.objects.filter(
        email=normaliser_email(email), nature=NatureEchec.MOT_DE_PASSE
    ).delete()
    return supprimes


def effacer_echecs_code(user: User) -> int:
    """A correct second-factor code clears the account's wrong codes (whoever typed it is the owner)."""
    supprimes, _ = EchecConnexion.objects.filter(user=user, nature=NatureEchec.CODE).delete()
    return supprimes


def purger_echecs(maintenant: datetime.datetime | None = None) -> int:
    """Failures older than a day serve no lock any more (the lock needs 30 minutes of history)."""
    limite = (maintenant or timezone.now()) - CONSERVATION_ECHECS
    supprimes, _ = EchecConnexion.objects.filter(horodatage__lt=limite).delete()
    return supprimes


# --- Invitations -----------------------------------------------------------------------------------

DUREE_INVITATION = datetime.timedelta(days=7)


@dataclass
class InvitationEnvoyee:
    invitation: Invitation
    lien: str


def _roles_attribuables(par, organisation: Organisation) -> frozenset[str]:
    """Roles ``par`` may give in ``organisation``: none unless it is their current organisation."""
    perimetre = access.en_perimetre(par)
    if perimetre.organisation is None or perimetre.organisation.pk != organisation.pk:
        return frozenset()
    return perimetre.roles_attribuables


def _libelle_role(role: str) -> str:
    return Role(role).label if role in Role.values else role


def invitations_en_attente(organisation: Organisation):
    return Invitation.objects.filter(
        organisation=organisation,
        acceptee_le__isnull=True,
        annulee_le__isnull=True,
        expire_le__gt=timezone.now(),
    )


@transaction.atomic
def inviter(
    par, organisation: Organisation, *, email: str, role: str, adresse_site: str
) -> InvitationEnvoyee:
    """Invite ``email`` into ``organisation`` (``par``'s current one) with ``role``; e-mail the link.

    ``adresse_site`` is the scheme and host the link starts with (``https://avenirpro.example``).
    """
    par = access.en_perimetre(par)
    attribuables = _roles_attribuables(par, organisation)
    if not attribuables:
        raise ValidationError(
            f"Vous ne pouvez pas inviter de personnes dans « {organisation} » : ce n'est pas votre "
            "organisation courante ou votre rôle ne le permet pas."
        )
    if role not in attribuables:
        message = f"Vous ne pouvez pas attribuer le rôle « {_libelle_role(role)} » dans « {organisation} »."
        raise ValidationError({"role": message})
    return envoyer_invitation(par.user, organisation, email=email, role=role, adresse_site=adresse_site)


@transaction.atomic
def envoyer_invitation(
    invite_par: User, organisation: Organisation, *, email: str, role: str, adresse_site: str
) -> InvitationEnvoyee:
    """Create the invitation and e-mail its link, once the caller has checked ``invite_par`` may give
    ``role`` in ``organisation`` (``inviter`` above; the platform's staff for a first administrator)."""
    email = normaliser_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Saisissez une adresse e-mail valide."}) from None
    existant = compte_par_email(email)
    if existant is not None and not existant.is_active:
        raise ValidationError(
            {"email": "Le compte de cette adresse est désactivé : il ne peut pas être invité."}
        )
    if (
        existant is not None
        and Membership.objects.filter(user=existant, organisation=organisation, role=role).exists()
    ):
        raise ValidationError(
            {"email": f"Cette personne a déjà le rôle « {_libelle_role(role)} » dans « {organisation} »."}
        )
    maintenant = timezone.now()
    # A new link replaces a pending one for the same person and role (e.g. the first e-mail was lost).
    invitations_en_attente(organisation).filter(email=email, role=role).update(annulee_le=maintenant)
    jeton = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        invite_par=invite_par,
        empreinte_jeton=empreinte(jeton),
        expire_le=maintenant + DUREE_INVITATION,
    )
    lien = adresse_site.rstrip("/") + reverse("comptes:invitation", args=[jeton])
    contexte = {
        "invitation": invitation,
        "lien": lien,
        "par": invite_par,
        "compte_existant": existant is not None,
    }
    sujet = render_to_string("comptes/email/invitation_sujet.txt", contexte).strip()
    corps = render_to_string("comptes/email/invitation_message.txt", contexte)
    # Sent once the invitation is committed: no e-mail for an invitation that was rolled back.
    transaction.on_commit(
        lambda: mail.send_mail(
            f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{sujet}", corps, settings.DEFAULT_FROM_EMAIL, [email]
        )
    )
    return InvitationEnvoyee(invitation=invitation, lien=lien)


def trouver_invitation(jeton: str, *, verrouiller: bool = False) -> Invitation:
    """The invitation of this link, if it can still be used; else a French error saying why."""
    queryset = Invitation.objects.select_related("organisation")
    if verrouiller:
        queryset = queryset.select_for_update()
    invitation = queryset.filter(empreinte_jeton=empreinte(jeton or "")).first()
    if invitation is None:
        raise ValidationError(
            "Ce lien d'invitation n'est pas valable. Vérifiez qu'il est complet.", code="inconnue"
        )
    if invitation.acceptee_le is not None:
        raise ValidationError(
            "Ce lien d'invitation a déjà été utilisé : il ne sert qu'une fois.", code="utilisee"
        )
    if invitation.annulee_le is not None:
        raise ValidationError("Cette invitation a été annulée.", code="annulee")
    if invitation.expire_le <= timezone.now():
        raise ValidationError(
            f"Ce lien d'invitation a expiré le {timezone.localtime(invitation.expire_le):%d/%m/%Y à %H:%M}. "
            "Demandez une nouvelle invitation à la personne qui vous a invité(e).",
            code="expiree",
        )
    return invitation


def compte_par_email(email: str) -> User | None:
    """The account with this login: its own address, or one of allauth's addresses for it."""
    email = normaliser_email(email)
    return (
        User.objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email)).distinct().first()
    )


def compte_invite(invitation: Invitation) -> User | None:
    return compte_par_email(invitation.email)


def valider_mot_de_passe_nouveau_compte(email: str, prenom: str, nom: str, password: str) -> None:
    """The password rules (length, common, too close to the name or address), for an account not yet saved."""
    validate_password(password, user=User(email=email, prenom=prenom, nom=nom))


@transaction.atomic
def accepter_invitation(
    jeton: str, *, user: User | None = None, prenom: str = "", nom: str = "", password: str = ""
) -> Membership:
    """Spend the link: create the account (newcomer) or add the role to ``user`` (existing account).

    For a newcomer ``user`` is None and ``prenom``, ``nom``, ``password`` are required. For an existing
    account ``user`` must be that account, logged in.
    """
    invitation = trouver_invitation(jeton, verrouiller=True)
    existant = compte_invite(invitation)
    if existant is not None:
        if user is None or user.pk != existant.pk:
            raise ValidationError(
                f"Cette invitation est adressée à {invitation.email}, qui a déjà un compte : connectez-vous "
                "avec ce compte pour l'accepter."
            )
        if not existant.is_active:
            raise ValidationError("Ce compte est désactivé.")
        compte = existant
    else:
        if user is not None and user.is_authenticated:
            raise ValidationError(
                f"Cette invitation est adressée à {invitation.email} : déconnectez-vous pour l'accepter."
            )
        prenom, nom = prenom.strip(), nom.strip()
        erreurs = {}
        if not prenom:
            erreurs["prenom"] = "Indiquez votre prénom."
        if not nom:
            erreurs["nom"] = "Indiquez votre nom."
        try:
            valider_mot_de_passe_nouveau_compte(invitation.email, prenom, nom, password)
        except ValidationError as e:
            erreurs["password1"] = e.messages
        if erreurs:
            raise ValidationError(erreurs)
        compte = User.objects.create_user(invitation.email, password, prenom=prenom, nom=nom)
        # The link reached this mailbox: the address is verified (password reset works at once).
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=compte, email=compte.email, primary=True, verified=True)
    membership, _ = Membership.objects.get_or_create(
        user=compte, organisation=invitation.organisation, role=invitation.role
    )
    invitation.acceptee_le = timezone.now()
    invitation.save(update_fields=["acceptee_le"])
    return membership


# --- Members ---------------------------------------------------------------------------------------


def organisation_geree(par) -> Organisation:
    """The current organisation, if ``par`` manages some of its members; else 403 (read-only role)."""
    perimetre = access.en_perimetre(par)
    if perimetre.organisation is None or not perimetre.roles_attribuables:
        raise PermissionDenied("Votre rôle ne permet pas de gérer les membres de l'organisation.")
    return perimetre.organisation


def get_membership_for_user(par, membership_uuid) -> Membership:
    """A membership ``par`` may take back: current organisation, a role they manage (else 404)."""
    perimetre = access.en_perimetre(par)
    if perimetre.organisation is None or not perimetre.roles_attribuables:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        uuid=membership_uuid,
        organisation=perimetre.organisation,
        role__in=perimetre.roles_attribuables,
    )


def get_invitation_for_user(par, invitation_uuid) -> Invitation:
    perimetre = access.en_perimetre(par)
    if perimetre.organisation is None or not perimetre.roles_attribuables:
        raise Http404
    return get_object_or_404(
        Invitation.objects.select_related("organisation"),
        uuid=invitation_uuid,
        organisation=perimetre.organisation,
        role__in=perimetre.roles_attribuables,
    )


@transaction.atomic
def retirer_membership(par, membership: Membership) -> None:
    """Take a role back. The person loses it at their next request (memberships are read per request)."""
    if membership.organisation_id != getattr(access.en_perimetre(par).organisation, "pk", None) or (
        membership.role not in _roles_attribuables(par, membership.organisation)
    ):
        raise ValidationError("Vous ne pouvez pas retirer ce rôle.")
    if membership.user_id == access.en_perimetre(par).user.pk:
        raise ValidationError(
            "Vous ne pouvez pas retirer votre propre rôle : demandez-le à un autre administrateur."
        )
    membership.delete()


@transaction.atomic
def annuler_invitation(par, invitation: Invitation) -> None:
    if invitation.role not in _roles_attribuables(par, invitation.organisation):
        raise ValidationError("Vous ne pouvez pas annuler cette invitation.")
    if invitation.acceptee_le is not None:
        raise ValidationError("Cette invitation a déjà été acceptée : retirez plutôt le rôle de la personne.")
    if invitation.annulee_le is not None:
        raise ValidationError("Cette invitation est déjà annulée.")
    invitation.annulee_le = timezone.now()
    invitation.save(update_fields=["annulee_le"])
