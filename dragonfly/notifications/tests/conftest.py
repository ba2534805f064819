from .email_helpers import postmark, smtp_server, tasks_inline  # noqa: F401 (the email tests' fixtures)
