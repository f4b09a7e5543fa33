Feature: Streaming an image onto a disk, whatever its compression
  booty streams an image from its source onto the target disk, decompressing it on the way; the
  format is read from the first bytes (spec disk-and-image.md §3.4-§3.6). qcow2 is refused before a
  single byte is written: v0.0.1 wrote it byte for byte and the machine did not boot.

  Background:
    Given the machine has a disk "/dev/sda" of 8 MiB
    And a 3 MiB disk image with zero, random and text blocks

  Scenario Outline: The disk holds exactly the image (<format>)
    Given the image is served compressed with <format> at "http://images.example/disk"
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream succeeds with the format "<format>"
    And "/dev/sda" begins with the image
    And "/dev/sda" was synced

    Examples:
      | format |
      | raw    |
      | gzip   |
      | zstd   |
      | lz4    |
      | xz     |
      | bzip2  |

  Scenario Outline: Concatenated streams are one image (<format>, as parallel compressors write them)
    Given the image is served compressed with <format> in 3 concatenated parts at "http://images.example/disk"
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream succeeds with the format "<format>"
    And "/dev/sda" begins with the image

    Examples:
      | format |
      | gzip   |
      | zstd   |
      | lz4    |
      | xz     |
      | bzip2  |

  Scenario: A qcow2 image is refused and the disk is not touched
    Given a qcow2 image is served at "http://images.example/vm.qcow2"
    When booty streams "http://images.example/vm.qcow2" onto "/dev/sda"
    Then the stream fails with "qcow2 images cannot be written to a disk: convert it to a raw image first"
    And "/dev/sda" was not written

  Scenario Outline: A truncated compressed stream is an error, never a short success (<format>)
    Given the image is served compressed with <format> but cut short at "http://images.example/disk"
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream fails with "<format> data: "
    And "/dev/sda" cannot boot: its first and last MiB are zero

    Examples:
      | format |
      | gzip   |
      | zstd   |
      | lz4    |
      | xz     |
      | bzip2  |

  Scenario: An empty image is refused
    Given the bytes "" are served at "http://images.example/empty"
    When booty streams "http://images.example/empty" onto "/dev/sda"
    Then the stream fails with "detect format: the image is empty"
    And "/dev/sda" was not written

  Scenario: A file:// image is read from the local disk
    Given the image is stored compressed with zstd at "/srv/images/disk.zst"
    When booty streams "file:///srv/images/disk.zst" onto "/dev/sda"
    Then the stream succeeds with the format "zstd"
    And "/dev/sda" begins with the image
