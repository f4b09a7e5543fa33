"""The pure core of booty: values and rules with no I/O, no clock, no environment and no logging.

Rules of this package:
1. Import only the standard library and attrs (checked by import-linter).
2. Functions take values and return values; decisions carry their reasons.
3. Errors are raised from ``booty.domain.errors`` and carry structured fields.
"""
