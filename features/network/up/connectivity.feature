Feature: Waiting for the controller
  Before provisioning, booty waits until the controller answers over HTTP (spec networking.md §8).
  Any HTTP response proves connectivity, whatever its status; HEAD is tried first, and GET when
  HEAD is refused with 405 or 501. Failures are retried every second up to the deadline, with one
  log line per attempt.

  Scenario: A HEAD answer is enough
    Given the controller answers HEAD with 200
    When booty waits for the controller
    Then the controller was reached with HEAD on attempt 1

  Scenario Outline: An endpoint that refuses HEAD is asked with GET
    Given the controller answers HEAD with <head>
    And the controller answers GET with <get>
    When booty waits for the controller
    Then the controller was reached with GET on attempt 1

    Examples:
      | head | get |
      | 405  | 200 |
      | 501  | 404 |

  Scenario Outline: Any status counts as reachable
    Given the controller answers HEAD with <status>
    When booty waits for the controller
    Then the controller was reached with HEAD on attempt 1

    Examples:
      | status |
      | 401    |
      | 404    |
      | 503    |

  Scenario: The controller comes up after a while
    Given the controller cannot be reached for 3 attempts
    When booty waits for the controller
    Then the controller was reached with HEAD on attempt 4
    And 3 s passed
    And 3 attempts were logged as not reachable yet

  Scenario: The controller never answers
    Given the controller cannot be reached at all
    When booty waits for the controller for 30 s
    Then the wait failed with "controller http://10.0.0.1:8080/status/init unreachable after 30.0 s and 31 attempts: connection refused"
    And 31 attempts were logged as not reachable yet

  Scenario: An empty URL is an error at once
    When booty waits for the controller at ""
    Then the wait failed with "empty connectivity target URL"
