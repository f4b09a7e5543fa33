Feature: Listening for neighbours on several interfaces
  A listener collects for a bounded time and reports at most one neighbour per (interface,
  chassis ID, port ID), the latest frame winning. A shutdown LLDPDU (TTL 0) removes its
  neighbour. Malformed frames are skipped with their reason and never stop the listener. The
  neighbours go into the inventory report as a list of camelCase objects.

  Scenario: The latest frame from a neighbour wins; each interface keeps its own
    Given interface "eno1" hears:
      | chassis           | port      | system name | ttl |
      | 00:11:22:33:44:55 | Ethernet1 | leaf01      | 120 |
      | 00:11:22:33:44:66 | Ethernet7 | leaf02      | 120 |
      | 00:11:22:33:44:55 | Ethernet1 | leaf01-new  | 90  |
    And interface "eno2" hears:
      | chassis           | port      | system name | ttl |
      | 00:11:22:33:44:55 | Ethernet1 | leaf01      | 120 |
    When booty listens for LLDP on "eno1,eno2" for 35 seconds
    Then booty reports these neighbours:
      | interface | chassis           | port      | system name | ttl |
      | eno1      | 00:11:22:33:44:55 | Ethernet1 | leaf01-new  | 90  |
      | eno1      | 00:11:22:33:44:66 | Ethernet7 | leaf02      | 120 |
      | eno2      | 00:11:22:33:44:55 | Ethernet1 | leaf01      | 120 |
    And no frame was skipped

  Scenario: A shutdown LLDPDU removes its neighbour
    Given interface "eno1" hears:
      | chassis           | port      | system name | ttl |
      | 00:11:22:33:44:55 | Ethernet1 | leaf01      | 120 |
      | 00:11:22:33:44:66 | Ethernet7 | leaf02      | 120 |
      | 00:11:22:33:44:55 | Ethernet1 | leaf01      | 0   |
    When booty listens for LLDP on "eno1" for 35 seconds
    Then booty reports these neighbours:
      | interface | chassis           | port      | system name | ttl |
      | eno1      | 00:11:22:33:44:66 | Ethernet7 | leaf02      | 120 |

  Scenario: Malformed frames are skipped and the listener goes on
    Given interface "eno1" hears the malformed frame "chassis port ttl"
    And interface "eno1" hears:
      | chassis           | port      | system name | ttl |
      | 00:11:22:33:44:55 | Ethernet1 | leaf01      | 120 |
    And interface "eno1" hears the malformed frame "port chassis ttl end"
    And interface "eno2" hears the malformed frame "chassis port ttl 8:0501 end"
    When booty listens for LLDP on "eno1,eno2" for 35 seconds
    Then booty reports these neighbours:
      | interface | chassis           | port      | system name | ttl |
      | eno1      | 00:11:22:33:44:55 | Ethernet1 | leaf01      | 120 |
    And these frames were skipped:
      | interface | reason                                                 |
      | eno1      | missing End of LLDPDU TLV                              |
      | eno1      | Chassis ID TLV must come first, found Port ID          |
      | eno2      | Management Address TLV has 2 bytes (expected 9 to 167) |

  Scenario: A flood of garbage is counted, but only the first reasons are kept
    Given interface "eno1" hears the malformed frame "chassis port ttl" 100 times
    When booty listens for LLDP on "eno1" for 35 seconds
    Then booty reports no neighbour
    And 100 frames were skipped, 32 of them with their reason

  Scenario: An interface that hears nothing reports nothing
    Given interface "eno1" hears nothing
    When booty listens for LLDP on "eno1" for 35 seconds
    Then booty reports no neighbour

  Scenario: Listening on a link that does not exist fails
    Given interface "eno1" hears nothing
    When booty listens for LLDP on "eno1,eno9" for 35 seconds
    Then listening fails for "eno9" with "LLDP listen on eno9: No such device"

  Scenario: Neighbours as the inventory report lists them
    Given interface "eno1" hears the frame with the TLVs "chassis port ttl 4:"to-server-7" name 6:"SONiC" 7:00140010 8:0501c0000202+02+00000002+00 pvid end"
    And interface "eno2" hears the frame with the TLVs "1:07+"leaf02" 2:03+00aabbccddee 3:003c end"
    When booty listens for LLDP on "eno1,eno2" for 35 seconds
    Then the inventory lists the neighbours as:
      """
      [
        {"interface": "eno1", "chassisId": "00:11:22:33:44:55", "chassisIdSubtype": "mac-address",
         "portId": "Ethernet1", "portIdSubtype": "interface-name", "ttl": 120,
         "systemName": "leaf01", "systemDescription": "SONiC", "portDescription": "to-server-7",
         "sourceMac": "02:00:00:00:00:01",
         "managementAddresses": [{"address": "192.0.2.2", "family": "ipv4",
                                  "interfaceNumbering": "ifindex", "interfaceNumber": 2}],
         "portVlanId": 100, "capabilities": ["bridge", "router"], "enabledCapabilities": ["router"]},
        {"interface": "eno2", "chassisId": "leaf02", "chassisIdSubtype": "local",
         "portId": "00:aa:bb:cc:dd:ee", "portIdSubtype": "mac-address", "ttl": 60,
         "systemName": "", "systemDescription": "", "portDescription": "",
         "sourceMac": "02:00:00:00:00:01"}
      ]
      """
