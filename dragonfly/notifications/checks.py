"""Start-up checks of the email settings: a provider without its key fails `manage.py check` (and so
runserver, migrate and the deploy check), naming the variable, instead of at the first send."""

import importlib.util

from django.conf import settings
from django.core import checks

# What each provider needs from the environment (ANYMAIL keys, filled from the variable of that name).
REQUIRED_KEYS = {
    "sendgrid": ["SENDGRID_API_KEY"],
    "resend": ["RESEND_API_KEY"],
    "postmark": ["POSTMARK_SERVER_TOKEN"],
}


@checks.register(checks.Tags.compatibility)
def check_email_provider(app_configs=None, **kwargs):
    provider = settings.EMAIL_PROVIDER
    known = settings.EMAIL_PROVIDER_BACKENDS
    if provider not in known:
        return [
            checks.Error(
                f"EMAIL_PROVIDER={provider!r} is not a known email provider.",
                hint="Use one of: " + ", ".join(known) + ".",
                id="dragonfly.E101",
            )
        ]
    errors = []
    anymail = getattr(settings, "ANYMAIL", {})
    for key in REQUIRED_KEYS.get(provider, []):
        if not anymail.get(key):
            errors.append(
                checks.Error(
                    f"EMAIL_PROVIDER={provider} needs {key}.",
                    hint=f"Set {key} in the environment (from the provider's dashboard).",
                    id="dragonfly.E102",
                )
            )
    if provider == "smtp" and not settings.EMAIL_HOST:
        errors.append(
            checks.Error(
                "EMAIL_PROVIDER=smtp needs EMAIL_HOST.", hint="Set EMAIL_HOST (and EMAIL_PORT).", id="dragonfly.E103"
            )
        )
    if provider == "amazon_ses" and importlib.util.find_spec("boto3") is None:
        errors.append(
            checks.Error(
                "EMAIL_PROVIDER=amazon_ses needs the boto3 package, which is not installed.",
                hint="pip install boto3 (django-anymail[amazon-ses]), and set AWS_REGION and AWS credentials.",
                id="dragonfly.E104",
            )
        )
    if settings.EMAIL_INBOUND_DOMAIN and not anymail.get("WEBHOOK_SECRET"):
        errors.append(
            checks.Error(
                "EMAIL_INBOUND_DOMAIN is set but ANYMAIL_WEBHOOK_SECRET is empty: replies could never arrive.",
                hint="Set ANYMAIL_WEBHOOK_SECRET to 'user:password' and put it in the provider's inbound URL.",
                id="dragonfly.E105",
            )
        )
    return errors
