Feature: The orchestrator runs the plan's steps in order
  booty runs the steps of the plan that apply to the configuration, one after the other, and logs
  each with its position, so an operator reading the console or LOG_URL knows how far a machine got.
  These scenarios use recording handlers: the order and policies are the orchestrator's, not a step's.

  Background:
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      TOKEN="s3cr3t-token"
      HOSTNAME="node-1"
      """
    And every step is recorded instead of done

  Scenario: Every step that applies runs once, in plan order
    When the orchestrator runs the plan
    Then the steps ran in the plan's order, skipping those whose condition is false
    And the run succeeded

  Scenario: Each step is announced with its index and the total
    When the orchestrator runs the plan
    Then the log has "Provisioning step" for "report-init" with index 1 of 35
    And the log has "Provisioning step" for "detect-disk" with index 5 of 35

  Scenario: A skipped step is logged with the reason
    When the orchestrator runs the plan
    Then the log says "Skipping step"
    And step "collect-inventory" was skipped because "INVENTORY_ENABLED is false"

  Scenario: The final summary lists the timing of every step that ran
    Given the step "stream-image" takes 42 seconds
    When the orchestrator runs the plan
    Then the log has a "Step timing" line for "stream-image" with 42.0 seconds
