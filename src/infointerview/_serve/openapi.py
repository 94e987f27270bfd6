"""The OpenAPI 3.1 document of the service, served at ``/openapi.json``.

It is built from the same names the endpoints check against (the message
kinds, channels, severities, rule ids, the batch and body limits), so the
document, the validation and the reference page generated from it in the
documentation cannot drift apart. The tests validate requests and answers
against it with a JSON Schema validator.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import infointerview as ii
from infointerview._serve.languagetool import CATEGORY, LANGUAGES
from infointerview._serve.native import (
    CHANNELS,
    KINDS,
    LETTER_KINDS,
    MAX_BATCH,
    SCHEMA_NAME,
)

__all__ = ["OPENAPI_VERSION", "document"]

#: The version of the OpenAPI specification the document follows.
OPENAPI_VERSION: Final = "3.1.0"

_SEVERITIES: Final = [severity.value for severity in ii.Severity]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(
    properties: dict[str, Any],
    *,
    required: Sequence[str] = (),
    closed: bool = False,
    description: str | None = None,
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if closed:
        schema["additionalProperties"] = False
    if description:
        schema["description"] = description
    return schema


def _string(description: str, **more: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **more}


def _integer(description: str, **more: Any) -> dict[str, Any]:
    return {"type": "integer", "minimum": 0, "description": description, **more}


def _schemas(rule_ids: Sequence[str]) -> dict[str, Any]:
    rule_id = {"type": "string", "enum": list(rule_ids)}
    kind = {"type": "string", "enum": list(KINDS), "default": "outreach"}
    channel = _nullable({"type": "string", "enum": list(CHANNELS)})
    finding = _object(
        {
            "rule": _string("The rule id, or `input-truncated`."),
            "severity": {"type": "string", "enum": _SEVERITIES},
            "message": _string("What is wrong and why."),
            "start": _integer("Start of the phrase, in code points (Python string indices)."),
            "end": _integer("End of the phrase, in code points; 0 and 0 for the whole text."),
            "suggestion": _nullable(_string("What to do instead.")),
            "field": _nullable(_string("For model checks, the part concerned.")),
            "utf16_start": _integer("`start` in UTF-16 code units, as JavaScript counts."),
            "utf16_end": _integer("`end` in UTF-16 code units."),
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "decided_by": {"type": "string", "enum": ["pattern", "model", "check"]},
        },
        required=(
            "rule",
            "severity",
            "message",
            "start",
            "end",
            "suggestion",
            "field",
            "utf16_start",
            "utf16_end",
            "confidence",
            "decided_by",
        ),
        description="One finding, as `Finding.to_dict()` writes it; new keys may appear.",
    )
    config = _object(
        {
            "select": _nullable({"type": "array", "items": rule_id}),
            "ignore": {"type": "array", "items": rule_id},
            "severities": {
                "type": "object",
                "propertyNames": rule_id,
                "additionalProperties": {"type": "string", "enum": _SEVERITIES},
            },
            "preset": {"type": "string", "enum": list(ii.etiquette.PRESETS)},
            "linkedin_premium": {"type": "boolean"},
        },
        closed=True,
        description="Which rules run and how, over the server's own configuration.",
    )
    header = {
        "schema": {"type": "string", "const": SCHEMA_NAME},
        "version": {"type": "integer", "const": ii.etiquette.SCHEMA_VERSION},
    }
    text = {"type": "string", "description": "The message as the user typed it."}
    model = "The model's dict form, as `{name}.to_dict()` writes it."
    letter = _object(
        {
            "kind": {"type": "string", "enum": list(LETTER_KINDS)},
            "channel": channel,
            "subject": _nullable({"type": "string"}),
            "body": _string("The letter's plain text."),
            "text": _string("The letter as text, led by its Subject line if any."),
            "markdown": _string("The letter as Markdown, every character literal."),
            "html": _string("The letter as an HTML fragment, escaped or sanitised."),
            "template": _string("The template that rendered it."),
        },
        required=("kind", "channel", "subject", "body", "text", "markdown", "html", "template"),
    )
    question = _object(
        {
            "id": {"type": "string"},
            "category": {"type": "string", "enum": [c.value for c in ii.QuestionCategory]},
            "text": _string("The question, personalised."),
            "tags": {"type": "array", "items": {"type": "string"}},
            "minutes": {"type": "integer", "minimum": 0},
            "priority": {"type": "integer"},
            "tiara": {"type": "string", "enum": [part.value for part in ii.TiaraPart]},
            "template": _string("The question before personalisation."),
        },
        required=("id", "category", "text", "tags", "minutes", "priority", "tiara"),
    )
    section = _object(
        {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "purpose": {"type": "string"},
            "minutes": {"type": "integer", "minimum": 0},
            "questions": {"type": "array", "items": {"type": "string"}},
        },
        required=("id", "title", "purpose", "minutes", "questions"),
    )
    match = _object(
        {
            "message": _string("What is wrong and why, then what to do instead."),
            "shortMessage": _string("The rule, in a few words."),
            "replacements": {
                "type": "array",
                "items": _object({"value": {"type": "string"}}, required=("value",)),
                "description": "Always empty: our suggestions are advice, given in the message.",
            },
            "offset": _integer("Start in UTF-16 code units of what was sent, markup included."),
            "length": _integer("Length in UTF-16 code units."),
            "context": _object(
                {
                    "text": _string("The text around the match, on one line."),
                    "offset": {"type": "integer", "minimum": 0},
                    "length": {"type": "integer", "minimum": 0},
                },
                required=("text", "offset", "length"),
            ),
            "sentence": _string("The sentence the match is in."),
            "type": _object({"typeName": {"type": "string"}}, required=("typeName",)),
            "rule": _object(
                {
                    "id": _string("Our rule id, such as `no-job-ask`."),
                    "description": _string("The rule's one-line summary."),
                    "issueType": _string("`non-conformance` for an error, `style` otherwise."),
                    "category": _object(
                        {
                            "id": {"type": "string", "const": CATEGORY["id"]},
                            "name": {"type": "string"},
                        },
                        required=("id", "name"),
                    ),
                },
                required=("id", "description", "issueType", "category"),
            ),
            "ignoreForIncompleteSentence": {"type": "boolean"},
            "contextForSureMatch": {"type": "integer"},
        },
        required=(
            "message",
            "shortMessage",
            "replacements",
            "offset",
            "length",
            "context",
            "sentence",
            "rule",
        ),
    )
    language = _object(
        {"name": {"type": "string"}, "code": {"type": "string"}, "longCode": {"type": "string"}},
        required=("name", "code", "longCode"),
    )
    return {
        "Error": _object(
            {
                "error": _string("What was wrong, in one sentence."),
                "status": {"type": "integer"},
                "field": _string("The request field at fault, as a dotted path."),
                "valid": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "The values that field accepts.",
                },
            },
            required=("error", "status"),
            description="Every refusal: never a traceback.",
        ),
        "Finding": finding,
        "Config": config,
        "CheckRequest": _object(
            {"text": text, "kind": kind, "channel": channel, "config": _ref("Config")},
            required=("text",),
            closed=True,
        ),
        "Findings": _object(
            {**header, "findings": {"type": "array", "items": _ref("Finding")}},
            required=("schema", "version", "findings"),
        ),
        "BatchRequest": _object(
            {
                "messages": {
                    "type": "array",
                    "maxItems": MAX_BATCH,
                    "items": _object(
                        {
                            "id": _string("Your id for the message, returned with its findings."),
                            "text": text,
                            "kind": kind,
                            "channel": channel,
                        },
                        required=("text",),
                        closed=True,
                    ),
                },
                "kind": {**kind, "description": "The kind of a message that names none."},
                "channel": channel,
                "config": _ref("Config"),
            },
            required=("messages",),
            closed=True,
        ),
        "BatchResults": _object(
            {
                **header,
                "results": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": {"type": "string"},
                            "findings": {"type": "array", "items": _ref("Finding")},
                        },
                        required=("findings",),
                    ),
                },
            },
            required=("schema", "version", "results"),
        ),
        "RenderRequest": _object(
            {
                "kind": {"type": "string", "enum": list(LETTER_KINDS)},
                "requester": {
                    "type": "object",
                    "description": model.format(name="Requester"),
                    "examples": [ii.samples.requester().to_dict()],
                },
                "contact": {
                    "type": "object",
                    "description": model.format(name="Contact"),
                    "examples": [ii.samples.contact().to_dict()],
                },
                "meeting": _nullable(
                    {"type": "object", "description": model.format(name="Meeting")}
                ),
                "outcome": _nullable(
                    {
                        "type": "object",
                        "description": model.format(name="Outcome") + " Required for a thank-you.",
                    }
                ),
                "channel": channel,
                "style": {"type": "string", "default": "standard"},
                "offer_linkedin": {"type": "boolean", "default": False},
                "premium": {"type": "boolean", "default": False},
            },
            required=("kind", "requester", "contact"),
            closed=True,
        ),
        "Letter": letter,
        "Questionnaire": _object(
            {
                "budget_minutes": {"type": "integer"},
                "total_minutes": {"type": "integer"},
                "introduction": _object(
                    {"text": {"type": "string"}, "minutes": {"type": "integer"}},
                    required=("text", "minutes"),
                ),
                "sections": {"type": "array", "items": section},
                "questions": {"type": "array", "items": question},
            },
            required=("budget_minutes", "total_minutes", "introduction", "sections", "questions"),
        ),
        "Rules": _object(
            {
                "rules": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": {"type": "string"},
                            "summary": {"type": "string"},
                            "severity": {"type": "string", "enum": _SEVERITIES},
                            "kinds": {"type": "array", "items": {"type": "string", "enum": KINDS}},
                            "rationale": {"type": "string"},
                            "source": {"type": "string"},
                        },
                        required=("id", "summary", "severity", "kinds", "rationale", "source"),
                    ),
                }
            },
            required=("rules",),
        ),
        "Health": _object(
            {
                "status": {"type": "string", "const": "ok"},
                "version": _string("The installed infointerview version."),
                "findings_schema": _integer("The version of the findings JSON."),
                "engine": _string("The regular-expression engine: `re2` or `re`."),
                "rules": _object(
                    {
                        "count": {"type": "integer"},
                        "digest": _string("Changes whenever a rule or its examples do."),
                    },
                    required=("count", "digest"),
                ),
                "models": {
                    "type": "array",
                    "description": "The trained sentence models and their versions.",
                },
            },
            required=("status", "version", "findings_schema", "engine", "rules", "models"),
        ),
        "LanguageToolForm": _object(
            {
                "text": _string("The text to check; or give `data`."),
                "data": _string(
                    "Annotated text as JSON: "
                    '`{"annotation": [{"text": "..."}, {"markup": "<b>", "interpretAs": ""}]}`.'
                ),
                "language": _string("`auto` or an English code such as `en-US`."),
                "enabledRules": _string("Comma-separated rule ids to run."),
                "disabledRules": _string("Comma-separated rule ids not to run."),
                "enabledOnly": _string("`true`: run only `enabledRules`.", default="false"),
                "enabledCategories": _string("`ETIQUETTE` with `enabledOnly`: run every rule."),
                "disabledCategories": _string("`ETIQUETTE`: run no rule."),
                "apiKey": _string("The API key, when not sent as a Bearer header."),
                "kind": {**kind, "description": "Ours: what the message is."},
                "channel": {
                    "type": "string",
                    "enum": list(CHANNELS),
                    "description": "Ours: the channel, for its length limit.",
                },
            },
            required=("language",),
            description="LanguageTool's check form; its other fields are accepted and ignored.",
        ),
        "LanguageToolCheck": _object(
            {
                "software": _object(
                    {
                        "name": {"type": "string"},
                        "version": {"type": "string"},
                        "buildDate": {"type": "string"},
                        "apiVersion": {"type": "integer"},
                        "premium": {"type": "boolean"},
                        "status": {"type": "string"},
                    },
                    required=("name", "version", "apiVersion"),
                ),
                "warnings": _object({"incompleteResults": {"type": "boolean"}}),
                "language": _object(
                    {
                        "name": {"type": "string"},
                        "code": {"type": "string"},
                        "detectedLanguage": _object(
                            {
                                "name": {"type": "string"},
                                "code": {"type": "string"},
                                "confidence": {"type": "number"},
                            },
                            required=("name", "code"),
                        ),
                    },
                    required=("name", "code"),
                ),
                "matches": {"type": "array", "items": match},
            },
            required=("software", "language", "matches"),
        ),
        "LanguageToolLanguages": {
            "type": "array",
            "items": language,
            "examples": [list(LANGUAGES[:2])],
        },
    }


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": _ref(schema)}}


def _errors(*statuses: int) -> dict[str, Any]:
    reasons = {
        400: "The body is not valid JSON (or form).",
        401: "No valid API key (when the server requires one).",
        413: "The body is over the size limit; refused before it is read whole.",
        415: "The body is of the wrong media type.",
        422: "A field is wrong; the answer names it and, where they are few, its valid values.",
        503: "The request took longer than the time limit.",
    }
    return {str(s): {"description": reasons[s], "content": _json("Error")} for s in statuses}


def _operation(
    summary: str,
    description: str,
    answer: str,
    errors: Sequence[int],
    *,
    request: str | None = None,
    form: bool = False,
    keyed: bool = True,
    parameters: list[dict[str, Any]] | None = None,
    tag: str,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "description": description,
        "tags": [tag],
        "responses": {"200": {"description": "OK", "content": _json(answer)}, **_errors(*errors)},
    }
    if request is not None:
        media = "application/x-www-form-urlencoded" if form else "application/json"
        operation["requestBody"] = {
            "required": True,
            "content": {media: {"schema": _ref(request)}},
        }
    if parameters:
        operation["parameters"] = parameters
    operation["security"] = [{"bearer": []}, {}] if keyed else [{}]
    return operation


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    parameter: dict[str, Any] = {
        "name": name,
        "in": "query",
        "description": description,
        "schema": schema,
    }
    if schema.get("type") == "array":
        parameter.update(style="form", explode=True)
    return parameter


def _question_parameters() -> list[dict[str, Any]]:
    categories = {"type": "string", "enum": [c.value for c in ii.QuestionCategory]}
    tiara = {"type": "string", "enum": [part.value for part in ii.TiaraPart]}
    many = "Repeat the parameter for several."
    table: list[tuple[str, str, dict[str, Any]]] = [
        ("category", f"Only these categories. {many}", {"type": "array", "items": categories}),
        ("exclude_category", f"Leave these out. {many}", {"type": "array", "items": categories}),
        ("tag", f"Only questions with one of these tags. {many}",
         {"type": "array", "items": {"type": "string"}}),
        ("tiara", f"Only these TIARA parts. {many}", {"type": "array", "items": tiara}),
        ("minutes", "The time budget, introduction and closing asks included.",
         {"type": "integer", "minimum": 1, "default": 25}),
        ("max_questions", "At most this many questions besides the closing asks.",
         {"type": "integer", "minimum": 0}),
        ("max_per_category", "At most this many questions from one category.",
         {"type": "integer", "minimum": 1}),
        ("field", "The contact's field, such as `accounting`.", {"type": "string"}),
        ("organization", "Where the contact works.", {"type": "string"}),
        ("role", "The contact's job title.", {"type": "string"}),
    ]  # fmt: skip
    return [_query(name, description, schema) for name, description, schema in table]


def document(*, rule_ids: Sequence[str], max_body: int, page: bool = False) -> dict[str, Any]:
    """Return the OpenAPI document of a service.

    Args:
        rule_ids: The ids of the rules the service runs.
        max_body: The body limit, in bytes, stated in the description.
        page: Whether the service serves the as-you-type page at ``/``.

    Returns:
        The document, JSON-safe.
    """
    limits = (
        f"Request bodies are limited to {max_body} bytes; a batch holds at most "
        f"{MAX_BATCH} messages. Every error is a JSON object with an `error` member."
    )
    paths: dict[str, Any] = {
        "/v1/check": {
            "post": _operation(
                "Check one message",
                "The findings in one message, each with its span in code points and in "
                "UTF-16 code units.",
                "Findings",
                (400, 401, 413, 415, 422, 503),
                request="CheckRequest",
                tag="native",
            )
        },
        "/v1/check-batch": {
            "post": _operation(
                "Check many messages",
                f"The findings in each of up to {MAX_BATCH} messages, in order.",
                "BatchResults",
                (400, 401, 413, 415, 422, 503),
                request="BatchRequest",
                tag="native",
            )
        },
        "/v1/render": {
            "post": _operation(
                "Render a letter",
                "An outreach, thank-you or follow-up letter from the models' dict forms, "
                "in the server's template packs (packs are never uploaded).",
                "Letter",
                (400, 401, 413, 415, 422, 503),
                request="RenderRequest",
                tag="native",
            )
        },
        "/v1/questions": {
            "get": _operation(
                "Build a questionnaire",
                "Questions chosen by the builder's filters and fitted to the time budget.",
                "Questionnaire",
                (401, 422, 503),
                parameters=_question_parameters(),
                tag="native",
            )
        },
        "/v1/rules": {
            "get": _operation(
                "List the rules", "Every rule the service runs.", "Rules", (401, 503), tag="native"
            )
        },
        "/healthz": {
            "get": _operation(
                "Health check",
                "The service is up; the versions of the package, the rules and the models.",
                "Health",
                (503,),
                keyed=False,
                tag="operations",
            )
        },
        "/v2/check": {
            "post": _operation(
                "Check text (LanguageTool)",
                "LanguageTool's check: offsets and lengths in UTF-16 code units of the text "
                "as sent, markup included. The API key may also come as the `apiKey` field.",
                "LanguageToolCheck",
                (400, 401, 413, 415, 422, 503),
                request="LanguageToolForm",
                form=True,
                tag="languagetool",
            )
        },
        "/v2/languages": {
            "get": _operation(
                "List languages (LanguageTool)",
                "The languages the checks read; open without a key, as in LanguageTool.",
                "LanguageToolLanguages",
                (503,),
                keyed=False,
                tag="languagetool",
            )
        },
    }
    paths["/openapi.json"] = {
        "get": {
            "summary": "This document",
            "tags": ["operations"],
            "security": [{}],
            "responses": {"200": {"description": "OK", "content": {"application/json": {}}}},
        }
    }
    if page:
        paths["/"] = {
            "get": {
                "summary": "The as-you-type page",
                "tags": ["operations"],
                "security": [{}],
                "responses": {"200": {"description": "OK", "content": {"text/html": {}}}},
            }
        }
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "infointerview",
            "version": ii.__version__,
            "summary": "Etiquette checks, letters and questionnaires for informational "
            "interviews.",
            "description": limits,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "tags": [
            {"name": "native", "description": "The native JSON API, versioned under /v1."},
            {"name": "languagetool", "description": "LanguageTool's /v2 API, for its clients."},
            {"name": "operations", "description": "Health and the page."},
        ],
        "paths": paths,
        "components": {
            "schemas": _schemas(rule_ids),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API key from the server's --api-key-file, when it has one.",
                }
            },
        },
    }
