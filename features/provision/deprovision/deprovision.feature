Feature: The disk steps of the deprovision pipelines, through the runner
  (The whole pipelines, with report-init and report-success, are in disk/deprovision.feature; here
  only the steps of the disk handlers run, in plan order, with the plan's conditions and error
  policies, so these scenarios do not wait for the preflight and boot handlers.)
  A hard deprovision (MODE="deprovision") has no detect-disk: it stops the arrays and volume
  groups of every disk that passes the safety checks, then wipes those disks (or, with
  SECURE_ERASE, secure-erases them). A soft deprovision (MODE="soft-deprovision") leaves the data
  alone: it finds the installed OS's root partition, mounts it, renames its grub.cfg to
  grub.cfg.bak so that its boot loader finds no menu, and unmounts it again.

  Background:
    Given the machine has these disks:
      | name    | size    | partitions          | notes     |
      | nvme0n1 | 480 GiB | nvme0n1p1 nvme0n1p2 |           |
      | sda     | 960 GiB | sda1                |           |
      | sdb     | 32 GiB  | sdb1                | removable |
    And the partition table of the chosen disk holds an ESP and a root partition
    And LVM finds no physical volume

  Scenario: The disk steps of a hard deprovision clear every eligible disk
    Given the deploy vars:
      """
      MODE="deprovision"
      """
    When only the disk steps of the pipeline run
    Then the disk steps ended as:
      | step               | result  |
      | stop-raid          | ok      |
      | disable-lvm        | ok      |
      | wipe-disks         | ok      |
      | secure-erase-disks | skipped |
    And these disks were cleared: "/dev/nvme0n1, /dev/sda"

  Scenario: The disk steps of a soft deprovision disable the installed OS's boot menu
    Given the deploy vars:
      """
      MODE="soft-deprovision"
      """
    And the installed OS on the chosen disk has /boot/grub/grub.cfg
    When only the disk steps of the pipeline run
    Then the disk steps ended as:
      | step                | result |
      | detect-disk         | ok     |
      | partprobe           | ok     |
      | parse-partitions    | ok     |
      | mount-root          | ok     |
      | disable-grub-config | ok     |
      | unmount-root        | ok     |
    And the installed OS has /boot/grub/grub.cfg.bak and no /boot/grub/grub.cfg
    And no disk was cleared
    And nothing stays mounted

  Scenario: A soft deprovision of an OS without grub.cfg warns and goes on
    Given the deploy vars:
      """
      MODE="soft-deprovision"
      """
    When only the disk steps of the pipeline run
    Then the disk steps ended as:
      | step                | result |
      | disable-grub-config | ok     |
      | unmount-root        | ok     |
    And the detail of disable-grub-config is "no grub.cfg found"
    And nothing stays mounted
