Feature: Progress lines and a final summary
  While streaming, booty logs a line every few seconds (logger booty.stream) with the bytes written,
  the share of the announced total received, the rate and the time left; at the end one summary with
  bytes, seconds, MB/s, source, format and digest.

  Background:
    Given the machine has a disk "/dev/sda" of 8 MiB
    And a 3 MiB disk image with zero, random and text blocks

  Scenario: A slow download logs its progress every 5 seconds
    Given the image is served raw at "http://images.example/disk" at 100 kB/s
    When booty streams "http://images.example/disk" onto "/dev/sda"
    Then the stream succeeds with the format "raw"
    And at least 3 progress lines were logged
    And a progress line says "% of 3.1 MB received"
    And a progress line says "ETA"

  Scenario: The summary says what was written, from where, how fast
    Given the image is served compressed with gzip at "http://images.example/disk" at 1 MB/s
    When booty streams "http://images.example/disk" onto "/dev/sda" expecting its sha256 digest
    Then the summary has bytes 3145728, format "gzip", source "http://images.example/disk" and the sha256 digest
    And the summary has a speed in MB/s
