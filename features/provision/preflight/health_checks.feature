Feature: Health checks before anything is wiped
  With HEALTH_CHECKS_ENABLED the health-checks step runs seven checks in a fixed order, each with
  a name and a severity: disk-presence (critical), disk-ioerr (warning), memory-ecc (critical),
  minimum-memory (critical), minimum-cpu (critical), nic-link-state (warning), thermal-state
  (warning). Every result goes to HEALTH_CHECK_URL; a failed critical check stops the run before
  the target disk is chosen, so a machine with bad hardware keeps its disks as they were.

  Scenario: A real disk is one with a device behind it; loop devices do not count (H5)
    Given the host has these files:
      | path                   | content |
      | /sys/block/sda/device/ |         |
      | /sys/block/loop0/      |         |
    When the step health-checks runs
    Then the step succeeds
    And the health report shows disk-presence as pass with "found 1 disk(s): sda"

  Scenario: A machine with only loop devices has no disk to provision (H6)
    Given the host has these files:
      | path              | content |
      | /sys/block/loop0/ |         |
    When the step health-checks runs
    Then the step fails with "critical health check(s) failed: disk-presence"
    And the health report shows disk-presence as fail with "no physical disks found"
    And the health report gives disk-presence the severity critical

  Scenario: An unreadable /sys/block fails the disk checks with the reason
    When the step health-checks runs
    Then the health report shows disk-presence as fail with "cannot read /sys/block"
    And the health report gives disk-presence the details "No such file or directory"
    And the health report shows disk-ioerr as fail with "cannot read /sys/block"

  Scenario Outline: A disk's IO error counter must be zero (H7)
    Given the host has these files:
      | path                            | content   |
      | /sys/block/sda/device/ioerr_cnt | <counter> |
    When the step health-checks runs
    Then the step succeeds
    And the health report shows disk-ioerr as <status> with "<message>"
    And the health report gives disk-ioerr the details "<details>"

    Examples:
      | counter | status | message                         | details            |
      | 0x0     | pass   | checked 1 disk(s), no IO errors |                    |
      | 0       | pass   | checked 1 disk(s), no IO errors |                    |
      | 0x5     | fail   | 1 disk(s) with IO errors        | sda: ioerr_cnt=0x5 |

  Scenario: Disks without an IO error counter are not judged
    Given the host has these files:
      | path                   | content |
      | /sys/block/sda/device/ |         |
    When the step health-checks runs
    Then the health report shows disk-ioerr as skip with "no disks with IO error counters found"

  Scenario: Without EDAC the ECC check is skipped (H8)
    When the step health-checks runs
    Then the health report shows memory-ecc as skip with "EDAC not available, skipping ECC check"

  Scenario Outline: Uncorrectable ECC errors of all memory controllers add up (H8)
    Given the host has these files:
      | path                                     | content |
      | /sys/devices/system/edac/mc/mc0/ue_count | <count> |
      | /sys/devices/system/edac/mc/mc1/ue_count | 0       |
    When the step health-checks runs
    Then the health report shows memory-ecc as <status> with "<message>"

    Examples:
      | count | status | message                               |
      | 0     | pass   | no uncorrectable ECC errors           |
      | 3     | fail   | 3 uncorrectable ECC error(s) detected |
      | n/a   | pass   | no uncorrectable ECC errors           |

  Scenario Outline: Memory is counted in whole GiB against HEALTH_MIN_MEMORY_GB (H9)
    Given the deploy vars also set HEALTH_MIN_MEMORY_GB="<minimum>"
    And the host has these files:
      | path          | content                              |
      | /proc/meminfo | MemTotal:  <kib> kB\nMemFree: 1 kB\n |
    When the step health-checks runs
    Then the health report shows minimum-memory as <status> with "<message>"

    Examples:
      | kib      | minimum | status | message                                    |
      | 16384000 | 8       | pass   | memory OK: 15 GiB >= 8 GiB minimum         |
      | 4194304  | 8       | fail   | insufficient memory: 4 GiB < 8 GiB minimum |
      | 4194304  | 0       | pass   | no minimum memory requirement configured   |

  Scenario: A missing /proc/meminfo fails the memory minimum
    Given the deploy vars also set HEALTH_MIN_MEMORY_GB="1"
    When the step health-checks runs
    Then the health report shows minimum-memory as fail with "cannot read memory info"

  Scenario Outline: Logical CPUs are counted against HEALTH_MIN_CPUS (H10)
    Given the deploy vars also set HEALTH_MIN_CPUS="<minimum>"
    And /proc/cpuinfo lists <count> processors
    When the step health-checks runs
    Then the health report shows minimum-cpu as <status> with "<message>"

    Examples:
      | count | minimum | status | message                               |
      | 4     | 2       | pass   | CPUs OK: 4 >= 2 minimum               |
      | 1     | 4       | fail   | insufficient CPUs: 1 < 4 minimum      |
      | 1     | 0       | pass   | no minimum CPU requirement configured |

  Scenario Outline: A physical NIC without carrier is reported, and only warned about (H11)
    Given the host has these files:
      | path                        | content   |
      | /sys/class/net/eth0/carrier | <carrier> |
    And the host has these links:
      | path                       | target                |
      | /sys/class/net/eth0/device | ../../../0000:03:00.0 |
    When the step health-checks runs
    Then the health report shows nic-link-state as <status> with "<message>"
    And the health report gives nic-link-state the details "<details>"

    Examples:
      | carrier | status | message                       | details |
      | 1       | pass   | all 1 physical NIC(s) link up |         |
      | 0       | fail   | 1/1 NIC(s) link down          | eth0    |

  Scenario: Loopback and container interfaces are not physical NICs (H12)
    Given the host has these files:
      | path                    | content |
      | /sys/class/net/lo/      |         |
      | /sys/class/net/docker0/ |         |
    When the step health-checks runs
    Then the health report shows nic-link-state as pass with "all 0 physical NIC(s) link up"

  Scenario Outline: Thermal zones above 95 °C are reported, and only warned about (H13)
    Given the host has these files:
      | path                                    | content |
      | /sys/class/thermal/thermal_zone0/temp   | <temp>  |
      | /sys/class/thermal/cooling_device0/type | Fan     |
    When the step health-checks runs
    Then the health report shows thermal-state as <status> with "<message>"
    And the health report gives thermal-state the details "<details>"

    Examples:
      | temp  | status | message                             | details             |
      | 45000 | pass   | all 1 thermal zone(s) within limits |                     |
      | 98000 | fail   | 1 thermal zone(s) above 95°C        | thermal_zone0: 98°C |
      | hot   | skip   | no readable thermal zones found     |                     |

  Scenario: Without thermal zone information the thermal check is skipped (H13)
    When the step health-checks runs
    Then the health report shows thermal-state as skip with "thermal zone info not available"

  Scenario: The report lists all seven checks in order, message and details only when set
    Given a healthy machine
    When the step health-checks runs
    Then the step succeeds
    And the controller received the health report:
      """
      [{"name": "disk-presence", "status": "pass", "severity": "critical", "message": "found 1 disk(s): sda"},
       {"name": "disk-ioerr", "status": "pass", "severity": "warning", "message": "checked 1 disk(s), no IO errors"},
       {"name": "memory-ecc", "status": "pass", "severity": "critical", "message": "no uncorrectable ECC errors"},
       {"name": "minimum-memory", "status": "pass", "severity": "critical", "message": "no minimum memory requirement configured"},
       {"name": "minimum-cpu", "status": "pass", "severity": "critical", "message": "no minimum CPU requirement configured"},
       {"name": "nic-link-state", "status": "pass", "severity": "warning", "message": "all 1 physical NIC(s) link up"},
       {"name": "thermal-state", "status": "pass", "severity": "warning", "message": "all 1 thermal zone(s) within limits"}]
      """
    And the log says "Health check result"

  Scenario: Checks named in HEALTH_SKIP_CHECKS are reported as skipped, not run
    Given the deploy vars also set HEALTH_SKIP_CHECKS="disk-presence, disk-ioerr"
    When the step health-checks runs
    Then the step succeeds
    And the health report shows disk-presence as skip with "skipped by configuration"
    And the health report gives disk-presence the severity critical
    And the health report shows disk-ioerr as skip with "skipped by configuration"

  Scenario: Failed warning checks do not stop provisioning
    Given a healthy machine
    And the host has these files:
      | path                                  | content |
      | /sys/block/sda/device/ioerr_cnt       | 0x2     |
      | /sys/class/thermal/thermal_zone0/temp | 99000   |
    When the step health-checks runs
    Then the step succeeds
    And the health report shows disk-ioerr as fail with "1 disk(s) with IO errors"
    And the health report shows thermal-state as fail with "1 thermal zone(s) above 95°C"

  Scenario: Every failed critical check is named, in run order (H14)
    Given the deploy vars also set HEALTH_MIN_MEMORY_GB="64"
    And the deploy vars also set HEALTH_MIN_CPUS="8"
    And the host has these files:
      | path              | content               |
      | /sys/block/loop0/ |                       |
      | /proc/meminfo     | MemTotal: 65536000 kB |
    And /proc/cpuinfo lists 8 processors
    When the step health-checks runs
    Then the step fails with "critical health check(s) failed: disk-presence, minimum-memory"

  Scenario: A health report the controller does not take is a warning; the verdict stands
    Given a healthy machine
    And the controller is down
    When the step health-checks runs
    Then the step succeeds
    And the log says "Health check report not delivered"
