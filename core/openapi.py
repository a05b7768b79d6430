"""OpenAPI post-processing: every operation documents the error answers it can give.

The API answers 400 (invalid input, one error shape: core.errors), 401 (not signed in),
403 (signed in, not allowed), 404 (no such object, or not visible to you) and 429 (throttled).
drf-spectacular documents only the success answer; clients and schemathesis need the rest.
"""

ERROR_SCHEMA = {
    "type": "object",
    "description": "detail: a message in the caller's language, code: machine-readable; "
    "or field: [messages]",
    "additionalProperties": True,
}

ERRORS = {
    "400": "Invalid input",
    "401": "Authentication required",
    "403": "Not allowed",
    "404": "Not found (or not visible to you)",
    "429": "Too many requests",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in ERRORS.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
