"""The CAPRF endpoints: which paths exist, what each records, and what each answers.

Mirrors the nginx mock of the upstream e2e suite (spec caprf-and-config.md §6.2) where that mock
is specific, and adds what it lacks: a real command queue behind ``GET /commands``, the
``/commands/ack`` endpoint, and bodies recorded for every report. Wrong methods answer 405 with
an ``Allow`` header (HEAD included), unknown paths 404. Unlike nginx, which answered 204 to any
method on ``/commands``, only GET polls the queue here. ``/health`` is both the health report URL
(POST) and a probe answering ``ok`` to any other method.

``describe`` turns a request into an ``Event`` without side effects; ``respond`` decides the
answer, and is the only place that takes commands off the queue.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping

import attrs

from booty.adapters.mock_controller.events import Event, EventKind, Incoming, check_bearer
from booty.adapters.mock_controller.faults import FaultRule
from booty.adapters.mock_controller.wire import OK, Reply
from booty.domain.controller import Command


@attrs.frozen
class Route:
    """One CAPRF path: the event kind it records and the methods it accepts."""

    kind: EventKind
    methods: frozenset[str] = frozenset({"POST"})
    status: str = ""
    """For the status URLs: the status name recorded."""
    takes_json: bool = False
    """True for endpoints whose body is a JSON document."""


ROUTES: Mapping[str, Route] = {
    "/status/init": Route(EventKind.STATUS, status="init"),
    "/status/success": Route(EventKind.STATUS, status="success"),
    "/status/error": Route(EventKind.STATUS, status="error"),
    "/status/heartbeat": Route(EventKind.HEARTBEAT),
    "/log": Route(EventKind.LOG),
    "/debug": Route(EventKind.DEBUG),
    "/inventory": Route(EventKind.INVENTORY, takes_json=True),
    "/firmware": Route(EventKind.FIRMWARE, takes_json=True),
    "/health": Route(EventKind.HEALTH, takes_json=True),
    "/commands": Route(EventKind.COMMANDS, methods=frozenset({"GET"})),
    "/commands/ack": Route(EventKind.ACK, takes_json=True),
}


def describe(incoming: Incoming, *, token: str | None) -> Event:
    """The event recording *incoming*, before any answer (``response_status`` is 0)."""
    route = ROUTES.get(incoming.path)
    present, matched = check_bearer(incoming.authorization, token)
    text = incoming.body.decode("utf-8", "replace")
    event = Event(
        kind=EventKind.REJECTED,
        path=incoming.path,
        method=incoming.method,
        time=incoming.time,
        client=incoming.client,
        body=text,
        authorization=incoming.authorization,
        bearer_present=present,
        token_matched=matched,
    )
    if route is None:
        return event
    if route.kind is EventKind.HEALTH and incoming.method != "POST":
        return attrs.evolve(event, kind=EventKind.PROBE)
    if incoming.method not in route.methods:
        return event
    event = attrs.evolve(event, kind=route.kind, status=route.status)
    if route.kind is EventKind.LOG:
        return attrs.evolve(event, lines=split_log_lines(text))
    if route.takes_json:
        document, valid = parse_document(text)
        return attrs.evolve(event, document=document, json_valid=valid)
    return event


def split_log_lines(text: str) -> tuple[str, ...]:
    """The non-empty lines of a (possibly batched) log body, in order.

    Only ``\\n`` separates lines (a trailing ``\\r`` is dropped): ``str.splitlines`` would also
    split on form feeds and Unicode separators that a single log message may contain.
    """
    return tuple(line.removesuffix("\r") for line in text.split("\n") if line.removesuffix("\r"))


def parse_document(text: str) -> tuple[object, bool]:
    """``(parsed, True)`` for valid JSON, else ``(text, False)``."""
    try:
        return json.loads(text), True
    except json.JSONDecodeError:
        return text, False


def respond(event: Event, *, take_commands: Callable[[], tuple[Command, ...]]) -> tuple[Reply, Event]:
    """The answer to a described request, and the event completed with it.

    Args:
        event: what ``describe`` made of the request.
        take_commands: pops every queued command; called only for an accepted command poll.
    """
    if event.kind is EventKind.REJECTED:
        reply = _rejection(event)
    elif event.kind is EventKind.PROBE:
        reply = Reply.text(200, "ok")
    elif event.kind is EventKind.COMMANDS:
        commands = take_commands()
        event = attrs.evolve(event, commands=tuple(c.id for c in commands))
        reply = Reply.json(200, [command_to_json(c) for c in commands]) if commands else Reply(204)
    elif event.kind is EventKind.ACK and parse_ack(event.document) is None:
        reply = Reply.json(400, {"error": 'expected {"id": "...", "status": "...", "message"?: "..."}'})
    else:
        reply = OK
    return reply, attrs.evolve(event, response_status=reply.status)


def _rejection(event: Event) -> Reply:
    route = ROUTES.get(event.path)
    if route is None:
        return Reply.json(404, {"error": f"no such endpoint: {event.path}"})
    allow = ", ".join(sorted(route.methods))
    return Reply.json(405, {"error": f"{event.method} not allowed; use {allow}"}, headers=(("Allow", allow),))


def command_to_json(command: Command) -> dict[str, str | None]:
    """The wire shape of a command: ``{"ID", "Type", "Payload"}`` with base64 or null payload."""
    payload = base64.b64encode(command.payload).decode("ascii") if command.payload else None
    return {"ID": command.id, "Type": command.type, "Payload": payload}


def parse_ack(document: object) -> tuple[str, str, str] | None:
    """``(id, status, message)`` from an ack body; None unless id and status are strings."""
    if not isinstance(document, dict):
        return None
    ident, status, message = document.get("id"), document.get("status"), document.get("message") or ""
    if not isinstance(ident, str) or not isinstance(status, str) or not isinstance(message, str):
        return None
    return ident, status, message


def fault_reply(rule: FaultRule) -> Reply:
    """The answer of a status fault: its status, a JSON error naming the rule, Retry-After if set."""
    headers = (("Retry-After", str(rule.retry_after)),) if rule.retry_after is not None else ()
    return Reply.json(rule.status, {"error": "injected fault", "fault": rule.spec()}, headers=headers)
