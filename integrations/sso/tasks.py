"""The SSO configuration's "Test connection": discovery and JWKS, fetched in Celery."""

from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask

from ..calls import RETRIES, retry_later


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def check_sso(self, config_id):
    from ..models import SSOConfig
    from . import oidc, services

    config = SSOConfig.objects.filter(pk=config_id).first()
    if config is None:
        return None
    try:
        oidc.check(config.issuer)
    except oidc.Refused as exc:
        services.finish_check(config, error=str(exc))
        return "refused"
    except oidc.Unreachable as exc:
        retry_later(self, exc)
        services.finish_check(config, error=str(exc))
        return "unreachable"
    services.finish_check(config)
    return "ok"
