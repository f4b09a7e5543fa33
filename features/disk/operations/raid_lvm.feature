Feature: RAID and LVM holders of the target disk are released, and only those
  v0.0.1 stopped every md array and deactivated every volume group of the machine (spec
  disk-and-image.md §2.2, §2.4). booty stops the arrays with a member on an approved disk and
  (de)activates the volume groups with a physical volume on one, named by UUID.

  Background:
    Given the machine has disks "sda:500, sdb:400, sdc:400"
    And "sda" has partitions "sda1, sda2"
    And the chosen disk is approved for release

  Scenario: Only the arrays on the chosen disk are stopped
    Given /proc/mdstat reads:
      """
      Personalities : [raid1]
      md0 : active raid1 sda1[0] sdb1[1]
            1046528 blocks super 1.2 [2/2] [UU]

      md1 : active raid1 sdb2[0] sdc2[1]
            1046528 blocks super 1.2 [2/2] [UU]

      unused devices: <none>
      """
    When booty stops the RAID arrays of the approved disks
    Then booty ran "mdadm --stop /dev/md0"
    And booty did not run "mdadm --stop /dev/md1"

  Scenario: Without the md driver there is nothing to stop
    When booty stops the RAID arrays of the approved disks
    Then the RAID result says "no md driver: /proc/mdstat does not exist"
    And booty ran no command

  Scenario: Only the volume groups on the chosen disk are deactivated, by UUID
    Given lvm pvs reports:
      """
      {"report": [{"pv": [
        {"pv_name": "/dev/sda2", "vg_name": "ubuntu-vg", "vg_uuid": "aaaaaa-1111", "pv_uuid": "p1", "pv_size": "1"},
        {"pv_name": "/dev/sdb", "vg_name": "ubuntu-vg", "vg_uuid": "bbbbbb-2222", "pv_uuid": "p2", "pv_size": "1"}
      ]}]}
      """
    When booty deactivates the volume groups of the approved disks
    Then booty ran "lvm vgchange --activate n --select vg_uuid=aaaaaa-1111"
    And booty did not run "lvm vgchange --activate n --select vg_uuid=bbbbbb-2222"

  Scenario Outline: A RAID array needs enough members for its level (<level>, <members> members)
    When booty plans RAID <level> over <members> disks
    Then the plan is "<verdict>"

    Examples:
      | level | members | verdict                                      |
      | 0     | 2       | ok                                           |
      | 1     | 1       | RAID requires at least 2 devices, got 1      |
      | 5     | 2       | RAID 5 requires at least 3 devices, got 2    |
      | 6     | 4       | ok                                           |
      | 10    | 2       | ok                                           |
      | 4     | 3       | unsupported RAID level 4 (booty creates [0, 1, 5, 6, 10]) |

  Scenario: A RAID array is created over approved disks only
    Given every eligible disk is approved for release
    When booty creates RAID 1 "data" over "/dev/sdb, /dev/sdc"
    Then booty ran "mdadm --create /dev/md/data --level 1 --raid-devices 2 --metadata 1.2 --run --force /dev/sdb /dev/sdc"

  Scenario: A RAID member that was not approved is refused before mdadm runs
    When booty creates RAID 1 "data" over "/dev/sda, /dev/sdb"
    Then the step fails with "refusing to write to /dev/sdb: a RAID member must be an approved disk"
    And booty ran no command
