"""Email over SMTP. Settings come from the customer's `notify:` block, else the deployment defaults:

notify:
  email_to: ops@acme.com            # or a list
  smtp_host: smtp.acme.com
  smtp_port: 587
  smtp_user: alerts
  smtp_password_env: ACME_SMTP_PASSWORD   # env var NAME; the password itself never sits in a file
  smtp_from: budget-sync@acme.com
  smtp_starttls: true
"""

import os
import smtplib
from email.message import EmailMessage


def smtp_settings(notify: dict, defaults) -> dict | None:
    """The SMTP settings to use, or None when email is not configured for this customer."""
    to = notify.get("email_to") or (defaults.smtp_to if defaults else "")
    host = notify.get("smtp_host") or (defaults.smtp_host if defaults else "")
    if not to or not host:
        return None
    password_env = notify.get("smtp_password_env")
    password = (
        os.environ.get(password_env, "") if password_env else (defaults.smtp_password if defaults else "")
    )
    return {
        "host": host,
        "port": int(notify.get("smtp_port") or (defaults.smtp_port if defaults else 25)),
        "user": notify.get("smtp_user") or (defaults.smtp_user if defaults else ""),
        "password": password,
        "from": notify.get("smtp_from")
        or (defaults.smtp_from if defaults else "")
        or "budget-sync@localhost",
        "to": [to] if isinstance(to, str) else list(to),
        "starttls": bool(notify.get("smtp_starttls", False)),
    }


def send_email(settings: dict, subject: str, body: str, timeout: float = 10) -> None:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings["from"]
    message["To"] = ", ".join(settings["to"])
    message.set_content(body)
    with smtplib.SMTP(settings["host"], settings["port"], timeout=timeout) as smtp:
        if settings["starttls"]:
            smtp.starttls()
        if settings["user"]:
            smtp.login(settings["user"], settings["password"])
        smtp.send_message(message)
