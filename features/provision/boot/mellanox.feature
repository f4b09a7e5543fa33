Feature: setup-mellanox enables SR-IOV in the firmware of Mellanox NICs, on the host
  The plan runs the step only when NUM_VFS is set. Each Mellanox physical function (PCI vendor
  0x15b3, a network controller, not a virtual function) is configured by its PCI address with
  mstconfig -y. A changed firmware needs a cold reboot: kexec is skipped.

  Background:
    Given the deploy vars also set NUM_VFS="8"

  Scenario: Every Mellanox NIC gets SR-IOV with NUM_VFS virtual functions
    Given the host has the PCI functions:
      | address      | vendor | class    | virtual function |
      | 0000:3b:00.0 | 0x15b3 | 0x020000 | no               |
      | 0000:3b:00.1 | 0x15b3 | 0x020000 | no               |
      | 0000:3b:00.2 | 0x15b3 | 0x020000 | yes              |
      | 0000:5e:00.0 | 0x8086 | 0x020000 | no               |
    When the step setup-mellanox runs
    Then the step succeeds
    And the host ran the command "mstconfig -y -d 0000:3b:00.0 set SRIOV_EN=1 NUM_OF_VFS=8"
    And the host ran the command "mstconfig -y -d 0000:3b:00.1 set SRIOV_EN=1 NUM_OF_VFS=8"
    And no command configured 0000:3b:00.2 or 0000:5e:00.0
    And the NIC firmware is marked as changed
    And the log says "NIC firmware changed: a cold reboot is needed, kexec will be skipped"

  Scenario: A NIC that already has the settings is left alone, and kexec stays possible
    Given the host has the PCI functions:
      | address      | vendor | class    | virtual function |
      | 0000:3b:00.0 | 0x15b3 | 0x020000 | no               |
    And the command "mstconfig -d 0000:3b:00.0 query SRIOV_EN NUM_OF_VFS" prints:
      """
      Configurations:                              Next Boot
               SRIOV_EN                            True(1)
               NUM_OF_VFS                          8
      """
    When the step setup-mellanox runs
    Then the step succeeds
    And the NIC firmware is not marked as changed
    And the step detail says "already set 0000:3b:00.0"

  Scenario: A failure on one NIC is a warning, the other NICs are still configured
    Given the host has the PCI functions:
      | address      | vendor | class    | virtual function |
      | 0000:3b:00.0 | 0x15b3 | 0x020000 | no               |
      | 0000:af:00.0 | 0x15b3 | 0x020700 | no               |
    And the command "mstconfig -y -d 0000:3b:00.0 set SRIOV_EN=1 NUM_OF_VFS=8" fails with "-E- Failed to open device"
    When the step setup-mellanox runs
    Then the step succeeds
    And the log says "mstconfig failed"
    And the NIC firmware is marked as changed
    And the step detail says "changed 0000:af:00.0; already set none; failed 0000:3b:00.0"

  Scenario: A machine without Mellanox NICs is left alone
    Given the host has the PCI functions:
      | address      | vendor | class    | virtual function |
      | 0000:5e:00.0 | 0x8086 | 0x020000 | no               |
    When the step setup-mellanox runs
    Then the step succeeds
    And the step detail says "no Mellanox NIC"
    And the host ran no command
