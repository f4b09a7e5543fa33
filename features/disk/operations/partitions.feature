Feature: Re-reading, reading and growing the partition table of the target disk
  v0.0.1 ran partprobe alone, parsed sfdisk's output merged with its warnings, and grew the root
  with growpart while the backup GPT header still sat where the small image had put it (spec
  disk-and-image.md §2.7, §2.8, §2.13). booty falls back from partprobe to the BLKRRPART ioctl,
  reads only sfdisk's standard output, moves the backup header first, and treats growpart's
  NOCHANGE as "nothing to do".

  Background:
    Given the machine has disks "sda:2"
    And the chosen disk is approved for growing

  Scenario: partprobe tells the kernel the new table
    When booty makes the kernel re-read "/dev/sda"
    Then the table was re-read with "partprobe"

  Scenario: Without partprobe the BLKRRPART ioctl does it
    Given "partprobe /dev/sda" fails with exit code 127 and "command not found: partprobe"
    When booty makes the kernel re-read "/dev/sda"
    Then the table was re-read with "BLKRRPART ioctl"

  Scenario: When both fail, the error carries partprobe's command, exit code and words
    Given "partprobe /dev/sda" fails with exit code 1 and "Error: Partition(s) 2 on /dev/sda have been written, but we have been unable to inform the kernel"
    And the kernel refuses to re-read "/dev/sda" with EBUSY
    When booty makes the kernel re-read "/dev/sda"
    Then the step fails with "re-read partition table of /dev/sda: partprobe /dev/sda exited 1: Error: Partition(s) 2 on /dev/sda have been written, but we have been unable to inform the kernel"

  Scenario: sfdisk's warnings do not break the table (v0.0.1 merged them into the JSON)
    Given sfdisk reads "/dev/sda" as the fixture "loop-gpt-grown-disk"
    When booty reads the partition table of "/dev/sda"
    Then the root partition is "/dev/sda2" because it is "named 'root'"

  Scenario: The backup GPT header moves to the end before the root grows
    Given sfdisk reads "/dev/sda" as the fixture "loop-gpt-grown-disk"
    And "growpart /dev/sda 2" prints "CHANGED: partition=2 start=206848 old: size=409600 end=616447 new: size=3987423 end=4194270"
    When booty grows partition 2 of "/dev/sda" to the end of the disk
    Then booty ran, in order:
      | command                                  |
      | sfdisk --json /dev/sda                   |
      | sgdisk --move-second-header /dev/sda     |
      | growpart /dev/sda 2                      |
    And the root partition grew with "growpart"

  Scenario: growpart's NOCHANGE is not a failure
    Given sfdisk reads "/dev/sda" as the fixture "loop-gpt-grown-disk"
    And "growpart /dev/sda 2" fails with exit code 1 and "NOCHANGE: partition 2 could only be grown by 2015 [fudge=2048]"
    When booty grows partition 2 of "/dev/sda" to the end of the disk
    Then the root partition did not grow because "NOCHANGE: partition 2 could only be grown by 2015 [fudge=2048]"

  Scenario: Any other growpart failure fails the step with its command, exit code and words
    Given sfdisk reads "/dev/sda" as the fixture "loop-gpt-grown-disk"
    And "growpart /dev/sda 2" fails with exit code 2 and "FAILED: failed to get start and end for /dev/sda2 in /dev/sda"
    When booty grows partition 2 of "/dev/sda" to the end of the disk
    Then the step fails with "grow partition 2 of /dev/sda: growpart /dev/sda 2 exited 2: FAILED: failed to get start and end for /dev/sda2 in /dev/sda"
