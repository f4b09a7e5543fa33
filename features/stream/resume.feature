Feature: A broken download is resumed, not restarted
  Departs from v0.0.1 (spec §3.3), which never resumed a body: after a dropped connection or a stall,
  booty asks for the rest with a Range request from the last byte it received, so only the missing
  bytes travel again. A server that cannot resume makes booty restart from byte 0, cleanly. A
  truncated stream is an error, never a success.

  Background:
    Given the machine has a disk "/dev/sda" of 8 MiB
    And a 3 MiB disk image with zero, random and text blocks

  Scenario Outline: The connection drops at <percent>% and only the rest is fetched again
    Given the image is served compressed with gzip at "http://images.example/disk"
    And the connection drops after <percent>% of the compressed image
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream succeeds with the format "gzip"
    And "/dev/sda" begins with the image
    And the server sent the compressed image exactly once
    And the stream was resumed 1 time

    Examples:
      | percent |
      | 10      |
      | 50      |
      | 90      |

  Scenario: Two 503 answers, then the image
    Given the image is served raw at "http://images.example/disk"
    And the server answers 503 twice first
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream succeeds with the format "raw"
    And booty waited 1 s then 2 s between the attempts

  Scenario: A stalled download times out and resumes
    Given the image is served compressed with zstd at "http://images.example/disk"
    And the server stalls after 40% of the compressed image
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream succeeds with the format "zstd"
    And a warning says the stream "stalled: no data for 60 s"
    And the server sent the compressed image exactly once

  Scenario: A server without ranges makes booty start again from byte 0
    Given the image is served compressed with lz4 without range support at "http://images.example/disk"
    And the connection drops after 50% of the compressed image
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream succeeds with the format "lz4"
    And "/dev/sda" begins with the image
    And the stream was restarted 1 time

  Scenario: A body shorter than its Content-Length is an error
    Given the image is served raw at "http://images.example/disk" announcing 100 bytes more than it has
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream fails with "the stream ended after 3145728 of 3145828 bytes"
    And "/dev/sda" cannot boot: its first and last MiB are zero

  Scenario: A server that never recovers exhausts the retries
    Given the image is served raw at "http://images.example/disk"
    And the server answers 503 5 times first
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream fails with "HTTP 503; gave up after 4 attempts without progress"
    And "/dev/sda" was not written
