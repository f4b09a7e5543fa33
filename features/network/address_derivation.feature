Feature: Address derivation from the IPMI address
  A machine's underlay and overlay addresses are configured, or carried over from its IPMI
  address: the offset of the IPMI address inside ipmi_subnet is applied to underlay_subnet or
  overlay_subnet (spec networking.md §3). The provision bridge MAC is 02:54 followed by the last
  four octets of the IPMI MAC. Unlike v0.0.1, an offset that does not fit the target subnet is an
  error, not a wrap-around modulo 2^32.

  Scenario Outline: The IPMI offset is carried over to the target subnet
    When booty derives the address of "<source>" in "<source subnet>" onto "<target subnet>"
    Then the derived address is "<result>"

    Examples: Spec §3.6, from the upstream tests
      | source       | source subnet | target subnet  | result         |
      | 172.30.0.42  | 172.30.0.0/24 | 192.168.4.0/24 | 192.168.4.42   |
      | 172.30.0.1   | 172.30.0.0/24 | 10.0.0.0/24    | 10.0.0.1       |
      | 172.30.0.254 | 172.30.0.0/24 | 10.0.0.0/24    | 10.0.0.254     |
      | 172.30.0.0   | 172.30.0.0/24 | 10.0.0.0/24    | 10.0.0.0       |
      | fd00::a      | fd00::/64     | fd01::/64      | fd01::a        |
      | fd00::1      | fd00::/64     | fd01::/64      | fd01::1        |
      | 172.30.0.42  | 172.30.0.0/24 | fd00::/64      | fd00::2a       |

    Examples: Spec §3.6, computed from the formula
      | source       | source subnet | target subnet          | result                |
      | 172.30.0.15  | 172.30.0.0/24 | 2a01:598:40a:5481::/64 | 2a01:598:40a:5481::f  |
      | 172.30.0.200 | 172.30.0.7/24 | 10.0.0.5/24            | 10.0.0.200            |
      | 10.1.2.3     | 10.1.0.0/16   | fd00:0:0:1::/64        | fd00:0:0:1::203       |
      | fd00::a      | fd00::/64     | 10.0.0.0/24            | 10.0.0.10             |

    Examples: Offsets that fit exactly, and an IPv4-mapped source
      | source             | source subnet | target subnet      | result       |
      | 172.30.1.44        | 172.30.0.0/23 | 10.0.0.0/23        | 10.0.1.44    |
      | 172.30.1.255       | 172.30.0.0/23 | 10.0.0.0/23        | 10.0.1.255   |
      | ::ffff:172.30.0.42 | 172.30.0.0/24 | 192.168.4.0/24     | 192.168.4.42 |

  Scenario Outline: An offset that does not fit the target subnet is an error, not a wrap-around
    When booty derives the address of "<source>" in "<source subnet>" onto "<target subnet>"
    Then derivation fails with "<error>"

    Examples: The rows of spec §3.6 where v0.0.1 wrapped around or left the target subnet
      | source      | source subnet | target subnet       | error                                                                                                   |
      | 172.30.1.44 | 172.30.0.0/23 | 10.0.0.0/24         | offset 300 of 172.30.1.44 in 172.30.0.0/23 does not fit 10.0.0.0/24 (256 addresses, offsets 0 to 255)    |
      | 172.30.1.44 | 172.30.0.0/23 | fd00::ffff:ff00/120 | offset 300 of 172.30.1.44 in 172.30.0.0/23 does not fit fd00::ffff:ff00/120 (256 addresses, offsets 0 to 255) |
      | 172.20.20.5 | 172.30.0.0/24 | 10.0.0.0/24         | 172.20.20.5 is not inside 172.30.0.0/24, so it has no offset to carry over                              |
      | 10.0.0.2    | 10.0.0.0/24   | 192.168.0.7/31      | offset 2 of 10.0.0.2 in 10.0.0.0/24 does not fit 192.168.0.6/31 (2 addresses, offsets 0 to 1)            |
      | 10.0.0.1    | 10.0.0.0/24   | 192.168.0.7/32      | offset 1 of 10.0.0.1 in 10.0.0.0/24 does not fit 192.168.0.7/32 (1 address, offsets 0 to 0)              |

  Scenario Outline: Text that is not an address or a subnet is refused
    When booty derives the address of "<source>" in "<source subnet>" onto "<target subnet>"
    Then derivation fails with "<error>"

    Examples:
      | source    | source subnet | target subnet | error                                                  |
      | not-an-ip | 10.0.0.0/24   | 10.0.0.0/24   | invalid source IP 'not-an-ip'                          |
      | 10.0.0.1  | bad           | 10.0.0.0/24   | invalid source CIDR 'bad'                              |
      | 10.0.0.1  | 10.0.0.0/24   | bad           | invalid target CIDR 'bad'                              |
      | 10.0.0.1  | 10.0.0.0      | 10.0.0.0/24   | invalid source CIDR '10.0.0.0'                         |
      | 10.0.0.1  | fd00::/64     | 10.0.0.0/24   | IPv4/IPv6 mismatch: 10.0.0.1 is IPv4 but fd00::/64 is IPv6 |
      | fd00::1   | 10.0.0.0/24   | 10.0.0.0/24   | IPv4/IPv6 mismatch: fd00::1 is IPv6 but 10.0.0.0/24 is IPv4 |

  Scenario Outline: A machine's underlay, overlay and bridge MAC
    Given the network vars "<vars>"
    And IPMI detection found "<ipmi ip>" with MAC "<ipmi mac>"
    When booty derives the machine's addresses
    Then the underlay is "<underlay>", the overlay "<overlay>" and the bridge MAC "<bridge mac>"

    Examples: Spec §3.6 rows 1, 2, 4 and 8
      | vars                                                                                     | ipmi ip     | ipmi mac          | underlay     | overlay   | bridge mac        |
      | underlay_ip=192.168.4.42                                                                 |             | aa:bb:cc:dd:ee:ff | 192.168.4.42 | 192.168.4.42 | 02:54:cc:dd:ee:ff |
      | underlay_subnet=192.168.4.0/24 overlay_subnet=10.0.0.0/24 ipmi_subnet=172.30.0.0/24      | 172.30.0.42 | aa:bb:cc:dd:ee:ff | 192.168.4.42 | 10.0.0.42 | 02:54:cc:dd:ee:ff |
      | underlay_ip=10.0.0.1                                                                     |             |                   | 10.0.0.1     | 10.0.0.1  | 02:54:00:00:00:01 |
      | underlay_ip=10.0.0.20 overlay_subnet=2a01:598:40a:5481::/64                              | 172.30.0.20 |                   | 10.0.0.20    | 10.0.0.20 | 02:54:00:00:00:01 |

    Examples: Configured underlay with a derived overlay; IPv6 overlay
      | vars                                                                                     | ipmi ip     | ipmi mac          | underlay     | overlay                | bridge mac        |
      | underlay_ip=10.0.0.20 overlay_subnet=2a01:598:40a:5481::/64 ipmi_subnet=172.30.0.0/24    | 172.30.0.20 | 0c:c4:7a:12:34:56 | 10.0.0.20    | 2a01:598:40a:5481::14  | 02:54:7a:12:34:56 |
      | underlay_subnet=10.0.0.0/24 ipmi_subnet=172.30.0.0/24                                    | 172.30.0.42 |                   | 10.0.0.42    | 10.0.0.42              | 02:54:00:00:00:01 |

  Scenario Outline: A machine whose addresses cannot be derived
    Given the network vars "<vars>"
    And IPMI detection found "<ipmi ip>" with MAC "<ipmi mac>"
    When booty derives the machine's addresses
    Then derivation fails with "<error>"

    Examples: Spec §3.6 rows 3, 5, 6 and 7
      | vars                                                                   | ipmi ip     | ipmi mac | error                                           |
      |                                                                        |             |          | underlay IP or                                  |
      | underlay_subnet=192.168.4.0/24 ipmi_subnet=172.30.0.0/24               | not-an-ip   |          | invalid IPMI IP 'not-an-ip'                     |
      | underlay_subnet=bad-subnet ipmi_subnet=172.30.0.0/24                   | 172.30.0.1  |          | underlay_subnet: not a CIDR (missing /prefix): 'bad-subnet' |
      | underlay_ip=10.0.0.1 overlay_subnet=bad ipmi_subnet=172.30.0.0/24      | 172.30.0.1  |          | overlay_subnet: not a CIDR (missing /prefix): 'bad' |

    Examples: Missing inputs and offsets that do not fit
      | vars                                                                   | ipmi ip     | ipmi mac | error                                           |
      | underlay_subnet=10.0.0.0/24 ipmi_subnet=172.30.0.0/24                  |             |          | underlay IP or                                  |
      | underlay_subnet=10.0.0.0/24                                            | 172.30.0.42 |          | underlay IP or                                  |
      | underlay_subnet=10.0.0.0/28 ipmi_subnet=172.30.0.0/24                  | 172.30.0.42 |          | derive underlay IP: offset 42 of 172.30.0.42 in 172.30.0.0/24 does not fit 10.0.0.0/28 (16 addresses, offsets 0 to 15) |
      | underlay_ip=10.0.0.1 overlay_subnet=fd00::/120 ipmi_subnet=10.1.0.0/16 | 10.1.2.3    |          | derive overlay IP: offset 515 of 10.1.2.3 in 10.1.0.0/16 does not fit fd00::/120 (256 addresses, offsets 0 to 255) |
      | underlay_ip=10.0.0.1 overlay_subnet=fd00::/64 ipmi_subnet=10.1.0.0/16  | 10.9.0.1    |          | derive overlay IP: 10.9.0.1 is not inside 10.1.0.0/16, so it has no offset to carry over |
      | underlay_ip=10.0.0.1                                                   |             | aa:bb:cc:dd:ee:zz | invalid IPMI MAC 'aa:bb:cc:dd:ee:zz'   |

  Scenario Outline: The bridge MAC keeps the last four octets of the IPMI MAC
    When booty derives the bridge MAC from "<ipmi mac>"
    Then the bridge MAC is "<bridge mac>"

    Examples: Spec §3.3
      | ipmi mac                                                    | bridge mac        |
      | aa:bb:cc:dd:ee:ff                                           | 02:54:cc:dd:ee:ff |
      | aa-bb-cc-dd-ee-ff                                           | 02:54:cc:dd:ee:ff |
      | aa:bb                                                       | 02:54:00:00:00:01 |
      |                                                             | 02:54:00:00:00:01 |
      | AA:BB:CC:DD:EE:0F                                           | 02:54:cc:dd:ee:0f |
      | 80:00:02:08:fe:80:00:00:00:00:00:00:0c:42:a1:03:00:7b:2e:c1 | 02:54:02:08:fe:80 |

  Scenario Outline: A MAC that is not hex octets is refused
    When booty derives the bridge MAC from "<ipmi mac>"
    Then derivation fails with "<error>"

    Examples:
      | ipmi mac          | error                                        |
      | aa:bb:cc:dd:ee:zz | not a hardware address: 'aa:bb:cc:dd:ee:zz' |
      | a:b:c:d:e:f       | not a hardware address: 'a:b:c:d:e:f'       |
      | aa:bb:cc:dd:ee:   | not a hardware address: 'aa:bb:cc:dd:ee:'   |
