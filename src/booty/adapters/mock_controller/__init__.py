"""A mock CAPRF controller: a real HTTP server that records what the agent tells it.

Tests and the demo run the agent against it over loopback. It serves every controller endpoint
(statuses, heartbeat, log, debug, inventory, firmware, health, commands and their acks), hands
out queued standby commands once each, injects faults (error statuses, delays, dropped
connections), optionally records to a directory, and has an admin API under ``/_booty/``.

Only the standard library, attrs and ``booty.domain`` are used: the mock must not share code
with the agent's own HTTP client, or a bug on one side could hide the same bug on the other.

Modules: ``server`` (``MockController``, ``serve``), ``handler`` and ``httpd`` (the HTTP
plumbing), ``endpoints`` (the CAPRF routes), ``admin`` (``/_booty/``), ``faults`` (rules and the
``--fault`` grammar), ``events`` (what is recorded), ``recorder`` (record files), ``state``
(the shared, locked memory) and ``wire`` (body framing and replies).
"""

from booty.adapters.mock_controller.events import Ack, Event, EventKind
from booty.adapters.mock_controller.faults import FaultAction, FaultRule, parse_fault_spec
from booty.adapters.mock_controller.server import MockController, parse_listen, serve
from booty.adapters.mock_controller.wire import MAX_BODY

__all__ = [
    "MAX_BODY",
    "Ack",
    "Event",
    "EventKind",
    "FaultAction",
    "FaultRule",
    "MockController",
    "parse_fault_spec",
    "parse_listen",
    "serve",
]
