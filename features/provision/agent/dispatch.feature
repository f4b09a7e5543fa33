Feature: The agent runs what MODE asks for
  Once /deploy/vars is loaded the agent logs "CAPRF mode active", brings the network up, waits
  for the controller, and runs the pipeline the plan picks for MODE, or the standby loop. The
  pipeline's own last steps report the outcome, flush the logs and leave the ramdisk; the agent
  then closes the log shipper and tears the network down. An unknown MODE never gets this far:
  the configuration is refused (v0.0.1 provisioned on a typo, wiping the disks).

  Background:
    Given every pipeline step is recorded instead of done
    And the network is left alone

  Scenario Outline: Each MODE runs its own pipeline
    Given the deploy vars:
      """
      MODE="<mode>"
      HOSTNAME="node-7"
      IMAGE="http://images.example/os.img"
      """
    When the agent runs
    Then the agent ran the "<pipeline>" pipeline
    And the agent exits with 0

    Examples:
      | mode             | pipeline         |
      | provision        | provision        |
      | dry-run          | provision        |
      | deprovision      | hard deprovision |
      | soft-deprovision | soft deprovision |

  Scenario: The log says which mode is active on which machine
    Given the deploy vars:
      """
      MODE="deprovision"
      HOSTNAME="node-7"
      """
    When the agent runs
    Then the log line "CAPRF mode active" has mode="deprovision" and hostname="node-7"

  Scenario: Standby runs no pipeline until a command asks for one
    Given the deploy vars:
      """
      MODE="standby"
      HOSTNAME="node-7"
      """
    And standby stops after 5 timer events
    When the agent runs
    Then no pipeline ran
    And the controller received the statuses "init"
    And the last status message is "standby"
    And the agent exits with 0

  Scenario: A failed pipeline ends the run with exit code 1
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      """
    And the pipeline step "stream-image" fails with "image server answered 404"
    When the agent runs
    Then the agent exits with 1
    And the run ended at "pipeline" because "step stream-image failed: image server answered 404"
    And the log says "Provisioning failed"
