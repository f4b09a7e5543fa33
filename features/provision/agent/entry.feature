Feature: booty agent, the PID-1 entry point
  `booty agent` reads /deploy/vars, runs the agent and leaves the ramdisk: a run that did not end
  in its own kexec or reboot step is followed by a reboot after 2 s, so the next network boot
  tries again. A missing or broken vars file is logged with a diagnostic dump, nothing is reported
  (there is no controller to report to), and the machine reboots after 30 s (v0.0.1 at once). In
  a lab (--no-reboot, or BOOTY_NO_REBOOT set) the agent exits non-zero instead.

  Scenario: A missing vars file is dumped and the machine reboots after 30 s
    When booty agent runs
    Then the log says "Cannot use the vars file"
    And the log says "=== DEBUG DUMP START ==="
    And the log says "=== DEBUG DUMP END ==="
    And the machine rebooted after waiting 30 seconds
    And nothing was sent to the controller

  Scenario: A broken vars file names each problem with its line
    Given the file /deploy/vars on the machine is:
      """
      HOSTNAME="node-7"
      MIN_DISK_SIZE_GB="lots"
      """
    When booty agent runs
    Then a logged problem starts with "/deploy/vars:2: MIN_DISK_SIZE_GB:"
    And the machine rebooted after waiting 30 seconds

  Scenario Outline: In a lab a broken vars file only ends the agent
    Given the agent runs in a lab with <switch>
    When booty agent runs
    Then booty agent exits with 2
    And the machine did not reboot

    Examples:
      | switch              |
      | --no-reboot         |
      | BOOTY_NO_REBOOT=1   |

  Scenario: A run that fails is followed by a reboot after 2 s
    Given the file /deploy/vars on the machine is:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      """
    And the machine has no NIC
    When booty agent runs
    Then booty agent exits with 1
    And the machine rebooted after waiting 2 seconds
    And the summary says "result: failed (network)"
