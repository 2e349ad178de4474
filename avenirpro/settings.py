"""AvenirPro settings, read from the environment (see README, « Variables d'environnement »).

Zero set-up default: SQLite under var/, Celery tasks run in-process, e-mails printed to the console.
PostgreSQL and Redis are used as soon as DATABASE_URL / REDIS_URL are set.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from avenirpro.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
if not env_bool("AVENIRPRO_IGNORE_DOTENV", False):
    load_dotenv(BASE_DIR / ".env")
VAR_DIR = Path(env_str("AVENIRPRO_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-demo-only-never-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "dsfr",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # change history of personal data (avenirpro.donnees.historique)
    "simple_history",
    # the kernel, then the domain apps (the demo seeds them in this order)
    "avenirpro",
    "lycees",
    "ateliers",
    "parcours",
    "avenirplus",
    "indicateurs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The idle timeout: the session saved again at most once a minute (avenirpro/sessions.py).
    "avenirpro.sessions.ProlongerSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "avenirpro.entrees.RefusControlesMiddleware",
    "avenirpro.api.parametres.ParametreUniqueMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store on every response to a signed-in person (personal data).
    "avenirpro.entetes.PasDeCacheMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "avenirpro.csp.CspNonceMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "avenirpro.middleware.CurrentOrganisationMiddleware",
    "avenirpro.comptes.middleware.ComptesMiddleware",
    # The access log: what a request noted (students read) is written once its response is ready.
    "avenirpro.journal.JournalMiddleware",
    # who made a change, for the change history (avenirpro.donnees.historique)
    "simple_history.middleware.HistoryRequestMiddleware",
]
# The demo's 404 is the site's DSFR page, not Django's technical one (avenirpro/middleware.py).
if DEBUG and not env_bool("AVENIRPRO_404_TECHNIQUE", False):
    MIDDLEWARE.append("avenirpro.middleware.PageIntrouvableDemoMiddleware")

ROOT_URLCONF = "avenirpro.urls"
WSGI_APPLICATION = "avenirpro.wsgi.application"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                # Not django-dsfr's site_config: two queries per page for a DsfrConfig nobody uses.
                "avenirpro.context_processors.shell",
            ],
            # French plural (« 0 réponse ») for every template's ``pluralize``.
            "builtins": ["avenirpro.templatetags.francais"],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'avenirpro.sqlite3'}",
        # Persistent connections with health checks: opening one costs ~4 ms per request.
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Django's backends, with SQL compilers that refuse an unscoped read of personal data (avenirpro.db).
_MOTEURS_GARDES = {
    "django.db.backends.postgresql": "avenirpro.db.backends.postgresql",
    "django.db.backends.sqlite3": "avenirpro.db.backends.sqlite3",
}
DATABASES["default"]["ENGINE"] = _MOTEURS_GARDES.get(
    DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"]
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ----------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis is optional at run time: the cache degrades instead of raising when Redis is gone.
    CACHES = {
        "default": {
            "BACKEND": "avenirpro.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A message is acknowledged once its task is done and given back if the worker dies: with idempotent
# claims (lycees.services.imports.prendre_import) a duplicate delivery is a no-op, a lost one is not.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The longest task (a 5,000-row import) takes seconds; the limits stop a stuck one. Redis gives an
# unacknowledged message to another worker after visibility_timeout: it must exceed the hard limit,
# else a slow task would run twice (and the relance covers a lost worker long before that anyway).
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600, "socket_connect_timeout": 3}
# A worker waits for Redis as long as it takes (Celery's default gives up, and exits, after 100 tries).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# Sending survives a Redis restart of a second or two; beyond ~2 s the request goes on without it and
# the relance sends the job (the web request must not hang on a dead broker).
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 3,
    "interval_start": 0.2,
    "interval_step": 0.4,
    "interval_max": 1,
}
# A running task goes on when the broker connection drops (its result is in the database, not Redis).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TIMEZONE = "Europe/Paris"
# Jobs resume in minutes: a running job writes its heartbeat every JOBS_BATTEMENT_SECONDES; the relance
# (every JOBS_RELANCE_SECONDES) re-sends a job whose heartbeat is older than JOBS_BATTEMENT_PERIME_SECONDES
# (worker killed) and one still waiting JOBS_ATTENTE_MAX_SECONDES after it was sent (message lost).
JOBS_BATTEMENT_SECONDES = env_int("JOBS_BATTEMENT_SECONDES", 5)
JOBS_BATTEMENT_PERIME_SECONDES = env_int("JOBS_BATTEMENT_PERIME_SECONDES", 60)
JOBS_ATTENTE_MAX_SECONDES = env_int("JOBS_ATTENTE_MAX_SECONDES", 120)
JOBS_RELANCE_SECONDES = env_int("JOBS_RELANCE_SECONDES", 60)
# The schedule is fixed by the convention: it lives in code (Celery's own beat, no database scheduler).
CELERY_BEAT_SCHEDULE = {
    "purger-sessions": {"task": "avenirpro.tasks.purger_sessions_expirees", "schedule": 3600.0},
    # School years exist before a page reads them (a GET never writes).
    "preparer-annees-scolaires": {"task": "avenirpro.tasks.preparer_annees_scolaires", "schedule": 86400.0},
    "purger-echecs-connexion": {
        "task": "avenirpro.comptes.tasks.purger_echecs_connexion",
        "schedule": 3600.0,
    },
    # Roster files hold personal data: abandoned imports are cancelled and their files deleted.
    "purger-imports-effectifs": {"task": "lycees.tasks.purger_imports_effectifs", "schedule": 3600.0},
    # A job message lost (Redis down, worker killed) is sent again: the database row is the source of truth.
    "relancer-imports": {"task": "lycees.tasks.relancer_imports", "schedule": float(JOBS_RELANCE_SECONDES)},
    # AvenirPro+: référents told 15 days before an enrolment ends; enrolments past their end closed.
    "avenirplus-echeances": {
        "task": "avenirplus.tasks.echeances_quotidiennes",
        "schedule": crontab(hour=6, minute=0),
    },
    # Art. 6: the bimonthly returns are compiled early on their due dates (1 Jan, Mar, May, Jul, Nov).
    "compiler-remontees": {
        "task": "indicateurs.tasks.compiler_remontees_dues",
        "schedule": crontab(minute=30, hour=2, day_of_month=1, month_of_year="1,3,5,7,11"),
    },
    # Art. 6: the annual reports of the past school year, compiled on 1 October (due by the end of October).
    "compiler-bilans-annuels": {
        "task": "indicateurs.tasks.compiler_bilans_annuels",
        "schedule": crontab(minute=45, hour=2, day_of_month=1, month_of_year=10),
    },
    # Dashboards read aggregates: the national, network and regional figures are recounted every 15 min.
    "actualiser-tableaux-de-bord": {
        "task": "indicateurs.tasks.actualiser_tableaux_de_bord",
        "schedule": 900.0,
    },
    "relancer-imports-annuaire": {
        "task": "avenirpro.tasks.relancer_imports_annuaire",
        "schedule": float(JOBS_RELANCE_SECONDES),
    },
    # Access-log rows past their retention period (CNIL: six months to one year) are deleted, daily.
    # Reminders of the day's interviews and follow-ups, the référents' digest: early morning, Paris time.
    "rappels-suivi-individuel": {
        "task": "parcours.tasks.envoyer_rappels_du_jour",
        "schedule": crontab(hour=6, minute=30),
    },
    "purger-journal-acces": {
        "task": "avenirpro.tasks.purger_journal_acces",
        "schedule": crontab(hour=3, minute=15),
    },
    # Students past their retention period are anonymised (in batches), directions told 30 days before.
    "appliquer-conservation": {
        "task": "avenirpro.tasks.appliquer_conservation",
        "schedule": crontab(hour=3, minute=45),
    },
}
# The access log is kept one year (CNIL délibération 2021-122: access traces kept six months to one year;
# a family's question about last school year's reads can still be answered).
JOURNAL_CONSERVATION_JOURS = env_int("JOURNAL_CONSERVATION_JOURS", 365)

# Retention of students' personal data (avenirpro.donnees.conservation): anonymised this many months after
# the end of their last school year. Why 12: the convention's annual report on a school year is due at the
# end of October of the next one and AvenirPro+ follows leavers for up to 4 months after it (September to
# December); a year covers both with a margin, and the CNIL's guidance is to keep no longer than the purpose
# needs. The lycée's direction is told AVENIRPRO_CONSERVATION_PREAVIS_JOURS before.
AVENIRPRO_CONSERVATION_MOIS = env_int("AVENIRPRO_CONSERVATION_MOIS", 12)
AVENIRPRO_CONSERVATION_PREAVIS_JOURS = env_int("AVENIRPRO_CONSERVATION_PREAVIS_JOURS", 30)
# The data-protection officers' contacts shown on /donnees-personnelles/ (one per line: « who | how »).
AVENIRPRO_CONTACTS_DPD = [
    ligne.split("|", 1)
    for ligne in env_str(
        "AVENIRPRO_CONTACTS_DPD",
        "Lycées publics et académies | le délégué à la protection des données de votre académie "
        "(adresse sur le site de l'académie, rubrique « Données personnelles »)\n"
        "France Travail | le délégué à la protection des données de France Travail, par courrier ou "
        "depuis l'espace « Données personnelles » de francetravail.fr\n"
        "Missions locales | le délégué à la protection des données de votre mission locale, ou celui de "
        "l'Union nationale des missions locales (UNML)",
    ).splitlines()
    if "|" in ligne
]
# --- AvenirPro+ (convention annex 2.1) ---------------------------------------------------------------
# (month, day) of the second-group results: the cohort of a school year opens that day of its July.
AVENIRPLUS_OUVERTURE_COHORTE = (7, 8)

# --- Authentication -----------------------------------------------------------------------------
AUTH_USER_MODEL = "avenirpro.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "prenom", "nom")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_ADAPTER = "avenirpro.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[AvenirPro] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "AvenirPro"
# Failed logins lock in the database (avenirpro/comptes/services.py): the adapter's pre_authenticate
# replaces allauth's cache counter for passwords. allauth's MFA limiter reuses the "login_failed" action
# (key "mfa-auth-user-<pk>"): it must stay on, or second-factor codes could be tried without limit.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,5/15m/key"}
# Wrong codes are also counted in the database (avenirpro/comptes/mfa.py): that lock holds without Redis.
MFA_FORMS = {
    "authenticate": "avenirpro.comptes.mfa.AuthentificationCodeForm",
    "reauthenticate": "avenirpro.comptes.mfa.ReauthentificationCodeForm",
    "activate_totp": "avenirpro.comptes.mfa.ActivationTOTPForm",
}
MFA_ADAPTER = "avenirpro.adapters.MFAAdapter"
# Encrypts the TOTP secrets at rest (Fernet key(s), comma-separated; unset: derived from SECRET_KEY).
MFA_ENCRYPTION_KEY = env_str("MFA_ENCRYPTION_KEY", "")
# Behind the reverse proxy the client's address is the last one it appends to X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if env_bool("BEHIND_PROXY", False) else 0

# Idle timeout: a session left unused for 30 minutes ends (shared computers in lycées). Each request
# pushes the expiry further, with one session write a minute at most (avenirpro.sessions), not one per page.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Security (production) ------------------------------------------------------------------------
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- E-mail -------------------------------------------------------------------------------------
# SMTP when EMAIL_HOST is set; otherwise e-mails are printed to the console (demo, laptops).
_EMAIL_HOST = env_str("EMAIL_HOST")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _EMAIL_HOST,
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": 10,
        },
    }
    if _EMAIL_HOST
    else {"BACKEND": "avenirpro.comptes.console.ConsoleLisible"}
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "AvenirPro <ne-pas-repondre@avenirpro.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Legal pages (« Mentions légales »): who publishes and hosts this instance ---------------------
MENTIONS_EDITEUR = env_str(
    "MENTIONS_EDITEUR",
    "Ministère de l'Éducation nationale — Direction générale de l'enseignement scolaire (DGESCO), "
    "110 rue de Grenelle, 75357 Paris SP 07",
)
MENTIONS_DIRECTEUR_PUBLICATION = env_str(
    "MENTIONS_DIRECTEUR_PUBLICATION", "Le directeur général de l'enseignement scolaire"
)
MENTIONS_HEBERGEUR = env_str("MENTIONS_HEBERGEUR", "")
MENTIONS_CONTACT = env_str("MENTIONS_CONTACT", "")

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# whitenoise rewrites url() in the DSFR CSS, so the shipped integrity hashes would no longer match.
DSFR_USE_INTEGRITY_CHECKSUMS = False

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # The token first: it answers 401 with a « WWW-Authenticate: Token » challenge when nobody is known.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "avenirpro.api.auth.TokenAuthentication",
        "avenirpro.api.auth.SessionAuthentication",
    ],
    # Lists are filtered by the FilterSet each viewset names (shared with its page): one backend for all.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "avenirpro.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "avenirpro.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "avenirpro.api.exceptions.gestionnaire_exceptions",
    # Per account and per address (avenirpro/api/throttles.py); the cache is their store.
    "DEFAULT_THROTTLE_CLASSES": ["avenirpro.api.throttles.ParCompte", "avenirpro.api.throttles.ParAdresse"],
    "DEFAULT_THROTTLE_RATES": {
        "compte": env_str("API_THROTTLE_COMPTE", "600/min"),
        "adresse": env_str("API_THROTTLE_ADRESSE", "1200/min"),
    },
    # JSON only: DRF's browsable pages break under the strict CSP; people read /api/v1/docs/ instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API AvenirPro",
    "DESCRIPTION": "API du dispositif AvenirPro. Authentification par session ou par jeton personnel "
    "(en-tête « Authorization: Token <clé> »).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Request bodies are documented as JSON only. DRF's form parsers still read forms, with HTML-form
    # semantics that no schema states (an empty field of a form counts as absent): the contract is JSON.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "avenirpro.enums.Role",
        "TypeOrganisationEnum": "avenirpro.enums.TypeOrganisation",
        "TypeEvenementEnum": "ateliers.enums.TypeEvenement",
        "StatutSeanceEnum": "ateliers.enums.StatutSeance",
        "StatutEntretienEnum": "parcours.enums.StatutEntretien",
        "StatutAlerteEnum": "parcours.enums.StatutAlerte",
        "StatutRechercheEnum": "parcours.enums.StatutRecherche",
        "MotifAlerteEnum": "parcours.enums.MotifAlerte",
        "IssueAlerteEnum": "parcours.enums.IssueAlerte",
        "MotifCohorteEnum": "avenirplus.enums.MotifCohorte",
        "IssueSortieEnum": "avenirplus.enums.IssueSortie",
        "MoyenContactEnum": "avenirplus.enums.MoyenContact",
        "MoyenInvitationEnum": "avenirplus.enums.MoyenInvitation",
        "TypeActionEnum": "avenirplus.enums.TypeAction",
        "StatutActionEnum": "avenirplus.enums.StatutAction",
        "StatutRemonteeEnum": "indicateurs.models.StatutRemontee",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "avenirpro.api.schema.entete_organisation",
        "avenirpro.api.schema.reponses_erreur",
        "avenirpro.api.schema.adresses_lues_vides",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
