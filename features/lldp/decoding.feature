Feature: LLDP frames are decoded into neighbours people can read
  booty listens for the LLDP frames its switches send (IEEE 802.1AB) and turns each into a
  neighbour: chassis and port identifiers rendered by subtype, TTL, names and descriptions,
  management addresses, the port VLAN ID and capabilities.

  Frames are written as TLV tokens: "chassis" (MAC 00:11:22:33:44:55), "port" (interface name
  Ethernet1), "ttl" (120 s), "name" (System Name leaf01), "pvid" (Port VLAN ID 100), "end", or
  "TYPE:VALUE" where VALUE is hex and "quoted text" pieces joined with "+" ("HEX*N" repeats).

  Scenario: The frame from the original agent's test decodes as it did there
    Given an LLDP frame with the TLVs "chassis port ttl end"
    When booty decodes the frame
    Then the neighbour has chassis ID "00:11:22:33:44:55", port ID "Ethernet1" and TTL 120
    And the neighbour's system name is ""

  Scenario Outline: Chassis ID subtypes are rendered by kind
    Given an LLDP frame with the TLVs "1:<value> port ttl end"
    When booty decodes the frame
    Then the neighbour's chassis ID is "<rendered>" of kind "<kind>"

    Examples:
      | value                                  | kind              | rendered          |
      | 04001122334455                         | mac-address       | 00:11:22:33:44:55 |
      | 05+01c0000201                          | network-address   | 192.0.2.1         |
      | 05+0220010db8000000000000000000000001  | network-address   | 2001:db8::1       |
      | 05+06aabbccddeeff                      | network-address   | 06aabbccddeeff    |
      | 07+"leaf01"                            | local             | leaf01            |
      | 06+"swp1"                              | interface-name    | swp1              |
      | 01+"chassis-1"                         | chassis-component | chassis-1         |
      | 02+"uplink"                            | interface-alias   | uplink            |
      | 03+"slot-2"                            | port-component    | slot-2            |
      | 00+ff01                                | reserved          | ff01              |
      | 09+ff01                                | reserved          | ff01              |

  Scenario Outline: Port ID subtypes are rendered by kind
    Given an LLDP frame with the TLVs "chassis 2:<value> ttl end"
    When booty decodes the frame
    Then the neighbour's port ID is "<rendered>" of kind "<kind>"

    Examples:
      | value                                  | kind             | rendered          |
      | 03+00aabbccddee                        | mac-address      | 00:aa:bb:cc:dd:ee |
      | 04+01c0000202                          | network-address  | 192.0.2.2         |
      | 04+0220010db8000000000000000000000002  | network-address  | 2001:db8::2       |
      | 05+"Ethernet1"                         | interface-name   | Ethernet1         |
      | 07+"port-7"                            | local            | port-7            |
      | 01+"to-spine"                          | interface-alias  | to-spine          |
      | 02+"pc-3"                              | port-component   | pc-3              |
      | 06+0102a0ff                            | agent-circuit-id | 0102a0ff          |
      | 08+"x"                                 | reserved         | 78                |

  Scenario Outline: Text TLVs are sanitised for reports
    Given an LLDP frame with the TLVs "chassis port ttl 5:<value> end"
    When booty decodes the frame
    Then the neighbour's system name is "<name>"

    Examples:
      | value                     | name         |
      | "switch-leaf01"           | switch-leaf01 |
      | "bad"+001f7f+"name"       | bad???name   |
      | "leaf01"+0000             | leaf01       |
      | "sw"+ff                   | sw�          |
      | "caf"+c3a9                | café         |
      |                           |              |

  Scenario: Names, descriptions and capabilities
    Given an LLDP frame with the TLVs "chassis port ttl 4:"to-server-7" 5:"leaf01" 6:"SONiC"+20+"4.2" 7:00140010 end"
    When booty decodes the frame
    Then the neighbour's port description is "to-server-7"
    And the neighbour's system name is "leaf01"
    And the neighbour's system description is "SONiC 4.2"
    And the neighbour's capabilities are "bridge,router" with "router" enabled

  Scenario Outline: The port VLAN ID comes from the IEEE 802.1 TLV only
    Given an LLDP frame with the TLVs "chassis port ttl <tlvs> end"
    When booty decodes the frame
    Then the neighbour's port VLAN ID is <vlan>

    Examples:
      | tlvs                         | vlan |
      | 127:0080c2010064             | 100  |
      | 127:0080c2010fff             | 4095 |
      | 127:0080c2010000             | 0    |
      | 127:0080c2030064+04+"v100"   | none |
      | 127:00120f0100               | none |
      | 127:0080c202+00+0064         | none |

  Scenario Outline: Management addresses, with their interface numbering
    Given an LLDP frame with the TLVs "chassis port ttl 8:<value> end"
    When booty decodes the frame
    Then the neighbour has the management address "<address>" (<family>) on interface <numbering> <number> with OID "<oid>"

    Examples:
      | value                                                    | address      | family   | numbering   | number | oid  |
      | 0501c0000202+02+00000002+00                              | 192.0.2.2    | ipv4     | ifindex     | 2      |      |
      | 110220010db8000000000000000000000002+02+00000005+00      | 2001:db8::2  | ipv6     | ifindex     | 5      |      |
      | 0501c0000202+03+00000007+02+2b06                         | 192.0.2.2    | ipv4     | system-port | 7      | 2b06 |
      | 0706aabbccddeeff+01+00000000+00                          | aabbccddeeff | family-6 | unknown     | 0      |      |
      | 0501c0000202+09+00000001+00                              | 192.0.2.2    | ipv4     | subtype-9   | 1      |      |

  Scenario: Several management addresses are kept in frame order
    Given an LLDP frame with the TLVs "chassis port ttl 8:0501c0000202+02+00000002+00 8:110220010db8000000000000000000000002+02+00000002+00 end"
    When booty decodes the frame
    Then the neighbour's management addresses are "192.0.2.2,2001:db8::2"

  Scenario: Reserved TLV types, unknown organisations and the padding after End are ignored
    Given an LLDP frame with the TLVs "chassis port ttl 9:0102 126: 127:aabbcc01ff name end raw:00*30"
    When booty decodes the frame
    Then the neighbour's system name is "leaf01"

  Scenario: A TTL of 0 is a shutdown LLDPDU, not a malformed one
    Given an LLDP frame with the TLVs "chassis port 3:0000 end"
    When booty decodes the frame
    Then the neighbour has chassis ID "00:11:22:33:44:55", port ID "Ethernet1" and TTL 0

  Scenario Outline: Frames a real lldpd sent decode completely
    Given the frame captured from lldpd in "<file>"
    When booty decodes the frame
    Then the neighbour's inventory entry is the JSON in "<file>.json"

    Examples:
      | file                              |
      | lldpd-1.0.16-veth-mac.hex         |
      | lldpd-1.0.16-veth-ifname-pvid.hex |
