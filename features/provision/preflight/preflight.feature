Feature: The pre-flight steps open every run
  report-init tells the controller the run has started; collect-inventory, collect-firmware and
  health-checks follow when INVENTORY_ENABLED, FIRMWARE_REPORT and HEALTH_CHECKS_ENABLED say so.
  Nothing on the machine changes in this phase, and a failed critical health check ends the run
  before any disk is chosen, wiped or written.

  Scenario Outline: report-init sends the init status with what is starting
    Given the deploy vars:
      """
      MODE="<mode>"
      IMAGE="http://images.example/os.img"
      """
    When the step report-init runs
    Then the step succeeds
    And the controller received the statuses "init"
    And the last status message is "<message>"

    Examples:
      | mode             | message                |
      | provision        | provisioning started   |
      | deprovision      | deprovisioning started |
      | soft-deprovision | deprovisioning started |

  Scenario: An unreachable controller fails report-init
    Given the controller is down
    When the step report-init runs
    Then the step fails with "controller unreachable"

  Scenario: Only the enabled pre-flight steps run
    Given the deploy vars also set INVENTORY_ENABLED="true"
    And a healthy machine
    When the agent runs the pre-flight steps
    Then the pre-flight steps that ran are "report-init, collect-inventory"
    And the controller received the reports "inventory"

  Scenario: All pre-flight steps report in order
    Given the deploy vars also set INVENTORY_ENABLED="true"
    And the deploy vars also set FIRMWARE_REPORT="true"
    And the deploy vars also set HEALTH_CHECKS_ENABLED="true"
    And a healthy machine
    When the agent runs the pre-flight steps
    Then the pre-flight steps that ran are "report-init, collect-inventory, collect-firmware, health-checks"
    And the controller received the reports "inventory, firmware, health"
    And the controller received the statuses "init"

  Scenario: A lost inventory report is only a warning
    Given the deploy vars also set INVENTORY_ENABLED="true"
    And the deploy vars also set HEALTH_CHECKS_ENABLED="true"
    And a healthy machine
    And the controller refuses the inventory report
    When the agent runs the pre-flight steps
    Then the pre-flight run succeeded
    And the log says "Step failed, going on (best effort)"
    And the controller received the reports "health"

  Scenario: A failed critical health check ends the run before any disk is touched (H14)
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      HEALTH_CHECKS_ENABLED="true"
      """
    And the machine has a 480 GiB disk sda
    And the host has these files:
      | path              | content |
      | /sys/block/loop0/ |         |
    When the agent runs the pipeline
    Then the controller received the statuses "init, error"
    And the last status message is "step health-checks failed: critical health check(s) failed: disk-presence"
    And no disk was wiped or written
