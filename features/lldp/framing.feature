Feature: Only LLDP frames are LLDP frames
  A listener bound to EtherType 0x88cc may still see frames for other destinations, VLAN-tagged
  frames, or runts. booty decodes LLDP sent to any of the three 802.1AB group addresses, with or
  without 802.1Q/802.1ad tags, and skips everything else with the reason.

  Scenario Outline: The LLDP group addresses are accepted
    Given an Ethernet frame to "<destination>" with EtherType "88cc" carrying "chassis port ttl end"
    When booty decodes the frame
    Then the neighbour has chassis ID "00:11:22:33:44:55", port ID "Ethernet1" and TTL 120
    And the neighbour's source MAC is "02:00:00:00:00:01"

    Examples:
      | destination       |
      | 01:80:c2:00:00:0e |
      | 01:80:c2:00:00:03 |
      | 01:80:c2:00:00:00 |

  Scenario Outline: Other frames are skipped with their reason
    Given an Ethernet frame to "<destination>" with EtherType "<ethertype>" carrying "chassis port ttl end"
    When booty decodes the frame
    Then the frame is skipped because "<reason>"

    Examples:
      | destination       | ethertype | reason                                                      |
      | 01:80:c2:00:00:0e | 0800      | EtherType 0x0800 is not LLDP (0x88cc)                       |
      | 01:80:c2:00:00:0e | cc88      | EtherType 0xcc88 is not LLDP (0x88cc)                       |
      | 02:00:00:00:00:02 | 88cc      | destination 02:00:00:00:00:02 is not an LLDP group address  |
      | ff:ff:ff:ff:ff:ff | 88cc      | destination ff:ff:ff:ff:ff:ff is not an LLDP group address  |

  Scenario Outline: VLAN-tagged LLDP frames are decoded
    Given an Ethernet frame to "01:80:c2:00:00:0e" with tags "<tags>" carrying "chassis port ttl name end"
    When booty decodes the frame
    Then the neighbour's system name is "leaf01"

    Examples:
      | tags            |
      | 8100:0064       |
      | 88a8:00c8 8100:0064 |
      | 8100:0000       |

  Scenario Outline: Runts are skipped with their reason
    Given the raw frame "<hex>"
    When booty decodes the frame
    Then the frame is skipped because "<reason>"

    Examples:
      | hex                                        | reason                                             |
      |                                            | 0 bytes is too short for an Ethernet header        |
      | 0180c200000e0200000000                     | 11 bytes is too short for an Ethernet header       |
      | 0180c200000e02000000000188                 | 13 bytes is too short for an Ethernet header       |
      | 0180c200000e0200000000018100               | frame ends inside its VLAN tag                     |
      | 0180c200000e02000000000181000064           | frame ends inside its VLAN tag                     |
      | 0180c200000e02000000000188cc               | missing End of LLDPDU TLV                          |
      | 0180c200000e02000000000188cc01             | truncated TLV header at offset 0                   |
