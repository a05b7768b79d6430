"""Escaping for data placed inside HTML script elements."""

# What django.utils.html.json_script does to its JSON, for script types it does not emit
# (application/ld+json): "<", ">" and "&" become \u escapes, which JSON readers decode back.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
