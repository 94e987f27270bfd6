"""The native JSON API, versioned under ``/v1``, and the health check.

Each endpoint validates the request by hand against the fields the OpenAPI
document gives, so a wrong field is a 422 naming it and its valid values,
then calls the public API in a worker thread (under the time limit) and
answers in the documented findings JSON.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, Final, Literal, TypeVar

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse

import infointerview as ii
from infointerview._serve.errors import (
    HTTPError,
    from_library,
    keys_of,
    optional_bool,
    optional_str,
    parse_json,
    string_list,
)
from infointerview._serve.service import Service

__all__ = [
    "CONFIG_FIELDS",
    "KINDS",
    "LETTER_KINDS",
    "MAX_BATCH",
    "QUESTION_PARAMETERS",
    "SCHEMA_NAME",
    "check",
    "check_batch",
    "config_from",
    "health",
    "questions",
    "render",
    "rules",
    "run_in_thread",
    "service_of",
]

#: Most messages one ``POST /v1/check-batch`` may carry.
MAX_BATCH: Final = 100
#: Name of the findings document, as ``infointerview check --format json`` writes it.
SCHEMA_NAME: Final = "infointerview.findings"
#: The message kinds, as the API spells them.
KINDS: Final = tuple(kind.value for kind in ii.MessageKind)
#: The channels, as the API spells them.
CHANNELS: Final = tuple(channel.value for channel in ii.Channel)
#: The letters ``POST /v1/render`` writes.
LETTER_KINDS: Final = ("outreach", "thank_you", "follow_up")
#: What a request's ``config`` may set; the rest is the server's to decide.
CONFIG_FIELDS: Final = ("select", "ignore", "severities", "preset", "linkedin_premium")
#: The query parameters of ``GET /v1/questions``: the builder's filters and the placeholders.
QUESTION_PARAMETERS: Final = (
    "category",
    "exclude_category",
    "tag",
    "tiara",
    "minutes",
    "max_questions",
    "max_per_category",
    "field",
    "organization",
    "role",
)
_REPEATABLE: Final = frozenset({"category", "exclude_category", "tag", "tiara"})
_NUMBERS: Final = frozenset({"minutes", "max_questions", "max_per_category"})
_JSON_TYPES: Final = ("application/json",)

_T = TypeVar("_T")


def service_of(request: Request) -> Service:
    """Return the worker's shared state."""
    service: Service = request.app.state.service
    return service


async def run_in_thread(func: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Run the library in a worker thread; a time-limited request abandons it when late."""
    call = functools.partial(func, *args, **kwargs)
    return await anyio.to_thread.run_sync(call, abandon_on_cancel=True)


async def _json_body(request: Request, service: Service) -> object:
    service.keys.check(service.keys.bearer(request.headers))
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media and media not in _JSON_TYPES and not media.endswith("+json"):
        raise HTTPError(
            415, f"the body must be JSON, sent as Content-Type: application/json, not {media}"
        )
    return parse_json(await request.body())


def _choice(data: Mapping[str, Any], key: str, valid: tuple[str, ...], where: str = "") -> Any:
    value = data.get(key)
    field = f"{where}.{key}" if where else key
    if value is not None and value not in valid:
        raise HTTPError(
            422, f"{field}: {value!r} is not one of " + ", ".join(valid), field=field, valid=valid
        )
    return value


def config_from(value: object, service: Service) -> ii.Config:
    """Return the config a request's ``config`` object asks for, over the server's.

    Args:
        value: The parsed ``config`` member, or ``None``.
        service: The worker's state.

    Returns:
        The config; the server's own when *value* is ``None``.

    Raises:
        HTTPError: 422 naming the field and its valid values.
    """
    if value is None:
        return service.config
    data = keys_of(value, "config", optional=CONFIG_FIELDS)
    ids = list(service.rule_ids)
    select = data.get("select")
    if select is not None:
        select = string_list(select, "config.select", valid=ids)
    ignore = string_list(data.get("ignore", []), "config.ignore", valid=ids)
    severities = data.get("severities", {})
    levels = [severity.value for severity in ii.Severity]
    if not isinstance(severities, dict):
        raise HTTPError(422, "config.severities must be an object", field="config.severities")
    for rule, level in severities.items():
        if rule not in ids:
            raise HTTPError(
                422,
                f"config.severities: {rule!r} is not a rule id",
                field="config.severities",
                valid=ids,
            )
        if level not in levels:
            raise HTTPError(
                422,
                f"config.severities.{rule}: {level!r} is not one of " + ", ".join(levels),
                field=f"config.severities.{rule}",
                valid=levels,
            )
    preset: Literal["five-point", "six-point"] = (
        _choice(data, "preset", tuple(ii.etiquette.PRESETS), "config") or "five-point"
    )
    premium = optional_bool(data, "linkedin_premium", "config")
    try:
        return ii.Config(
            select=select,
            ignore=ignore,
            severities=severities,
            preset=preset,
            linkedin_premium=premium,
            plugins=service.config.plugins,
        )
    except ii.InfoInterviewError as error:
        raise from_library(error, prefix="config") from None


def _message(
    value: object, where: str, *, kind: str | None = None, channel: str | None = None
) -> tuple[dict[str, Any], str, str, str | None]:
    fields = ("text", "kind", "channel", "id") if where else ("text", "kind", "channel", "config")
    data = keys_of(value, where, required=("text",), optional=fields[1:])
    text = data["text"]
    prefix = f"{where}." if where else ""
    if not isinstance(text, str):
        raise HTTPError(422, f"{prefix}text must be a string", field=f"{prefix}text")
    message_kind = _choice(data, "kind", KINDS, where) or kind or ii.MessageKind.OUTREACH.value
    message_channel = _choice(data, "channel", CHANNELS, where) or channel
    return data, text, message_kind, message_channel


def _findings_document(findings: list[ii.Finding]) -> dict[str, Any]:
    return {
        "schema": SCHEMA_NAME,
        "version": ii.etiquette.SCHEMA_VERSION,
        "findings": [finding.to_dict() for finding in findings],
    }


async def check(request: Request) -> JSONResponse:
    """``POST /v1/check``: the findings in one message."""
    service = service_of(request)
    data, text, kind, channel = _message(await _json_body(request, service), "")
    config = config_from(data.get("config"), service)

    def check_one() -> list[ii.Finding]:
        # A config not seen before builds its checker here, off the event loop.
        return service.checker_for(config).check(text, kind, channel=channel)

    findings = await run_in_thread(check_one)
    return JSONResponse(_findings_document(findings))


async def check_batch(request: Request) -> JSONResponse:
    """``POST /v1/check-batch``: the findings in each of up to :data:`MAX_BATCH` messages."""
    service = service_of(request)
    body = keys_of(
        await _json_body(request, service),
        "",
        required=("messages",),
        optional=("kind", "channel", "config"),
    )
    kind = _choice(body, "kind", KINDS)
    channel = _choice(body, "channel", CHANNELS)
    messages = body["messages"]
    if not isinstance(messages, list):
        raise HTTPError(422, "messages must be a list", field="messages")
    if len(messages) > MAX_BATCH:
        raise HTTPError(
            422,
            f"messages holds {len(messages)} messages; at most {MAX_BATCH} go in one batch",
            field="messages",
        )
    parsed = []
    ids = []
    for index, item in enumerate(messages):
        where = f"messages[{index}]"
        data, text, message_kind, message_channel = _message(
            item, where, kind=kind, channel=channel
        )
        parsed.append((text, message_kind, message_channel))
        ids.append(optional_str(data, "id", where))
    config = config_from(body.get("config"), service)

    def check_all() -> list[list[ii.Finding]]:
        checker = service.checker_for(config)
        return [checker.check(text, k, channel=c) for text, k, c in parsed]

    results = []
    for given, findings in zip(ids, await run_in_thread(check_all), strict=True):
        result: dict[str, Any] = {"findings": [f.to_dict() for f in findings]}
        if given is not None:
            result["id"] = given
        results.append(result)
    return JSONResponse(
        {"schema": SCHEMA_NAME, "version": ii.etiquette.SCHEMA_VERSION, "results": results}
    )


_RENDER_FIELDS: Final = (
    "meeting",
    "outcome",
    "channel",
    "style",
    "offer_linkedin",
    "premium",
)


def _model(data: Mapping[str, Any], key: str, model: Any, *, required: bool = False) -> Any:
    value = data.get(key)
    if value is None:
        if required:
            raise HTTPError(422, f"{key} is required", field=key)
        return None
    if not isinstance(value, dict):
        raise HTTPError(422, f"{key} must be an object: the model's dict form", field=key)
    try:
        return model.from_dict(value)
    except ii.InfoInterviewError as error:
        raise from_library(error, prefix=key) from None


async def render(request: Request) -> JSONResponse:
    """``POST /v1/render``: a letter from the models' dict forms."""
    service = service_of(request)
    body = keys_of(
        await _json_body(request, service),
        "",
        required=("kind", "requester", "contact"),
        optional=_RENDER_FIELDS,
    )
    kind = _choice(body, "kind", LETTER_KINDS)
    if kind is None:
        raise HTTPError(422, "kind is required", field="kind", valid=LETTER_KINDS)
    requester = _model(body, "requester", ii.Requester, required=True)
    contact = _model(body, "contact", ii.Contact, required=True)
    meeting = _model(body, "meeting", ii.Meeting)
    outcome = _model(body, "outcome", ii.Outcome)
    channel = _choice(body, "channel", CHANNELS)
    style = optional_str(body, "style") or "standard"
    offer_linkedin = optional_bool(body, "offer_linkedin")
    renderer = service.renderers[optional_bool(body, "premium")]
    if kind == "thank_you" and outcome is None:
        raise HTTPError(422, "outcome is required for a thank-you", field="outcome")

    def write() -> ii.Letter:
        if kind == "outreach":
            return renderer.outreach(requester, contact, channel=channel, style=style)
        if kind == "follow_up":
            return renderer.follow_up(requester, contact, channel=channel, style=style)
        return renderer.thank_you(
            requester,
            contact,
            outcome,
            meeting=meeting,
            channel=channel or ii.Channel.EMAIL,
            style=style,
            offer_linkedin=offer_linkedin,
        )

    try:
        letter = await run_in_thread(write)
    except ii.MissingTemplateError as error:
        styles = renderer.styles(kind)
        raise HTTPError(422, str(error), field="style", valid=styles) from None
    except ii.InfoInterviewError as error:
        raise from_library(error) from None
    return JSONResponse(
        {
            "kind": letter.kind.value,
            "channel": None if letter.channel is None else letter.channel.value,
            "subject": letter.subject,
            "body": letter.body,
            "text": letter.text,
            "markdown": letter.markdown,
            "html": letter.html,
            "template": letter.template,
        }
    )


def _question_filters(request: Request, service: Service) -> dict[str, Any]:
    params = request.query_params
    valid = list(QUESTION_PARAMETERS)
    for name in params:
        if name not in QUESTION_PARAMETERS:
            raise HTTPError(
                422,
                f"{name} is not a query parameter; valid ones are " + ", ".join(valid),
                field=name,
                valid=valid,
            )
        if name not in _REPEATABLE and len(params.getlist(name)) > 1:
            raise HTTPError(422, f"{name} may be given only once", field=name)
    choices = {
        "category": [c.value for c in ii.QuestionCategory],
        "exclude_category": [c.value for c in ii.QuestionCategory],
        "tag": sorted(service.bank.tags),
        "tiara": [part.value for part in ii.TiaraPart],
    }
    found: dict[str, Any] = {}
    for name, allowed in choices.items():
        found[name] = string_list(params.getlist(name), name, valid=allowed)
    for name in _NUMBERS:
        raw = params.get(name)
        if raw is None:
            continue
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
            raise HTTPError(422, f"{name} must be a whole number, not {raw!r}", field=name)
        found[name] = int(raw)
    for name in ("field", "organization", "role"):
        found[name] = params.get(name)
    return found


async def questions(request: Request) -> JSONResponse:
    """``GET /v1/questions``: a questionnaire, filtered and personalised by the query."""
    service = service_of(request)
    service.keys.check(service.keys.bearer(request.headers))
    found = _question_filters(request, service)
    numbers = {name: found[name] for name in _NUMBERS if name in found}
    try:
        builder = ii.QuestionnaireBuilder(
            bank=service.bank,
            categories=found["category"] or None,
            exclude_categories=found["exclude_category"],
            tags=found["tag"],
            tiara=found["tiara"],
            **numbers,
        )
        questionnaire = builder.build(
            field=found["field"], organization=found["organization"], role=found["role"]
        )
    except ii.BudgetError as error:
        raise HTTPError(422, str(error), field="minutes") from None
    except ii.InfoInterviewError as error:
        raise from_library(error) from None
    return JSONResponse(questionnaire.to_dict())


async def rules(request: Request) -> JSONResponse:
    """``GET /v1/rules``: every rule the service runs."""
    service = service_of(request)
    service.keys.check(service.keys.bearer(request.headers))
    return JSONResponse({"rules": service.rules_json()})


async def health(request: Request) -> JSONResponse:
    """``GET /healthz``: the service is up; the package, rules and models it runs."""
    return JSONResponse(service_of(request).health())
