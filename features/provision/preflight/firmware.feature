Feature: Firmware report and minimum versions
  With FIRMWARE_REPORT the collect-firmware step reads the BIOS, the baseboard ("BMC": sysfs has
  no BMC firmware version), NIC and storage controller firmware versions and POSTs them to
  FIRMWARE_URL. FIRMWARE_MIN_BIOS and FIRMWARE_MIN_BMC are checked and each result is logged, a
  version below its minimum as a warning; it never stops the run. A report the controller does
  not take does stop it, as in the original agent.

  Scenario: BIOS version, date and vendor come from DMI (W1)
    Given the host has these files:
      | path                           | content      |
      | /sys/class/dmi/id/bios_version | U46 v2.72\n  |
      | /sys/class/dmi/id/bios_date    | 12/15/2023\n |
      | /sys/class/dmi/id/bios_vendor  | HPE\n        |
    When the step collect-firmware runs
    Then the step succeeds
    And the firmware report says:
      | field          | value        |
      | bios.component | "BIOS"       |
      | bios.version   | "U46 v2.72"  |
      | bios.date      | "12/15/2023" |
      | bios.vendor    | "HPE"        |

  Scenario: The BMC entry is the baseboard's vendor and version (W2)
    Given the host has these files:
      | path                            | content |
      | /sys/class/dmi/id/board_vendor  | Lenovo  |
      | /sys/class/dmi/id/board_version | 1.05    |
    When the step collect-firmware runs
    Then the firmware report says:
      | field         | value    |
      | bmc.component | "BMC"    |
      | bmc.vendor    | "Lenovo" |
      | bmc.version   | "1.05"   |

  Scenario: NIC firmware is read for interfaces backed by a device (W3)
    Given the host has these files:
      | path                                        | content           |
      | /sys/class/net/eth0/device/firmware_version | 22.39.1002        |
      | /sys/class/net/lo/address                   | 00:00:00:00:00:00 |
    And the host has these links:
      | path                              | target                        |
      | /sys/class/net/eth0/device/driver | ../../../bus/pci/drivers/i40e |
    When the step collect-firmware runs
    Then the firmware report says:
      | field             | value        |
      | count of nics     | 1            |
      | nics[0].interface | "eth0"       |
      | nics[0].version   | "22.39.1002" |
      | nics[0].driver    | "i40e"       |
      | nics[0].pciAddr   | (absent)     |

  Scenario: A NIC reached through sysfs links reports its PCI address
    Given the host has these files:
      | path                                                    | content    |
      | /sys/devices/pci0000:3a/0000:3b:00.0/firmware_version   | 16.35.2000 |
      | /sys/devices/pci0000:3a/0000:3b:00.0/net/ens1f0/carrier | 1          |
    And the host has these links:
      | path                                                   | target                                           |
      | /sys/class/net/ens1f0                                  | ../../devices/pci0000:3a/0000:3b:00.0/net/ens1f0 |
      | /sys/devices/pci0000:3a/0000:3b:00.0/net/ens1f0/device | ../../../0000:3b:00.0                            |
      | /sys/devices/pci0000:3a/0000:3b:00.0/driver            | ../../../bus/pci/drivers/mlx5_core               |
    When the step collect-firmware runs
    Then the firmware report says:
      | field             | value          |
      | nics[0].interface | "ens1f0"       |
      | nics[0].driver    | "mlx5_core"    |
      | nics[0].version   | "16.35.2000"   |
      | nics[0].pciAddr   | "0000:3b:00.0" |

  Scenario: Interfaces without a device are left out (W4)
    Given the host has these files:
      | path                     | content |
      | /sys/class/net/veth1234/ |         |
      | /sys/class/net/docker0/  |         |
    When the step collect-firmware runs
    Then the firmware report says:
      | field | value    |
      | nics  | (absent) |

  Scenario: Storage controllers are listed when they report a firmware revision (W5)
    Given the host has these files:
      | path                                    | content           |
      | /sys/class/scsi_host/host0/firmware_rev | 4.6.0.27          |
      | /sys/class/scsi_host/host0/model_name   | Adaptec SmartRAID |
      | /sys/class/scsi_host/host1/model_name   | AHCI              |
    When the step collect-firmware runs
    Then the firmware report says:
      | field                 | value               |
      | count of storage      | 1                   |
      | storage[0].controller | "host0"             |
      | storage[0].model      | "Adaptec SmartRAID" |
      | storage[0].version    | "4.6.0.27"          |

  Scenario: A machine with nothing to read still gets a report (W6)
    When the step collect-firmware runs
    Then the step succeeds
    And the controller received the firmware report:
      """
      {"bios": {"component": "BIOS", "version": ""}, "bmc": {"component": "BMC", "version": ""},
       "collectedAt": "2026-01-01T00:00:00Z"}
      """

  Scenario Outline: The BIOS version is compared with FIRMWARE_MIN_BIOS and only logged (W7)
    Given the deploy vars also set FIRMWARE_MIN_BIOS="<minimum>"
    And the host has these files:
      | path                           | content  |
      | /sys/class/dmi/id/bios_version | <actual> |
    When the step collect-firmware runs
    Then the step succeeds
    And the log has "Firmware version check" at <level> with check=firmware-bios status=<status>
    And the firmware check firmware-bios says "<message>"

    Examples:
      | actual | minimum | status | level   | message                                |
      | U50    | U46     | pass   | INFO    | U50 >= U46                             |
      | U30    | U46     | fail   | WARNING | U30 < minimum U46                      |
      |        | U46     | fail   | WARNING | version unknown, minimum required: U46 |

  Scenario: The BMC version is compared with FIRMWARE_MIN_BMC (W8)
    Given the deploy vars also set FIRMWARE_MIN_BMC="2.72"
    And the host has these files:
      | path                            | content |
      | /sys/class/dmi/id/board_version | 2.80    |
    When the step collect-firmware runs
    Then the log has "Firmware version check" at INFO with check=firmware-bmc status=pass
    And the firmware check firmware-bmc says "2.80 >= 2.72"

  Scenario: NIC firmware is checked for the drivers that have a minimum (W9)
    Given the host has these files:
      | path                                        | content |
      | /sys/class/net/eth0/device/firmware_version | 9.20    |
      | /sys/class/net/eth1/device/firmware_version | 22.1    |
    And the host has these links:
      | path                              | target                             |
      | /sys/class/net/eth0/device/driver | ../../../bus/pci/drivers/i40e      |
      | /sys/class/net/eth1/device/driver | ../../../bus/pci/drivers/mlx5_core |
    When the firmware is validated with the NIC minimum i40e "9.00"
    Then the firmware checks are:
      | name                   | status | message      |
      | firmware-nic-eth0-i40e | pass   | 9.20 >= 9.00 |

  Scenario: Without minimums nothing is checked (W10)
    Given the host has these files:
      | path                           | content |
      | /sys/class/dmi/id/bios_version | 1.0     |
    When the step collect-firmware runs
    Then the log has no "Firmware version check"

  Scenario Outline: Versions compare segment by segment, numbers as numbers (W11)
    When version "<a>" is compared with "<b>"
    Then it is <order>

    Examples:
      | a    | b    | order    |
      | 2.72 | 2.72 | the same |
      | 2.80 | 2.72 | newer    |
      | 2.50 | 2.72 | older    |
      | U50  | U46  | newer    |
      | U30  | U46  | older    |
      |      | 1.0  | older    |
      | 1.0  | 1    | newer    |
      | 1.10 | 1.9  | newer    |
      | U100 | U46  | older    |
      | 1_0  | 9    | older    |
      | +5   | 4    | newer    |

  Scenario: A firmware report the controller does not take stops the run
    Given the deploy vars also set FIRMWARE_REPORT="true"
    And the controller refuses the firmware report
    When the agent runs the pre-flight steps
    Then the pre-flight run failed at "collect-firmware"
    And the controller received the statuses "init, error"
    And the last status message is "step collect-firmware failed: firmware report not delivered: firmware: status 503 (refused)"
