Feature: Standby: heartbeats, command polls, commands run once
  MODE=standby reports init "standby", then sends a heartbeat about every 30 s and polls for
  commands about every 10 s. Each interval is jittered (heartbeat x0.8..1.2, poll x0.9..1.1) and
  the first heartbeat comes after a random delay below 30 s, so that machines do not stay in step
  after a controller restart (v0.0.1 used fixed tickers). `provision` and `deprovision` run that
  pipeline and end standby; `reboot` reboots; other types are warned about. A command ID is run
  at most once, also across a restart of the agent (v0.0.1 had no such guard).

  Background:
    Given every pipeline step is recorded instead of done
    And the network is left alone
    And the deploy vars:
      """
      MODE="standby"
      HOSTNAME="node-7"
      IMAGE="http://images.example/os.img"
      LOG_URL="http://caprf.example/log"
      """

  Scenario: Heartbeats are jittered around 30 s, the first within 30 s
    Given the standby random seed is 7
    And standby stops after 10 heartbeats
    When the agent runs
    Then the first heartbeat came within 30 seconds
    And every gap between heartbeats is between 24 and 36 seconds
    And the gaps between heartbeats are not all the same

  Scenario: Two agents with different seeds do not heartbeat in step
    When two agents in standby with seeds 1 and 2 each send 5 heartbeats
    Then their heartbeat times differ

  Scenario: Commands are polled about every 10 s
    Given standby stops after 300 seconds
    When the agent runs
    Then between 28 and 33 polls were made
    And between 9 and 12 heartbeats were sent

  Scenario Outline: A pipeline command runs that pipeline and ends standby
    Given the controller serves the commands "<id>:<type>"
    When the agent runs
    Then the agent ran the "<pipeline>" pipeline
    And standby ended by "<type>"
    And the agent exits with 0

    Examples:
      | id    | type        | pipeline         |
      | cmd-1 | provision   | provision        |
      | cmd-2 | deprovision | hard deprovision |

  Scenario: A reboot command reboots the machine
    Given reboots are allowed
    And the controller serves the commands "cmd-3:reboot"
    When the agent runs
    Then the machine rebooted once
    And standby ended by "reboot"

  Scenario: With --no-reboot a reboot command only ends standby
    Given the controller serves the commands "cmd-3:reboot"
    When the agent runs
    Then the machine did not reboot
    And the log says "Reboot suppressed"
    And standby ended by "reboot"

  Scenario: An unknown command is warned about, and the first reboot ends standby
    Given reboots are allowed
    And the controller serves the commands "cmd-4:status-check, cmd-5:reboot, cmd-6:provision"
    When the agent runs
    Then the warning "Unknown command type" names id "cmd-4" and type "status-check"
    And the controller's log has a line with "[WARN] Unknown command type id=cmd-4 type=status-check"
    And the machine rebooted once
    And no pipeline ran

  Scenario: The same command ID served twice is handled once
    Given the controller serves the commands "cmd-7:status-check" in every poll
    And standby stops after 60 seconds
    When the agent runs
    Then the warning "Unknown command type" was logged once
    And the log says "Command already executed, not repeated"

  Scenario: A restarted agent does not run a command again
    Given the controller serves the commands "cmd-8:provision"
    And the agent ran once
    And the controller serves the commands "cmd-8:provision"
    And standby stops after 60 seconds
    When the agent runs
    Then no pipeline ran
    And the log says "Command already executed, not repeated"

  Scenario: A poll that fails is warned about and polling goes on
    Given reboots are allowed
    And the first command poll fails with "fetch commands: status 500"
    And then the controller serves the commands "cmd-9:reboot"
    When the agent runs
    Then the log says "Command poll failed"
    And the machine rebooted once

  Scenario: A controller that is away is warned about and standby goes on
    Given the controller is unreachable
    And standby stops after 120 seconds
    When the agent runs
    Then the log says "Could not report standby"
    And the log says "Heartbeat failed"
    And the log says "Command poll failed"
    And standby ended by "stopped"
    And the agent exits with 0
