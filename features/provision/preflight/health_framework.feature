Feature: How health checks are run, skipped and judged
  Checks run in their order and each gives one result: pass, fail or skip, with the check's
  severity. A check named in HEALTH_SKIP_CHECKS is not run; it is reported as skipped by
  configuration, with its own severity. Only a failed check of severity critical stops
  provisioning; failed warning and info checks are reported and nothing more.

  Scenario: A failed warning check is not critical (H1)
    Given these health checks:
      | name | severity | outcome |
      | a    | info     | pass    |
      | b    | warning  | fail    |
    When the listed checks run with HEALTH_SKIP_CHECKS ""
    Then the results are "a pass, b fail"
    And the checks that ran are "a, b"
    And no critical check failed

  Scenario: A skipped check is reported with its severity and not run (H2)
    Given these health checks:
      | name | severity | outcome |
      | a    | info     | pass    |
      | b    | warning  | fail    |
    When the listed checks run with HEALTH_SKIP_CHECKS "b"
    Then the results are "a pass, b skip"
    And the checks that ran are "a"
    And the result of b says "skipped by configuration" with severity warning
    And no critical check failed

  Scenario: A failed critical check is critical (H3)
    Given these health checks:
      | name | severity | outcome |
      | crit | critical | fail    |
    When the listed checks run with HEALTH_SKIP_CHECKS ""
    Then the results are "crit fail"
    And the critical checks that failed are "crit"

  Scenario Outline: HEALTH_SKIP_CHECKS is a comma-separated list of exact names (H4)
    When HEALTH_SKIP_CHECKS is <text>
    Then the checks to skip are "<names>"

    Examples:
      | text            | names         |
      | ""              |               |
      | "a,b"           | a, b          |
      | " a , b , c "   | a, b, c       |
      | "disk-ioerr"    | disk-ioerr    |
      | "a,,b, "        | a, b          |
      | "Disk-Presence" | Disk-Presence |
