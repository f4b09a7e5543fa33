"""booty: a bare-metal OS provisioning agent and library.

The package is hexagonal (see ARCHITECTURE in the README): ``booty.domain`` holds the pure rules,
``booty.ports`` the Protocols through which the app reaches the world, ``booty.adapters`` the real
and fake implementations, ``booty.app`` the use cases and the CLI, and ``booty.bootstrap`` wires
them together.
"""

__version__ = "0.1.0"
