Feature: Writing the image and making its root usable (stream-image to resize-filesystem)
  stream-image writes the first IMAGE alternative that delivers onto the target disk; the kernel
  then re-reads the new table, sfdisk finds the root and the EFI system partition, the root
  filesystem is checked while unmounted, volume groups of the new disk are activated, and after
  mount-root the root partition and its filesystem are grown to the end of the disk.

  Background:
    Given the machine has the disks:
      | name | size    |
      | sda  | 960 GiB |

  Scenario: The image is streamed onto the target disk
    Given the machine has the disks:
      | name | size  |
      | vda  | 8 MiB |
    And the disk /dev/vda keeps what is written to it
    And the image server has http://images.example/os.img with 512 KiB of data
    When the steps "detect-disk, stream-image" run
    Then the step succeeds
    And the disk /dev/vda starts with the 512 KiB image
    And the image is marked as written
    And the step detail says "524 kB from http://images.example/os.img in"

  Scenario: An image that is not there is not asked for again, and the disk is marked written
    When the plan runs the steps "detect-disk, stream-image"
    Then step stream-image ended as "failed" after 1 attempt
    And the run failed at stream-image with "http://images.example/os.img"
    And the image is marked as written
    And the first and last MiB of /dev/sda were zeroed
    And the controller received the statuses "error"

  Scenario: A server that keeps failing is tried again by the plan
    Given the image server answers 503 for http://images.example/os.img
    When the plan runs the steps "detect-disk, stream-image"
    Then step stream-image ended as "failed" after 3 attempts
    And the run failed at stream-image with "HTTP 503"

  Scenario: A wrong checksum is not retried
    Given the machine has the disks:
      | name | size  |
      | vda  | 8 MiB |
    And the disk /dev/vda keeps what is written to it
    And the image server has http://images.example/os.img with 64 KiB of data
    And the deploy vars also set IMAGE_CHECKSUM="0000000000000000000000000000000000000000000000000000000000000000"
    And the deploy vars also set IMAGE_CHECKSUM_TYPE="sha256"
    When the plan runs the steps "detect-disk, stream-image"
    Then step stream-image ended as "failed" after 1 attempt
    And the run failed at stream-image with "checksum mismatch"

  Scenario: partprobe makes the kernel re-read the new table
    When the steps "detect-disk, partprobe" run
    Then the step succeeds
    And the step detail is "/dev/sda re-read with partprobe"
    And the shell ran:
      """
      partprobe /dev/sda
      """

  Scenario: Without a working partprobe the kernel is asked directly
    Given the command "partprobe /dev/sda" fails with exit 127: "partprobe: not found"
    When the steps "detect-disk, partprobe" run
    Then the step succeeds
    And the step detail is "/dev/sda re-read with BLKRRPART ioctl (partprobe exited 127: partprobe: not found)"

  Scenario: parse-partitions finds the root and the EFI system partition
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "unit": "sectors", "firstlba": 34, "lastlba": 4194270, "sectorsize": 512,
        "partitions": [
          {"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "name": "EFI"},
          {"node": "/dev/sda2", "start": 206848, "size": 3987423, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}
        ]}}
      """
    When the steps "detect-disk, parse-partitions" run
    Then the step succeeds
    And the root partition is "/dev/sda2" and the boot partition is "/dev/sda1"
    And the step detail is "root /dev/sda2 (last Linux filesystem partition), EFI /dev/sda1 (first EFI system partition)"

  Scenario: An image without an EFI system partition is warned about
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "sectorsize": 512,
        "partitions": [{"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}]}}
      """
    When the steps "detect-disk, parse-partitions" run
    Then the step succeeds
    And the root partition is "/dev/sda1" and the boot partition is ""
    And the log warns "No EFI partition found"

  Scenario: A disk without a partition table has no root
    Given the command "sfdisk --json /dev/sda" fails with exit 1: "sfdisk: /dev/sda: does not contain a recognized partition table"
    When the steps "detect-disk, parse-partitions" run
    Then the step fails with "no Linux filesystem partition found on /dev/sda: no partition table"

  Scenario Outline: check-filesystem runs the checker of the root's filesystem type
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "sectorsize": 512,
        "partitions": [{"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}]}}
      """
    And /dev/sda1 holds a <fstype> filesystem
    When the steps "detect-disk, parse-partitions, check-filesystem" run
    Then the step succeeds
    And the shell ran "<checker>"
    And the step detail is "/dev/sda1: <fstype> clean"

    Examples:
      | fstype | checker                           |
      | ext4   | e2fsck -f -y /dev/sda1            |
      | xfs    | xfs_repair -n /dev/sda1           |
      | btrfs  | btrfs check --readonly /dev/sda1  |

  Scenario: check-filesystem fails on damage it cannot repair
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "sectorsize": 512,
        "partitions": [{"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}]}}
      """
    And /dev/sda1 holds an ext4 filesystem
    And the command "e2fsck -f -y /dev/sda1" fails with exit 4: "UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY."
    When the steps "detect-disk, parse-partitions, check-filesystem" run
    Then the step fails with "uncorrectable filesystem errors (e2fsck exit 4)"

  Scenario: enable-lvm without lvm installed succeeds when the image has no LVM partition
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "sectorsize": 512,
        "partitions": [{"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}]}}
      """
    And every "lvm" command fails with exit 127: "lvm: not found"
    When the steps "detect-disk, parse-partitions, enable-lvm" run
    Then the step succeeds
    And the step detail is "lvm is not installed: no volume group activated"

  Scenario: enable-lvm without lvm installed fails when the image has an LVM partition
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "sectorsize": 512,
        "partitions": [
          {"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"},
          {"node": "/dev/sda2", "start": 206848, "size": 204800, "type": "E6D6D379-F507-44C2-A23C-238F2A3DF928"}
        ]}}
      """
    And every "lvm" command fails with exit 127: "lvm: not found"
    When the steps "detect-disk, parse-partitions, enable-lvm" run
    Then the step fails with "lvm is not installed, but the new image keeps LVM data on /dev/sda2"

  Scenario: enable-lvm fails when lvm cannot do its work
    Given the command "lvm pvs --reportformat json --units b --nosuffix --options pv_name,vg_name,vg_uuid,pv_uuid,pv_size" fails with exit 5: "/dev/mapper/control: open failed: No such device"
    When the steps "detect-disk, enable-lvm" run
    Then the step fails with "list LVM physical volumes: lvm pvs"
    And the step fails with "/dev/mapper/control: open failed"

  Scenario: enable-lvm on a disk without volume groups changes nothing
    Given the command "lvm pvs --reportformat json --units b --nosuffix --options pv_name,vg_name,vg_uuid,pv_uuid,pv_size" prints:
      """
      {"report": [{"pv": []}]}
      """
    When the steps "detect-disk, enable-lvm" run
    Then the step succeeds
    And the step detail is "no volume group on /dev/sda"

  Scenario: enable-lvm activates the volume groups of the target disk
    Given the command "lvm pvs --reportformat json --units b --nosuffix --options pv_name,vg_name,vg_uuid,pv_uuid,pv_size" prints:
      """
      {"report": [{"pv": [{"pv_name": "/dev/sda3", "vg_name": "data", "vg_uuid": "DDDD-4444", "pv_uuid": "p1", "pv_size": "100"}]}]}
      """
    When the steps "detect-disk, enable-lvm" run
    Then the step succeeds
    And the step detail is "activated 1 volume group(s): data"
    And the shell ran "lvm vgchange --activate y --select vg_uuid=DDDD-4444"

  Scenario: The root partition is grown to the end of the disk
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "firstlba": 34, "lastlba": 4194270, "sectorsize": 512,
        "partitions": [
          {"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"},
          {"node": "/dev/sda2", "start": 206848, "size": 3987423, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}
        ]}}
      """
    And the command "growpart /dev/sda 2" prints:
      """
      CHANGED: partition=2 start=206848 old: size=3987423 end=4194271 new: size=2013059039 end=2013265887
      """
    When the steps "detect-disk, parse-partitions, grow-partition" run
    Then the step succeeds
    And the shell ran:
      """
      sfdisk --json /dev/sda
      sgdisk --move-second-header /dev/sda
      growpart /dev/sda 2
      """
    And the step detail says "/dev/sda2 grown with growpart: CHANGED: partition=2"

  Scenario: grow-partition without parse-partitions names the missing fact
    When the steps "detect-disk, grow-partition" run
    Then the step fails with "the partition table is not known: the step that establishes it did not run"

  Scenario: growpart's NOCHANGE is success
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "firstlba": 34, "lastlba": 2013265886, "sectorsize": 512,
        "partitions": [{"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}]}}
      """
    And the command "growpart /dev/sda 1" fails with exit 1: "NOCHANGE: partition 1 is size 2013263839. it cannot be grown"
    When the steps "detect-disk, parse-partitions, grow-partition" run
    Then the step succeeds
    And the step detail is "/dev/sda1 not grown: NOCHANGE: partition 1 is size 2013263839. it cannot be grown"

  Scenario: A root partition followed by another partition is not grown
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "firstlba": 34, "lastlba": 2013265886, "sectorsize": 512,
        "partitions": [
          {"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "name": "root"},
          {"node": "/dev/sda2", "start": 206848, "size": 204800, "type": "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F"}
        ]}}
      """
    When the steps "detect-disk, parse-partitions, grow-partition" run
    Then the step succeeds
    And the step detail is "/dev/sda1 not grown: /dev/sda2 follows /dev/sda1: no room to grow"
    And the shell ran no command starting with "growpart"

  Scenario Outline: resize-filesystem grows the root with its own tool
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "sectorsize": 512,
        "partitions": [{"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}]}}
      """
    And /dev/sda1 holds a <fstype> filesystem
    When the steps "detect-disk, parse-partitions, resize-filesystem" run
    Then the step succeeds
    And the shell ran "<tool>"
    And the step detail is "/dev/sda1: <fstype> filesystem grown"

    Examples:
      | fstype | tool                                     |
      | ext4   | resize2fs /dev/sda1                      |
      | xfs    | xfs_growfs /newroot                      |
      | btrfs  | btrfs filesystem resize max /newroot     |

  Scenario: A vfat root keeps its size
    Given the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "sectorsize": 512,
        "partitions": [{"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}]}}
      """
    And /dev/sda1 holds a vfat filesystem
    When the steps "detect-disk, parse-partitions, resize-filesystem" run
    Then the step succeeds
    And the step detail says "/dev/sda1: vfat not grown: vfat has no in-place grow"
