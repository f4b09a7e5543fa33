"""The admin API under ``/_booty/``, for tests and the demo to steer a running mock controller.

* ``GET /_booty/events``: every event as JSON, masked (``Bearer ***``);
* ``GET /_booty/commands``: the queued commands, left in the queue;
* ``POST /_booty/commands``: queue a JSON array of ``{"ID", "Type", "Payload"}`` objects;
* ``GET /_booty/faults``: the armed faults with their remaining counts;
* ``POST /_booty/faults``: replace the armed faults with a JSON array of spec strings or objects;
* ``DELETE /_booty/faults``: disarm every fault;
* ``POST /_booty/reset``: forget events, queued commands and faults.

Admin calls are never recorded and never faulted. They need no token: the mock controller is a
test tool meant to listen on loopback. Bad input answers 400 with ``{"error": "..."}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from booty.adapters.mock_controller.endpoints import command_to_json
from booty.adapters.mock_controller.faults import ADMIN_PREFIX, fault_from_json, fault_to_json
from booty.adapters.mock_controller.state import ControllerState
from booty.adapters.mock_controller.wire import OK, Reply
from booty.domain.controller import parse_commands
from booty.domain.errors import ControllerError

AdminAction = Callable[[ControllerState, bytes], Reply]


def _events(state: ControllerState, _: bytes) -> Reply:
    return Reply.json(200, state.exported_events())


def _pending(state: ControllerState, _: bytes) -> Reply:
    return Reply.json(200, [command_to_json(c) for c in state.pending_commands()])


def _enqueue(state: ControllerState, body: bytes) -> Reply:
    # The domain parser is the agent's own reading of a command poll, so whatever is queued
    # here is exactly what the agent will understand when it polls.
    queued = state.enqueue(parse_commands(body))
    return Reply.json(200, {"status": "ok", "queued": queued})


def _armed(state: ControllerState, _: bytes) -> Reply:
    return Reply.json(200, [fault_to_json(r, remaining=n) for r, n in state.armed_faults()])


def _set_faults(state: ControllerState, body: bytes) -> Reply:
    try:
        data = json.loads(body) if body.strip() else []
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"faults body is not JSON: {e}") from e
    if not isinstance(data, list):
        raise ValueError("faults body must be a JSON array")
    state.set_faults([fault_from_json(item) for item in data])
    return Reply.json(200, {"status": "ok", "armed": len(data)})


def _clear_faults(state: ControllerState, _: bytes) -> Reply:
    state.set_faults(())
    return OK


def _reset(state: ControllerState, _: bytes) -> Reply:
    state.reset()
    return OK


ADMIN_ROUTES: dict[str, dict[str, AdminAction]] = {
    "events": {"GET": _events},
    "commands": {"GET": _pending, "POST": _enqueue},
    "faults": {"GET": _armed, "POST": _set_faults, "DELETE": _clear_faults},
    "reset": {"POST": _reset},
}


def handle_admin(state: ControllerState, *, method: str, path: str, body: bytes) -> Reply:
    """Answer one admin request.

    Args:
        state: the controller to steer.
        method: the HTTP method.
        path: the full path, starting with ``/_booty/``.
        body: the request body.
    """
    actions = ADMIN_ROUTES.get(path.removeprefix(ADMIN_PREFIX))
    if actions is None:
        return Reply.json(404, {"error": f"no such admin endpoint: {path}"})
    action = actions.get(method)
    if action is None:
        allow = ", ".join(sorted(actions))
        return Reply.json(405, {"error": f"{method} not allowed; use {allow}"}, headers=(("Allow", allow),))
    try:
        return action(state, body)
    except (ValueError, ControllerError) as e:
        return Reply.json(400, {"error": str(e)})
