Feature: IMAGE alternatives are tried in order; only one image is ever written
  Departs from v0.0.1 (spec §3.1), which streamed every IMAGE URL over the same disk: the entries are
  mirrors. A source that fails after its retries hands over to the next one; a target that fails
  stops everything, since no mirror can fix a disk.

  Background:
    Given the machine has a disk "/dev/sda" of 8 MiB
    And a 3 MiB disk image with zero, random and text blocks

  Scenario: The first mirror delivers; the second is never asked
    Given the image is served compressed with zstd at "http://mirror-1.example/disk"
    And the image is served compressed with zstd at "http://mirror-2.example/disk"
    When booty streams "http://mirror-1.example/disk, http://mirror-2.example/disk" onto "/dev/sda"
    Then the stream succeeds from "http://mirror-1.example/disk"
    And nothing was asked of "http://mirror-2.example/disk"

  Scenario: A missing image hands over to the next mirror at once
    Given nothing is served at "http://mirror-1.example/disk"
    And the image is served compressed with xz at "http://mirror-2.example/disk"
    When booty streams "http://mirror-1.example/disk, http://mirror-2.example/disk" onto "/dev/sda"
    Then the stream succeeds from "http://mirror-2.example/disk"
    And the first mirror was passed over because "streaming http://mirror-1.example/disk: image not found (HTTP 404)"
    And booty did not wait before handing over

  Scenario: A mirror that breaks mid-image is replaced by the next, written from byte 0
    Given the image is served compressed with gzip at "http://mirror-1.example/disk"
    And the connection to "http://mirror-1.example/disk" drops after 50% of the compressed image every time
    And the image is served raw at "http://mirror-2.example/disk"
    When booty streams "http://mirror-1.example/disk, http://mirror-2.example/disk" onto "/dev/sda"
    Then the stream succeeds from "http://mirror-2.example/disk"
    And "/dev/sda" begins with the image

  Scenario: When every mirror fails, the error names each one and the disk cannot boot
    Given the image is served compressed with gzip at "http://mirror-1.example/disk"
    And the connection to "http://mirror-1.example/disk" drops after 50% of the compressed image every time
    And nothing is served at "http://mirror-2.example/disk"
    When booty streams "http://mirror-1.example/disk, http://mirror-2.example/disk" onto "/dev/sda"
    Then the stream fails with "streaming http://mirror-1.example/disk: "
    And the stream fails with "streaming http://mirror-2.example/disk: image not found (HTTP 404)"
    And the stream fails with "the partition table signatures of /dev/sda were destroyed"
    And "/dev/sda" cannot boot: its first and last MiB are zero

  Scenario: A disk that fails stops at once
    Given the image is served raw at "http://mirror-1.example/disk"
    And the image is served raw at "http://mirror-2.example/disk"
    And "/dev/sda" fails writes after 1 MiB
    When booty streams "http://mirror-1.example/disk, http://mirror-2.example/disk" onto "/dev/sda"
    Then the stream fails with "writing to device /dev/sda: I/O error"
    And nothing was asked of "http://mirror-2.example/disk"
    And "/dev/sda" cannot boot: its first and last MiB are zero

  Scenario: Credentials in a mirror URL never appear in the error
    Given nothing is served at "http://user:s3cret@mirror-1.example/disk"
    When booty streams "http://user:s3cret@mirror-1.example/disk" onto "/dev/sda"
    Then the stream fails with "streaming http://***@mirror-1.example/disk: image not found (HTTP 404)"
    And the text "s3cret" is not in the error
