Feature: The end of a run: report-success, flush-logs, then leave the ramdisk
  Success is reported before the logs are flushed, and both before the machine kexecs or
  reboots, so the controller and the log server hear everything (v0.0.1 rebooted with log
  records still queued).

  Scenario Outline: The success message names what was done
    Given the deploy vars:
      """
      MODE="<mode>"
      IMAGE="http://images.example/os.img"
      """
    When the step report-success runs
    Then the step succeeds
    And the controller received the statuses "success"
    And the last status message is "<message>"

    Examples:
      | mode             | message                 |
      | provision        | provisioning complete   |
      | deprovision      | deprovisioning complete |
      | soft-deprovision | deprovisioning complete |

  Scenario: flush-logs sends the queued log records
    Given the log records are queued for LOG_URL
    When the step flush-logs runs
    Then the step succeeds
    And the logs were flushed once

  Scenario: report-success happens before flush-logs before kexec
    Given the installed OS boots "Ubuntu" from /boot/vmlinuz-6.8.0-31-generic with /boot/initrd.img-6.8.0-31-generic
    And the agent really leaves the ramdisk
    When the end of the provision run is played
    Then the events happened in the order "status success, logs flushed, kexec"

  Scenario: A hard deprovision reports, flushes and reboots
    Given the deploy vars:
      """
      MODE="deprovision"
      """
    And the agent really leaves the ramdisk
    When the end of the deprovision run is played
    Then the events happened in the order "status success, logs flushed, reboot"
