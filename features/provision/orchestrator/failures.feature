Feature: A failed step stops the run and is reported with its name
  The first fatal failure ends the run: no later step runs, the controller gets the error status
  naming the step and the reason, and DEBUG_URL gets a report with secrets redacted. A step marked
  best effort only logs a warning. A step with a retry policy is tried again after a back-off.

  Background:
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      TOKEN="s3cr3t-token"
      """
    And every step is recorded instead of done

  Scenario Outline: A fatal failure at any step reports that step and runs nothing after it
    Given the step "<step>" fails with "<reason>"
    When the orchestrator runs the plan
    Then the run failed at "<step>"
    And no step after "<step>" ran
    And the last status message is "step <step> failed: <reason>"

    Examples:
      | step                   | reason                        |
      | report-init            | controller answered 503       |
      | detect-disk            | no eligible disk              |
      | wipe-disks             | wipefs exit 1                 |
      | stream-image           | image server answered 404     |
      | partprobe              | partprobe exit 1              |
      | parse-partitions       | no Linux filesystem partition |
      | enable-lvm             | lvm vgchange exit 5           |
      | mount-root             | mount: wrong fs type          |
      | setup-chroot-binds     | bind /run: no such directory  |
      | grow-partition         | growpart exit 2               |
      | resize-filesystem      | resize2fs exit 1              |
      | copy-provisioner-files | copy tree: permission denied  |
      | configure-dns          | etc is read-only              |
      | configure-kubelet      | PROVIDER_ID has a quote       |
      | configure-grub         | update-grub exit 1            |
      | copy-machine-files     | copy tree: permission denied  |
      | run-machine-commands   | machine command 10-x exit 1   |
      | create-efi-boot-entry  | efibootmgr exit 5             |
      | teardown-chroot        | umount /newroot: busy         |

  Scenario: A best-effort step that fails is logged and the run goes on
    Given the step "stop-raid" fails with "mdadm not found"
    When the orchestrator runs the plan
    Then the run succeeded
    And step "stop-raid" ended as "warned"
    And the log says "Step failed, going on (best effort)"

  Scenario: A step with a retry policy is tried again after a back-off
    Given the step "detect-disk" fails 2 times with "no disks yet" and then works
    When the orchestrator runs the plan
    Then the run succeeded
    And step "detect-disk" took 3 attempts
    And the clock slept 2.0 then 4.0 seconds

  Scenario: A failure that cannot change on retry is not retried
    Given the step "detect-disk" fails with a ValueError "DISK_DEVICE names no disk"
    When the orchestrator runs the plan
    Then the run failed at "detect-disk"
    And step "detect-disk" took 1 attempts

  Scenario: The debug report goes to DEBUG_URL without the token
    Given the step "mount-root" fails with "mount failed for s3cr3t-token"
    When the orchestrator runs the plan
    Then one debug report was sent for step "mount-root"
    And no debug report or status contains "s3cr3t-token"

  Scenario: A failure after the image was written leaves the disk unbootable
    Given the step "configure-grub" fails with "update-grub exit 1"
    And the image was written to the target disk
    When the orchestrator runs the plan
    Then the head and the tail of the target disk were zeroed
    And every mount of the run was undone

  Scenario: A failure before the image was written touches no disk
    Given the step "detect-disk" fails with "no eligible disk"
    When the orchestrator runs the plan
    Then no disk was zeroed

  Scenario: A plan with blockers runs no step at all
    Given the deploy vars:
      """
      MODE="provision"
      """
    When the orchestrator runs the plan
    Then no step ran
    And the last status message is "plan refused: IMAGE is empty: there is no image to write"

  Scenario: A failure after the installed system is complete leaves the disk as it is
    Given the step "teardown-chroot" fails with "umount /newroot: target is busy"
    And the image was written to the target disk
    When the orchestrator runs the plan
    Then no disk was zeroed
    And the last status message is "step teardown-chroot failed: umount /newroot: target is busy"

  Scenario: A failed reboot after success was reported sends no error status
    Given the step "reboot" fails with "reboot: operation not permitted"
    And the image was written to the target disk
    When the orchestrator runs the plan
    Then the run failed at "reboot"
    And no disk was zeroed
    And the controller received the statuses ""
    And one debug report was sent for step "reboot"
