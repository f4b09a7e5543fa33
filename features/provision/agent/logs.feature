Feature: Logs of a run go to LOG_URL and into the debug report
  With LOG_URL set every record from "CAPRF mode active" on is shipped to the controller, secrets
  scrubbed. The flush-logs step pushes what is queued before the machine leaves the ramdisk, and
  the agent flushes again when the run ends (v0.0.1 lost queued lines at reboot). The last lines
  are kept in memory for the debug report of a failed step. A dry run sends nothing at all.

  Background:
    Given every pipeline step is recorded instead of done
    And the network is left alone

  Scenario: Every record of the run is shipped, the token scrubbed
    Given the deploy vars:
      """
      MODE="provision"
      HOSTNAME="node-7"
      IMAGE="http://images.example/os.img"
      LOG_URL="http://127.0.0.1:8080/log"
      TOKEN="s3cr3t-token"
      """
    When the agent runs
    Then the controller's log has a line with "CAPRF mode active"
    And the controller's log has a line with "step=report-success"
    And no shipped line contains "s3cr3t-token"

  Scenario: The flush-logs step pushes the queued lines out before the machine leaves
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      LOG_URL="http://127.0.0.1:8080/log"
      """
    When the agent runs
    Then when flush-logs ran the controller already had the line with "step=report-success"

  Scenario: The debug report of a failed step carries the last log lines
    Given the deploy vars:
      """
      MODE="provision"
      HOSTNAME="node-7"
      IMAGE="http://images.example/os.img"
      """
    And the pipeline step "mount-root" fails with "mount: wrong fs type"
    When the agent runs
    Then the debug report's recent log lines include "CAPRF mode active"

  Scenario: A dry run sends nothing to the controller
    Given the deploy vars:
      """
      MODE="dry-run"
      IMAGE="http://images.example/os.img"
      LOG_URL="http://127.0.0.1:8080/log"
      """
    When the agent runs
    Then nothing was shipped to LOG_URL
    And the controller received the statuses ""
