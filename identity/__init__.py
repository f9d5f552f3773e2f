"""Who is acting: staff users and their roles, customers, API tokens, sessions and the audit
trail (issue 14). Services take an `Actor` (identity/actor.py) and never a web request."""
