Feature: /deploy/vars line syntax
  The controller writes /deploy/vars as shell-style `export KEY="VALUE"` lines. booty reads the
  same files as the original agent (spec caprf-and-config.md §1.2), but where the original was
  quirky (asymmetric quote stripping, single quotes kept, inline comments kept, BOM, spaces
  around the key) booty reads the file the way the shell that wrote it would.

  Scenario Outline: A value is read the way the shell reads it
    Given the vars file:
      """
      <line>
      """
    When booty loads the vars file
    Then the value of "<key>" is "<value>"

    Examples:
      | line                                  | key              | value                |
      | export HOSTNAME="worker-01"           | HOSTNAME         | worker-01            |
      | HOSTNAME="bare-host"                  | HOSTNAME         | bare-host            |
      | HOSTNAME=plain                        | HOSTNAME         | plain                |
      | HOSTNAME='single-quoted'              | HOSTNAME         | single-quoted        |
      | export   HOSTNAME="extra-spaces"      | HOSTNAME         | extra-spaces         |
      | HOSTNAME = "spaced"                   | HOSTNAME         | spaced               |
      | HOSTNAME="commented" # set by CAPRF   | HOSTNAME         | commented            |
      | HOSTNAME=uncommented # note           | HOSTNAME         | uncommented          |
      | REGION="eu # not a comment"           | REGION           | eu # not a comment   |
      | PROVIDER_ID="redfish://bmc/Systems/1" | PROVIDER_ID      | redfish://bmc/Systems/1 |
      | MACHINE_EXTRA_KERNEL_PARAMS="a=b c=d" | MACHINE_EXTRA_KERNEL_PARAMS | a=b c=d   |
      | REGION="say \"hi\""                   | REGION           | say "hi"             |

  Scenario: Comments and blank lines are skipped
    Given the vars file:
      """
      # written by CAPRF

      export HOSTNAME="test-host"
        # indented comment
      """
    When booty loads the vars file
    Then the value of "HOSTNAME" is "test-host"
    And there are no warnings

  Scenario: Windows line endings read the same as Unix ones
    Given the vars file with CRLF line endings:
      """
      export HOSTNAME="crlf-host"
      export MIN_DISK_SIZE_GB="100"
      """
    When booty loads the vars file
    Then the value of "HOSTNAME" is "crlf-host"
    And the value of "MIN_DISK_SIZE_GB" is 100

  Scenario: A byte order mark does not hide the first key
    Given the vars file starts with a byte order mark and contains:
      """
      export HOSTNAME="bom-host"
      """
    When booty loads the vars file
    Then the value of "HOSTNAME" is "bom-host"

  Scenario: A key set twice keeps the later value and warns
    Given the vars file:
      """
      export HOSTNAME="a"
      export HOSTNAME="b"
      """
    When booty loads the vars file
    Then the value of "HOSTNAME" is "b"
    And there is a warning "vars:2: HOSTNAME: set again; line 1 is ignored"

  Scenario: Unknown keys are kept as warnings with a hint
    Given the vars file:
      """
      export hostname="lower"
      export BGP_REMOTE_ASN="65100"
      export SOMETHING_NEW="x"
      """
    When booty loads the vars file
    Then there is a warning "vars:1: hostname: unknown key, ignored (did you mean HOSTNAME?)"
    And there is a warning "vars:2: BGP_REMOTE_ASN: unknown key, ignored (did you mean bgp_remote_asn?)"
    And there is a warning "vars:3: SOMETHING_NEW: unknown key, ignored"
