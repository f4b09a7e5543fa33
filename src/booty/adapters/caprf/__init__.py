"""The CAPRF controller client: the Controller port spoken over the Http port."""

from booty.adapters.caprf.client import CaprfController, ControllerEndpoints

__all__ = ["CaprfController", "ControllerEndpoints"]
