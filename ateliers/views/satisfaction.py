"""Satisfaction: the QR code of a held séance, the public students' questionnaire, the team's questionnaire,
the results.

The students' page needs no account (reached by the QR code) and shows no personal data. One answer per
device and questionnaire: a signed cookie remembers which questionnaires this browser answered, and a
rate limit per questionnaire and client address (cache) stops a device that drops its cookie from
flooding one questionnaire. Neither is stored with the answer.
"""

import hashlib

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from ateliers import queries, services
from ateliers.enums import StatutSeance
from ateliers.forms import ReponseEquipeForm, ReponseForm
from ateliers.models import QuestionnaireSeance, Seance
from ateliers.perms import get_seance_for_user, lycees_lisibles
from avenirpro.comptes.services import adresse_client
from avenirpro.forms import ajouter_erreurs
from avenirpro.models import AnneeScolaire
from avenirpro.scoping import autoriser_jointures
from lycees import perms as lycees_perms
from lycees.models import Lycee

COOKIE = "avenirpro_questionnaires"
COOKIE_SALT = "ateliers.questionnaire"
COOKIE_MAX = 40  # questionnaires remembered per device (most recent)
COOKIE_AGE = 60 * 60 * 24 * 60
# A whole class answers one questionnaire from the lycée's single public address: the limit is for
# floods, not for pupils. It is per questionnaire, so that the classes of a lycée (or, behind a proxy
# misread, all of France) never share one budget.
LIMITE_PAR_QUESTIONNAIRE_ET_ADRESSE = 60
FENETRE_SECONDES = 3600


def seance_questionnaire(request: HttpRequest, uuid) -> HttpResponse:
    """The QR code to show the students at the end of a held séance (printable)."""
    seance, droits = get_seance_for_user(request, uuid)
    peut_modifier = droits.modifier
    if request.method == "POST":
        if not peut_modifier:
            raise PermissionDenied("Seuls les conseillers désignés pour ce lycée ouvrent le questionnaire.")
        try:
            services.ouvrir_questionnaire(seance, request)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        return redirect("ateliers:seance_questionnaire", uuid=seance.uuid)
    try:
        questionnaire = seance.questionnaire
    except ObjectDoesNotExist:
        questionnaire = None
    contexte = {"seance": seance, "questionnaire": questionnaire, "peut_modifier": peut_modifier}
    if questionnaire:
        lien = request.build_absolute_uri(
            reverse("ateliers:questionnaire", kwargs={"jeton": questionnaire.jeton})
        )
        contexte.update(
            lien=lien,
            qr=segno.make(lien, error="m").svg_data_uri(scale=8, border=2),
            ouvert=questionnaire.est_ouvert(timezone.now()),
            satisfaction=queries.satisfaction_seance(seance),
        )
    return render(request, "ateliers/questionnaire_qr.html", contexte)


def _deja_repondu(request, questionnaire) -> bool:
    return str(questionnaire.pk) in _repondus(request)


def _repondus(request) -> list[str]:
    valeur = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT, max_age=COOKIE_AGE)
    return [x for x in valeur.split(",") if x]


def _trop_de_reponses(request, questionnaire) -> bool:
    # The login lockout's helper: behind the reverse proxy, the address from its header, not the proxy's.
    adresse = adresse_client(request) or ""
    empreinte = hashlib.sha256(adresse.encode()).hexdigest()[:32]  # no address kept in clear
    cle = f"ateliers:questionnaire:{questionnaire.pk}:{empreinte}"
    cache.add(cle, 0, FENETRE_SECONDES)
    try:
        return cache.incr(cle) > LIMITE_PAR_QUESTIONNAIRE_ET_ADRESSE
    except ValueError:  # expired between add and incr, or the cache is unreachable: let the pupil answer
        cache.set(cle, 1, FENETRE_SECONDES)
        return False


@login_not_required
def questionnaire(request: HttpRequest, jeton: str) -> HttpResponse:
    """The students' anonymous questionnaire (public: the link is the QR code's secret)."""
    questionnaire = get_object_or_404(
        autoriser_jointures(
            QuestionnaireSeance.objects.select_related("seance__lycee"),
            "questionnaire public : son lien secret donne le thème, la date et le lycée de la séance",
        ),
        jeton=jeton,
    )
    seance = questionnaire.seance
    maintenant = timezone.now()
    contexte = {"questionnaire": questionnaire, "seance": seance}
    if not questionnaire.est_ouvert(maintenant):
        return render(request, "ateliers/questionnaire_public.html", {**contexte, "ferme": True}, status=410)
    if _deja_repondu(request, questionnaire):
        return render(request, "ateliers/questionnaire_public.html", {**contexte, "deja": True})
    form = ReponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _trop_de_reponses(request, questionnaire):
            return render(
                request, "ateliers/questionnaire_public.html", {**contexte, "trop": True}, status=429
            )
        try:
            services.repondre_questionnaire(
                questionnaire, form.cleaned_data["note"], form.cleaned_data["commentaire"]
            )
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            response = redirect("ateliers:questionnaire_merci", jeton=jeton)
            repondus = [x for x in _repondus(request) if x != str(questionnaire.pk)]
            response.set_signed_cookie(
                COOKIE,
                ",".join([*repondus, str(questionnaire.pk)][-COOKIE_MAX:]),
                salt=COOKIE_SALT,
                max_age=COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    return render(request, "ateliers/questionnaire_public.html", {**contexte, "form": form})


@login_not_required
def questionnaire_merci(request: HttpRequest, jeton: str) -> HttpResponse:
    questionnaire = get_object_or_404(QuestionnaireSeance, jeton=jeton)
    return render(request, "ateliers/questionnaire_merci.html", {"questionnaire": questionnaire})


def questionnaire_equipe(request: HttpRequest) -> HttpResponse:
    """The educational team's questionnaire of their lycée for this school year (once per person)."""
    p = request.perimetre
    lycee_id = lycees_perms.lycee_id(p)
    if lycee_id is None:
        raise PermissionDenied("Ce questionnaire s'adresse aux équipes éducatives des lycées.")
    lycee = Lycee.objects.get(pk=lycee_id)
    annee = AnneeScolaire.objects.courante()
    deja = services.a_repondu_equipe(p, lycee, annee)
    form = None if deja else ReponseEquipeForm(request.POST or None)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.repondre_questionnaire_equipe(
                p, lycee, form.cleaned_data["note"], form.cleaned_data["commentaire"]
            )
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Merci : votre réponse anonyme est enregistrée.")
            return redirect("ateliers:questionnaire_equipe")
    return render(
        request,
        "ateliers/questionnaire_equipe.html",
        {"form": form, "lycee": lycee, "annee": annee, "deja": deja},
    )


def satisfaction(request: HttpRequest) -> HttpResponse:
    """The year's satisfaction results on what this user sees: by séance, lycée, counsellor; the teams'."""
    p = request.perimetre
    annee = AnneeScolaire.objects.courante()
    seances = (
        queries.annoter_satisfaction(
            Seance.objects.visible_to(p).filter(annee=annee, statut=StatutSeance.REALISEE)
        )
        .filter(nb_reponses__gt=0)
        .select_related("lycee")
        .order_by("-date", "-heure_debut", "pk")
    )
    lycees = list(lycees_lisibles(p))
    return render(
        request,
        "ateliers/satisfaction.html",
        {
            "annee": annee,
            "seances": seances[:100],
            "eleves": queries.satisfaction_eleves(p, annee),
            "equipes": queries.satisfaction_equipes([lycee.pk for lycee in lycees], annee),
            "est_personnel_lycee": p.est_personnel_lycee,
        },
    )
