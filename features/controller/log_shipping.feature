Feature: Shipping the agent's log to the controller
  With LOG_URL set every record of INFO and above is shipped as `[LEVEL] message key=value`
  (spec caprf-and-config.md §3). Unlike the original, which posted one line per request and lost
  its queue at reboot (§8 item 14), booty batches many lines per request, never blocks the
  agent, counts what it had to drop, and flushes before any reboot or kexec.

  Background:
    Given a log shipper to the controller with a queue of 50 lines

  Scenario: Lines are shipped in order, many per request
    When the agent logs 40 lines at INFO
    And the log shipper is closed
    Then the controller received all 40 lines in order
    And they came in fewer than 10 requests

  Scenario: The line format is the original's
    When the agent logs "Provisioning step" at INFO with step "report-init" and index 1
    And the log shipper is closed
    Then the controller received the line "[INFO] Provisioning step step=report-init index=1"

  Scenario: Records below INFO are not shipped
    When the agent logs "noise" at DEBUG
    And the agent logs "signal" at WARNING
    And the log shipper is closed
    Then the controller received exactly the lines:
      | line           |
      | [WARN] signal  |

  Scenario: While the controller is down lines are dropped and counted, then delivered
    Given the controller is down
    When the agent logs 200 lines at INFO
    And the controller comes back
    And the log shipper is closed
    Then the first delivered lines are the earliest ones
    And the controller was told how many lines were dropped
    And the shipper counts delivered and dropped lines that add up to 200

  Scenario: Closing with the controller down gives up within the flush timeout
    Given the controller is down
    When the agent logs 10 lines at INFO
    And the log shipper is closed
    Then the shipper reports 10 lines lost
    And closing took at most the flush timeout on the clock

  Scenario: The token never appears in shipped lines
    When the agent logs "using token s3cr3t-token for the controller" at INFO
    And the log shipper is closed
    Then the controller received the line "[INFO] using token *** for the controller"

  Scenario: The controller client's own warnings are not shipped
    When the controller client logs "Request failed" at WARNING
    And the log shipper is closed
    Then the controller received no lines

  Scenario: Logging after close is ignored
    When the log shipper is closed
    And the agent logs "late" at ERROR
    Then the controller received no lines
