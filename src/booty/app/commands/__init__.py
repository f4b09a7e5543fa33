"""One module per ``booty`` subcommand.

Each module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args, services) -> int``;
``booty.app.cli.COMMANDS`` lists them in the order ``booty --help`` shows them.
"""
