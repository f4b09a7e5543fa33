Feature: The deprovision pipelines, end to end over the fakes
  A hard deprovision (MODE=deprovision) clears every disk booty may clear, or secure-erases them
  with SECURE_ERASE; a soft deprovision (MODE=soft-deprovision) keeps the disk and only makes the
  installed OS unbootable by renaming its grub.cfg. Both report init, then success.

  Background:
    Given the machine has the disks:
      | name | size    | partitions | notes     |
      | sda  | 960 GiB | sda1 sda2  |           |
      | sdb  | 480 GiB | sdb1       |           |
      | sdc  | 32 GiB  | sdc1       | removable |
    And the host has the directories "/dev, /proc, /sys, /run"
    And the partition table of /dev/sda is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sda", "sectorsize": 512,
        "partitions": [
          {"node": "/dev/sda1", "start": 2048, "size": 204800, "type": "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"},
          {"node": "/dev/sda2", "start": 206848, "size": 3987423, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}
        ]}}
      """
    And the installed OS has the file /boot/grub/grub.cfg

  Scenario: A soft deprovision disables GRUB on the installed disk and keeps the data
    Given the deploy vars:
      """
      MODE="soft-deprovision"
      """
    And every step of the pipeline has a handler
    When the agent runs the pipeline
    Then the controller received the statuses "init, success"
    And the file /boot/grub/grub.cfg.bak in the target root exists
    And there is no file /boot/grub/grub.cfg in the target root
    And nothing is mounted
    And the shell ran no command starting with "wipefs"
    And no disk was zeroed

  Scenario: A soft deprovision honours DISK_DEVICE
    Given the deploy vars:
      """
      MODE="soft-deprovision"
      DISK_DEVICE="/dev/sdb"
      """
    And the partition table of /dev/sdb is:
      """
      {"partitiontable": {"label": "gpt", "device": "/dev/sdb", "sectorsize": 512,
        "partitions": [{"node": "/dev/sdb1", "start": 2048, "size": 204800, "type": "0FC63DAF-8483-4772-8E79-3D69D8477DE4"}]}}
      """
    And every step of the pipeline has a handler
    When the agent runs the pipeline
    Then the controller received the statuses "init, success"
    And the shell ran "sfdisk --json /dev/sdb"

  Scenario: A hard deprovision wipes every eligible disk and nothing else
    Given the deploy vars:
      """
      MODE="deprovision"
      """
    And every step of the pipeline has a handler
    When the agent runs the pipeline
    Then the controller received the statuses "init, success"
    And the shell ran "wipefs --all /dev/sda"
    And the shell ran "wipefs --all /dev/sdb"
    And the shell ran no command starting with "wipefs --all /dev/sdc"
    And the first and last MiB of /dev/sda were zeroed
    And the first and last MiB of /dev/sdb were zeroed

  Scenario: A hard deprovision with SECURE_ERASE erases instead of wiping
    Given the deploy vars:
      """
      MODE="deprovision"
      SECURE_ERASE="true"
      SECURE_ERASE_FALLBACK="true"
      """
    And every "hdparm -I" command fails with exit 5: "SG_IO: bad/missing sense data"
    And every step of the pipeline has a handler
    When the agent runs the pipeline
    Then the controller received the statuses "init, success"
    And the log says "Secure erase outcome"

  Scenario: A hard deprovision of a machine without an eligible disk still succeeds
    Given the machine has the disks:
      | name | size   | notes     |
      | sdc  | 32 GiB | removable |
    And the deploy vars:
      """
      MODE="deprovision"
      """
    And every step of the pipeline has a handler
    When the agent runs the pipeline
    Then the controller received the statuses "init, success"
    And the shell ran no command starting with "wipefs"
    And no disk was zeroed

  Scenario Outline: Each clearing step of a hard deprovision without an eligible disk has nothing to do
    Given the machine has the disks:
      | name  | size   | notes     |
      | sdc   | 32 GiB | removable |
      | loop0 | 1 GiB  |           |
    And the deploy vars:
      """
      MODE="deprovision"
      SECURE_ERASE="true"
      """
    When the step <step> runs
    Then the step succeeds
    And the step detail is "<detail>"
    And the shell ran no command

    Examples:
      | step               | detail                                          |
      | stop-raid          | no eligible disk: no array to stop              |
      | disable-lvm        | no eligible disk: no volume group to deactivate |
      | wipe-disks         | no eligible disk: nothing to wipe               |
      | secure-erase-disks | no eligible disk: nothing to erase              |
