Feature: Polling for standby commands
  In standby the agent GETs COMMANDS_URL (spec caprf-and-config.md §2.5). One attempt per poll:
  the poll itself repeats. 204 and 404 mean "nothing to do"; the answer is size-limited.

  Background:
    Given the controller endpoints:
      | key          | value                        |
      | TOKEN        | my-token                     |
      | COMMANDS_URL | https://caprf.local/commands |

  Scenario: Commands are decoded in order
    Given the controller answers COMMANDS_URL with 200 and body:
      """
      [{"ID":"cmd-reboot","Type":"reboot"},{"ID":"cmd-status","Type":"status-check","Payload":null}]
      """
    When the agent polls for commands
    Then the commands are:
      | id         | type         |
      | cmd-reboot | reboot       |
      | cmd-status | status-check |
    And 1 request was sent
    And every request carried "Authorization: Bearer my-token"

  Scenario Outline: No content means no commands
    Given the controller answers COMMANDS_URL with <status>
    When the agent polls for commands
    Then there are no commands

    Examples:
      | status |
      | 204    |
      | 404    |

  Scenario: A server error fails the poll without retrying
    Given the controller answers COMMANDS_URL with 500
    When the agent polls for commands
    Then the poll failed with "fetch commands: status 500"
    And 1 request was sent

  Scenario: An undecodable answer fails the whole poll
    Given the controller answers COMMANDS_URL with 200 and body:
      """
      [{"ID": 7, "Type": "reboot"}]
      """
    When the agent polls for commands
    Then the poll failed with "decode commands"

  Scenario: The answer is read with a size limit
    When the agent polls for commands
    Then the request allowed at most 1048576 bytes of answer
