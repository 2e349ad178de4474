"""The idle timeout without a session write on every page view (issue 13).

``SESSION_SAVE_EVERY_REQUEST`` cost every page an UPDATE and a COMMIT (a WAL flush). Instead a
signed-in session is saved again — its expiry pushed ``SESSION_COOKIE_AGE`` further — when its last
save is at least ``PROLONGATION_SECONDES`` old: a session left unused for 30 minutes still ends, at
most one minute early.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

PROLONGATION_SECONDES = 60
CLE = "_avenirpro_prolongee"


class ProlongerSessionMiddleware:
    """Inside ``SessionMiddleware``: marks the session modified at most once a minute (it saves it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or session.is_empty():
            return response
        maintenant = int(timezone.now().timestamp())
        if maintenant - session.get(CLE, 0) >= PROLONGATION_SECONDES:
            session[CLE] = maintenant
        return response


@receiver(user_logged_in, dispatch_uid="avenirpro.sessions.noter_connexion")
def noter_connexion(sender, request, user, **kwargs):
    """Signing in saves the session: its first minute needs no other write."""
    session = getattr(request, "session", None)
    if session is not None:
        session[CLE] = int(timezone.now().timestamp())
