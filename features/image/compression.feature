Feature: Image format detection from content
  booty decides how to decompress an image from its first bytes, never from the URL's extension
  (spec disk-and-image.md §3.4): gzip, zstd, lz4 frames, xz and bzip2 are decompressed; qcow2 is
  recognised so that a virtual-machine image is never written raw to a disk by mistake (v0.0.1
  did exactly that); anything else is raw. Six bytes are enough to decide.

  Scenario Outline: The magic number decides (<format>: <bytes>)
    When booty detects the format of an image starting with bytes "<bytes>"
    Then the format is "<format>"

    Examples:
      | bytes                   | format | note                                   |
      | 1f 8b 08 00 00 00       | gzip   |                                        |
      | 1f 8b                   | gzip   | a prefix is enough                     |
      | 28 b5 2f fd 24 05       | zstd   |                                        |
      | 04 22 4d 18 64 40       | lz4    | LZ4 frame format                       |
      | fd 37 7a 58 5a 00       | xz     |                                        |
      | 42 5a 68 39 00 00       | bzip2  | BZh9                                   |
      | 51 46 49 fb 00 00 00 03 | qcow2  | QFI\xfb, version 3                     |
      | 02 21 4c 18 00 00       | raw    | legacy LZ4 is not detected             |
      | 50 2a 4d 18 04 00       | raw    | a zstd skippable frame is not detected |
      | 1f 00 00 00             | raw    | half a gzip magic                      |
      | 1f                      | raw    | one byte, shorter than any magic       |
      | 01                      | raw    | spec §6.3: single byte 01              |
      | fd 37 7a 58 5a          | raw    | the xz magic needs all six bytes       |
      | eb 63 90 10 8e d0       | raw    | an MBR boot sector                     |
      | 45 46 49 20 50 41       | raw    | "EFI PA", a GPT header                 |

  Scenario Outline: Real compressed images are recognised whatever their name (<format> as <name>)
    Given an image "<name>" holding "hello" compressed with <format>
    When booty detects the format of the image
    Then the format is "<format>"

    Examples:
      | format | name         |
      | gzip   | disk.img     |
      | zstd   | disk.img.gz  |
      | lz4    | disk.img.xz  |
      | xz     | disk.raw     |
      | bzip2  | disk.img.zst |

  Scenario: Uncompressed text is raw
    When booty detects the format of an image starting with the text "this is raw uncompressed data"
    Then the format is "raw"

  Scenario: An empty image is an error, not a raw image
    When booty detects the format of an image starting with bytes ""
    Then detection fails with "detect format: the image is empty"

  Scenario: Detection needs six bytes
    Then detection needs 6 bytes
