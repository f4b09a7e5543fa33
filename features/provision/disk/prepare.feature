Feature: Preparing the disks (stop-raid, disable-lvm, wipe-disks, secure-erase-disks)
  Before the image is written, the md arrays and LVM volume groups on the approved disks are
  stopped, then every approved disk is cleared: wipefs on each partition, sgdisk --zap-all,
  wipefs on the disk, zeros over its first and last MiB, a partition re-read. The approved disks
  are the ones detect-disk approved; a hard deprovision, which has no detect-disk, approves every
  disk that passes the safety checks. Removable, read-only, mounted, held and virtual disks are
  never touched. Arrays and volume groups of other disks keep running.

  In a provision the only approved disk is the target; a hard deprovision approves every eligible disk.

  Background:
    Given the machine has the disks:
      | name    | size    | partitions           | notes     |
      | nvme0n1 | 480 GiB | nvme0n1p1 nvme0n1p2  |           |
      | sda     | 960 GiB | sda1                 |           |
      | sdb     | 32 GiB  | sdb1                 | removable |

  Scenario: Provision wipes the target disk and no other
    Given the step detect-disk has run
    When the step wipe-disks runs
    Then the step succeeds
    And the step detail is "wiped /dev/nvme0n1"
    And the shell ran:
      """
      wipefs --all /dev/nvme0n1p1
      wipefs --all /dev/nvme0n1p2
      sgdisk --zap-all /dev/nvme0n1
      wipefs --all /dev/nvme0n1
      partprobe /dev/nvme0n1
      """
    And the first and last MiB of /dev/nvme0n1 were zeroed
    And the shell ran no command starting with "wipefs --all /dev/sda"
    And the shell ran no command starting with "wipefs --all /dev/sdb"

  Scenario: A disk that never had a GPT is still wiped, with a warning
    Given the step detect-disk has run
    And the command "sgdisk --zap-all /dev/nvme0n1" fails with exit 2: "Problem opening /dev/nvme0n1"
    When the step wipe-disks runs
    Then the step succeeds
    And the step detail says "/dev/nvme0n1: sgdisk --zap-all exited 2: Problem opening /dev/nvme0n1"

  Scenario: A disk that cannot be cleared fails the step, naming it; the others are still cleared
    Given the deploy vars:
      """
      MODE="deprovision"
      """
    And the command "wipefs --all /dev/sda" fails with exit 1: "wipefs: error: /dev/sda: probing initialization failed: Device or resource busy"
    When the step wipe-disks runs
    Then the step fails with "/dev/sda"
    And the step fails with "Device or resource busy"
    And the first and last MiB of /dev/nvme0n1 were zeroed

  Scenario: Hard deprovision wipes every eligible disk without a detect-disk
    Given the deploy vars:
      """
      MODE="deprovision"
      """
    When the step wipe-disks runs
    Then the step succeeds
    And the disks approved for wiping are "/dev/nvme0n1, /dev/sda"
    And the first and last MiB of /dev/sda were zeroed
    And the shell ran no command starting with "wipefs --all /dev/sdb"

  Scenario: Hard deprovision of two equally good disks wipes both
    Given the machine has the disks:
      | name | size    |
      | sda  | 960 GiB |
      | sdb  | 960 GiB |
    And the deploy vars:
      """
      MODE="deprovision"
      """
    When the step wipe-disks runs
    Then the step succeeds
    And the step detail is "wiped /dev/sda, /dev/sdb"

  Scenario: Hard deprovision ignores MIN_DISK_SIZE_GB: a small disk still holds old data
    Given the machine has the disks:
      | name | size   |
      | sda  | 16 GiB |
    And the deploy vars:
      """
      MODE="deprovision"
      MIN_DISK_SIZE_GB="100"
      """
    When the step wipe-disks runs
    Then the step detail is "wiped /dev/sda"

  Scenario: A hard deprovision with no eligible disk has nothing to wipe and succeeds with a warning
    Given the machine has the disks:
      | name  | size   | notes     |
      | sdb   | 32 GiB | removable |
      | loop0 | 1 GiB  |           |
    And the deploy vars:
      """
      MODE="deprovision"
      """
    When the step wipe-disks runs
    Then the step succeeds
    And the step detail is "no eligible disk: nothing to wipe"
    And the log warns "Nothing to wipe: no disk is eligible"
    And the shell ran no command
    And no disk was zeroed

  Scenario: Only the arrays with a member on an approved disk are stopped
    Given the file /proc/mdstat of the host reads:
      """
      Personalities : [raid1]
      md127 : active raid1 sda1[0] nvme0n1p2[1]
            1046528 blocks super 1.2 [2/2] [UU]

      md5 : active raid1 sdb1[0] sdc1[1]
            1046528 blocks super 1.2 [2/2] [UU]

      unused devices: <none>
      """
    And the step detect-disk has run
    When the step stop-raid runs
    Then the step succeeds
    And the step detail is "stopped 1 array(s): /dev/md127"
    And the shell ran:
      """
      mdadm --stop /dev/md127
      """

  Scenario: Without the md driver there is no array to stop
    Given the step detect-disk has run
    When the step stop-raid runs
    Then the step succeeds
    And the step detail is "no md driver: /proc/mdstat does not exist"
    And the shell ran no command

  Scenario: An array that will not stop fails the step (best effort in the plan)
    Given the file /proc/mdstat of the host reads:
      """
      md127 : active raid1 nvme0n1p2[0]
            1046528 blocks super 1.2 [1/1] [U]
      """
    And the command "mdadm --stop /dev/md127" fails with exit 1: "mdadm: Cannot get exclusive access to /dev/md127"
    When the plan runs the steps "detect-disk, stop-raid"
    Then step stop-raid ended as "warned" with "mdadm --stop /dev/md127 exited 1: mdadm: Cannot get exclusive access to /dev/md127"

  Scenario: Only the volume groups with a PV on an approved disk are deactivated
    Given the command "lvm pvs --reportformat json --units b --nosuffix --options pv_name,vg_name,vg_uuid,pv_uuid,pv_size" prints:
      """
      {"report": [{"pv": [
        {"pv_name": "/dev/nvme0n1p2", "vg_name": "data", "vg_uuid": "VG-1", "pv_uuid": "PV-1", "pv_size": "100"},
        {"pv_name": "/dev/sdb1", "vg_name": "usb", "vg_uuid": "VG-2", "pv_uuid": "PV-2", "pv_size": "100"}
      ]}]}
      """
    And the step detect-disk has run
    When the step disable-lvm runs
    Then the step succeeds
    And the step detail is "deactivated 1 volume group(s): data"
    And the shell ran "lvm vgchange --activate n --select vg_uuid=VG-1"
    And the shell ran no command starting with "lvm vgchange --activate n --select vg_uuid=VG-2"

  Scenario: Without lvm in the initramfs disable-lvm changes nothing and succeeds
    Given every "lvm" command fails with exit 127: "lvm: not found"
    And the step detect-disk has run
    When the step disable-lvm runs
    Then the step succeeds
    And the step detail is "lvm is not installed: no volume group deactivated"

  Scenario: Secure erase falls back to a wipe where the drive cannot erase, when allowed
    Given the machine has the disks:
      | name | size    |
      | sda  | 960 GiB |
    And the deploy vars:
      """
      MODE="deprovision"
      SECURE_ERASE="true"
      SECURE_ERASE_FALLBACK="true"
      """
    And every "hdparm -I" command fails with exit 5: "HDIO_DRIVE_CMD(identify) failed: Input/output error"
    When the step secure-erase-disks runs
    Then the step succeeds
    And the step detail says "/dev/sda"
    And the first and last MiB of /dev/sda were zeroed

  Scenario: Secure erase without the fallback fails where the drive cannot erase
    Given the machine has the disks:
      | name | size    |
      | sda  | 960 GiB |
    And the deploy vars:
      """
      MODE="deprovision"
      SECURE_ERASE="true"
      """
    And every "hdparm -I" command fails with exit 5: "HDIO_DRIVE_CMD(identify) failed: Input/output error"
    When the step secure-erase-disks runs
    Then the step fails with "/dev/sda"
    And no disk was zeroed

  Scenario: Hard deprovision runs secure-erase-disks instead of wipe-disks when SECURE_ERASE is set
    Given the machine has the disks:
      | name | size    |
      | sda  | 960 GiB |
    And the deploy vars:
      """
      MODE="deprovision"
      SECURE_ERASE="true"
      SECURE_ERASE_FALLBACK="true"
      """
    And every "hdparm -I" command fails with exit 5: "HDIO_DRIVE_CMD(identify) failed: Input/output error"
    When the plan runs the steps "stop-raid, disable-lvm, wipe-disks, secure-erase-disks"
    Then step wipe-disks ended as "skipped"
    And step secure-erase-disks ended as "ok"
