"""Emailing the report: addresses, the summary bodies, the message, the SMTP session, delivery."""
