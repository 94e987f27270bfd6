"""Sphinx extension: the ``openapi-reference`` directive writes the HTTP API reference.

The page is generated at build time from the OpenAPI document that
``infointerview serve`` itself serves at ``/openapi.json`` (built by
``infointerview._serve.openapi.document``): one section per endpoint with its
body, parameters and answers, and one per schema with a table of its fields.
An endpoint or field added to the service appears here on the next build, so
the reference cannot drift from what the service accepts and answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generated_markdown import markdown_directive
from sphinx.application import Sphinx

import infointerview as ii
from infointerview._serve.openapi import document
from infointerview._serve.settings import DEFAULT_MAX_BODY

_METHODS = ("get", "post")


def openapi_document() -> dict[str, Any]:
    """Return the document a service with the defaults and ``--page`` serves."""
    ids = [rule.id for rule in ii.etiquette.rules(plugins=False)]
    return document(rule_ids=ids, max_body=DEFAULT_MAX_BODY, page=True)


def _anchor(name: str) -> str:
    return f"http-schema-{name.lower()}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rpartition("/")[2]
        return f"{{ref}}`{name} <{_anchor(name)}>`"
    if "anyOf" in schema:
        return " or ".join(_type(option) for option in schema["anyOf"])
    if "const" in schema:
        return f"`{schema['const']!r}`".replace("'", '"')
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items")
        if not items:
            return "list"
        inner = _type(items)
        return "list of objects" if inner == "object" else f"list of {inner}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        keys = schema.get("propertyNames")
        named = f" from {_type(keys)}" if keys else ""
        return f"object of {_type(schema['additionalProperties'])}, keyed{named}"
    if kind == "null":
        return "null"
    return str(kind or "any value")


def _rows(schema: dict[str, Any], prefix: str = "") -> Iterator[list[str]]:
    required = set(schema.get("required", ()))
    for name, field in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        description = field.get("description", "")
        if "default" in field:
            description = f"{description} Default: `{field['default']}`.".strip()
        yield [f"`{path}`", _type(field), "yes" if name in required else "", description]
        items = field.get("items", {})
        if field.get("type") == "object" and "properties" in field:
            yield from _rows(field, f"{path}.")
        elif isinstance(items, dict) and "properties" in items:
            yield from _rows(items, f"{path}[].")


def _table(schema: dict[str, Any]) -> list[str]:
    rows = list(_rows(schema))
    if not rows:
        return []
    lines = ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _operation(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    anchor = "http-" + method + path.replace("/", "-").replace(".", "-").rstrip("-")
    lines = [
        f"({anchor})=",
        f"### `{method.upper()} {path}`",
        "",
        f"*{operation['summary']}.*",
        "",
    ]
    if operation.get("description"):
        lines += [operation["description"], ""]
    body = operation.get("requestBody", {}).get("content", {})
    for media, content in body.items():
        lines += [f"**Body:** `{media}`, {_type(content['schema'])}.", ""]
    parameters = operation.get("parameters", [])
    if parameters:
        lines += ["**Query parameters:**", ""]
        lines += ["| parameter | type | meaning |", "| --- | --- | --- |"]
        for parameter in parameters:
            description = parameter.get("description", "")
            cells = [f"`{parameter['name']}`", _type(parameter["schema"]), description]
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        lines.append("")
    keyed = {"bearer": []} in operation.get("security", [])
    lines += [
        "**API key:** "
        + ("required when the server runs with `--api-key-file`." if keyed else "never required."),
        "",
        "**Answers:**",
        "",
    ]
    for status, answer in operation["responses"].items():
        content = answer.get("content", {})
        shapes = [
            _type(entry["schema"]) if "schema" in entry else f"`{media}`"
            for media, entry in content.items()
        ]
        shown = f" {', '.join(shapes)}" if shapes else ""
        lines.append(f"- `{status}`{shown}: {answer['description']}")
    return [*lines, ""]


def openapi_markdown() -> list[str]:
    """Return the MyST Markdown of the HTTP API reference."""
    doc = openapi_document()
    lines = ["## Endpoints", ""]
    for path, item in doc["paths"].items():
        for method in _METHODS:
            if method in item:
                lines += _operation(path, method, item[method])
    lines += ["## Schemas", ""]
    for name, schema in doc["components"]["schemas"].items():
        lines += [f"({_anchor(name)})=", f"### `{name}`", ""]
        if schema.get("description"):
            lines += [schema["description"], ""]
        if schema.get("type") == "array":
            lines += ["A list; each item:", ""]
            lines += _table(schema["items"])
        else:
            lines += _table(schema)
    return lines


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive(
        "openapi-reference", markdown_directive(openapi_markdown, "openapi-reference")
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
