Feature: Dry run and standby
  MODE=dry-run plans exactly like MODE=provision, but every step is marked as a dry run: the agent
  logs what each step would do and changes nothing. v0.0.1 had no dry run and provisioned for
  real (spec provisioning.md §1.2, §5.5). MODE=standby has no pipeline: the agent reports init,
  sends heartbeats and waits for a command (caprf-and-config.md §4.9).

  Scenario: A dry run plans the provision steps, each as a dry run
    Given the vars file:
      """
      MODE="dry-run"
      IMAGE="https://images.example/os.img.gz"
      HOSTNAME="node-1"
      """
    When booty plans the run
    Then the pipeline is "provision"
    And every step is marked as a dry run
    And the steps that run are those of the same file with MODE="provision"
    And the plan passes the ordering check

  Scenario: A real provision is not a dry run
    Given the vars file:
      """
      MODE="provision"
      IMAGE="https://images.example/os.img.gz"
      """
    When booty plans the run
    Then no step is marked as a dry run

  Scenario: A dry run still says which steps it would skip, and why
    Given the vars file:
      """
      MODE="dry-run"
      IMAGE="https://images.example/os.img.gz"
      """
    When booty plans the run
    Then "set-hostname" is skipped because "HOSTNAME is empty"

  Scenario: Standby has no pipeline, and the plan says so
    Given the vars file:
      """
      MODE="standby"
      """
    When booty plans the run
    Then the pipeline is "standby"
    And the plan has no steps
    And the plan says "standby has no pipeline: booty reports init, sends heartbeats and polls for commands; a provision or deprovision command then runs that pipeline"
