Feature: The decompressed image is verified as it streams
  IMAGE_CHECKSUM and IMAGE_CHECKSUM_TYPE (sha256 or sha512) name the digest of the decompressed
  image (spec §3.7); booty hashes the bytes on their way to the disk. A mismatch is an error and
  leaves the disk unbootable, since it now holds an image nobody vouched for.

  Background:
    Given the machine has a disk "/dev/sda" of 8 MiB
    And a 3 MiB disk image with zero, random and text blocks
    And the image is served compressed with zstd at "http://images.example/disk"

  Scenario Outline: The right <algorithm> digest is verified
    When booty streams "http://images.example/disk" onto "/dev/sda" expecting its <algorithm> digest
    Then the stream succeeds with the format "zstd"
    And the result carries the <algorithm> digest of the image
    And the log says "Checksum verified"

    Examples:
      | algorithm |
      | sha256    |
      | sha512    |

  Scenario: An upper-case digest matches too (v0.0.1 compared case-sensitively)
    When booty streams "http://images.example/disk" onto "/dev/sda" expecting its upper-case sha256 digest
    Then the stream succeeds with the format "zstd"

  Scenario: A wrong digest fails and the disk cannot boot
    When booty streams "http://images.example/disk" onto "/dev/sda" expecting the sha256 digest "00000000000000000000000000000000000000000000000000000000000000aa"
    Then the stream fails with "checksum mismatch: sha256 got "
    And the stream fails with "want 00000000000000000000000000000000000000000000000000000000000000aa"
    And "/dev/sda" cannot boot: its first and last MiB are zero
