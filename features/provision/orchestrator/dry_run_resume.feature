Feature: Dry run and resume
  MODE=dry-run walks the provision plan and only says what each step would do; steps that read
  and never write (choosing the disk) still run, so the log shows real answers. With resume on, a
  restarted agent skips the steps its checkpoint records as done, except those that rebuild state
  the old process held (the chosen disk, the partitions, the mounts); destructive steps never repeat.

  Background:
    Given every step is recorded instead of done

  Scenario: A dry run executes only the read-only steps and reports nothing
    Given the deploy vars:
      """
      MODE="dry-run"
      IMAGE="http://images.example/os.img"
      """
    When the orchestrator runs the plan
    Then only the read-only steps ran
    And the log says "Dry run: step not executed"
    And the controller received the statuses ""

  Scenario: A resumed run skips the finished destructive steps and rebuilds state
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      """
    And resume is on
    And a checkpoint records the steps up to "resize-filesystem" as done
    When the orchestrator runs the plan
    Then step "stream-image" ended as "resumed"
    And step "wipe-disks" ended as "resumed"
    And step "detect-disk" ended as "ok"
    And step "mount-root" ended as "ok"
    And the checkpoint file is gone

  Scenario: A checkpoint of another image is ignored
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/other.img"
      """
    And resume is on
    And a checkpoint for image "http://images.example/os.img" records "stream-image" as done
    When the orchestrator runs the plan
    Then step "stream-image" ended as "ok"
    And the log says "Checkpoint is for another run"

  Scenario: Every finished step is written to the checkpoint as the run goes
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      """
    And resume is on
    And the step "configure-grub" fails with "update-grub exit 1"
    When the orchestrator runs the plan
    Then the checkpoint records "stream-image" and not "configure-grub"

  Scenario: A failure after a resumed image write still leaves the disk unbootable
    Given the deploy vars:
      """
      MODE="provision"
      IMAGE="http://images.example/os.img"
      """
    And resume is on
    And a checkpoint records the steps up to "stream-image" as done
    And the step "configure-grub" fails with "update-grub exit 1"
    When the orchestrator runs the plan
    Then the head and the tail of the target disk were zeroed
