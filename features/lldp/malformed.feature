Feature: Malformed LLDPDUs are skipped with their reason
  booty holds LLDPDUs to IEEE 802.1AB-2016: Chassis ID, Port ID and Time To Live first and in
  that order, an End TLV, every length as its TLV defines it, and at most one of each TLV that
  may occur once. The original agent accepted any frame with the three mandatory TLVs somewhere
  (spec networking.md §7.4); a listener skips a malformed frame and goes on listening.

  TLV tokens as in decoding.feature; "T/L:VALUE" writes a header claiming L bytes.
  Offsets count from the start of the LLDPDU: "chassis" is 9 bytes, "port" 12, "ttl" 4.

  Scenario Outline: A malformed LLDPDU is skipped because of what is wrong with it
    Given an LLDP frame with the TLVs "<tlvs>"
    When booty decodes the frame
    Then the frame is skipped because "<reason>"

    Examples: Truncated TLVs and the End TLV
      | tlvs                          | reason                                                      |
      | chassis port ttl              | missing End of LLDPDU TLV                                   |
      | chassis port ttl raw:0a       | truncated TLV header at offset 25                           |
      | chassis port ttl 5/10:"ab"    | System Name TLV at offset 25 claims 10 bytes, only 2 left   |
      | chassis port ttl 0/1:         | End of LLDPDU TLV at offset 25 claims 1 byte, only 0 left   |
      | chassis port ttl 0:00         | End of LLDPDU TLV has 1 byte (expected 0)                   |
      | chassis port ttl 40/3:        | reserved type 40 TLV at offset 25 claims 3 bytes, only 0 left |
      | raw:010203                    | End of LLDPDU TLV at offset 0 claims 258 bytes, only 1 left |

    Examples: Missing mandatory TLVs
      | tlvs                          | reason                                                      |
      | end                           | missing Chassis ID TLV                                      |
      | chassis ttl end               | missing Port ID TLV                                         |
      | chassis port end              | missing Time To Live TLV                                    |
      | port ttl end                  | missing Chassis ID TLV                                      |

    Examples: Mandatory TLVs in the wrong order
      | tlvs                          | reason                                                      |
      | port chassis ttl end          | Chassis ID TLV must come first, found Port ID               |
      | name chassis port ttl end     | Chassis ID TLV must come first, found System Name           |
      | chassis ttl port end          | Port ID TLV must come second, found Time To Live            |
      | chassis port name ttl end     | Time To Live TLV must come third, found System Name         |

    Examples: TLVs that may occur once, twice
      | tlvs                               | reason                                                 |
      | chassis port ttl chassis end       | duplicate Chassis ID TLV                               |
      | chassis port ttl port end          | duplicate Port ID TLV                                  |
      | chassis port ttl ttl end           | duplicate Time To Live TLV                             |
      | chassis port ttl name name end     | duplicate System Name TLV                              |
      | chassis port ttl 7:00000000 7:00000000 end | duplicate System Capabilities TLV              |
      | chassis port ttl pvid pvid end     | duplicate Port VLAN ID TLV                             |

    Examples: Bad lengths
      | tlvs                                          | reason                                                      |
      | 1:04 port ttl end                             | Chassis ID TLV has 1 byte (expected 2 to 256)               |
      | 1:04+00*256 port ttl end                      | Chassis ID TLV has 257 bytes (expected 2 to 256)            |
      | 1:0400112233 port ttl end                     | Chassis ID MAC address has 4 bytes (expected 6)             |
      | 1:04+00112233445566 port ttl end              | Chassis ID MAC address has 7 bytes (expected 6)             |
      | 1:05+01c00002 port ttl end                    | Chassis ID IPv4 address has 3 bytes (expected 4)            |
      | 1:05+0220010db8 port ttl end                  | Chassis ID IPv6 address has 4 bytes (expected 16)           |
      | chassis 2: ttl end                            | Port ID TLV has 0 bytes (expected 2 to 256)                 |
      | chassis 2:03aabb ttl end                      | Port ID MAC address has 2 bytes (expected 6)                |
      | chassis port 3:78 end                         | Time To Live TLV has 1 byte (expected 2)                    |
      | chassis port 3:0078ff end                     | Time To Live TLV has 3 bytes (expected 2)                   |
      | chassis port ttl 4:61*256 end                 | Port Description TLV has 256 bytes (at most 255)            |
      | chassis port ttl 5:61*300 end                 | System Name TLV has 300 bytes (at most 255)                 |
      | chassis port ttl 6:61*511 end                 | System Description TLV has 511 bytes (at most 255)          |
      | chassis port ttl 7:0014 end                   | System Capabilities TLV has 2 bytes (expected 4)            |
      | chassis port ttl 127:0080c2 end               | Organizationally Specific TLV has 3 bytes (expected at least 4) |
      | chassis port ttl 127:0080c20100 end           | Port VLAN ID TLV has 5 bytes (expected 6)                   |
      | chassis port ttl 127:0080c201006400 end       | Port VLAN ID TLV has 7 bytes (expected 6)                   |

    Examples: Management addresses
      | tlvs                                                   | reason                                                   |
      | chassis port ttl 8:0501 end                            | Management Address TLV has 2 bytes (expected 9 to 167)   |
      | chassis port ttl 8:21+00*167 end                       | Management Address TLV has 168 bytes (expected 9 to 167) |
      | chassis port ttl 8:0101c0000202+02+00000002+00 end     | management address string length 1 (expected 2 to 32)    |
      | chassis port ttl 8:2101+00*31+02+00000002+00 end       | management address string length 33 (expected 2 to 32)   |
      | chassis port ttl 8:0501c0000202+02+0000 end            | management address string length 5 overruns the TLV      |
      | chassis port ttl 8:0501c0000202+02+00000002+01 end     | management address OID length 1 does not match the TLV   |
      | chassis port ttl 8:0501c0000202+02+00000002+00+ff end  | management address OID length 0 does not match the TLV   |
      | chassis port ttl 8:0201c0+02+00000002+81+00*129 end    | management address OID length 129 (at most 128)          |
      | chassis port ttl 8:0401c00002+02+00000002+00 end       | management IPv4 address has 3 bytes (expected 4)         |
      | chassis port ttl 8:0502c0000202+02+00000002+00 end     | management IPv6 address has 4 bytes (expected 16)        |
