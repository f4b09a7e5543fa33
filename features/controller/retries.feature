Feature: Retrying controller calls
  A controller call is tried 3 times, waiting 1 s then 2 s (spec caprf-and-config.md §2.2).
  Unlike the original, which retried every failure, only failures that may go away are retried:
  no response at all, 5xx, 408 and 429. A 4xx such as 401, 403 or 404 fails at once.

  Background:
    Given the controller endpoints:
      | key      | value                          |
      | TOKEN    | my-token                       |
      | INIT_URL | https://caprf.local/status/init |

  Scenario: A server error is retried with backoff, then succeeds
    Given the controller answers INIT_URL with 500, 503, 200
    When the agent reports init "provisioning started"
    Then the report succeeded
    And 3 requests were sent
    And the client waited 1.0 s then 2.0 s

  Scenario: A lasting server error fails after three attempts with the last status
    Given the controller answers INIT_URL with 500, 502, 500
    When the agent reports init "provisioning started"
    Then the report failed with "POST https://caprf.local/status/init: status 500"
    And 3 requests were sent

  Scenario Outline: A client error is not retried
    Given the controller answers INIT_URL with <status>
    When the agent reports init "provisioning started"
    Then the report failed with "status <status>"
    And 1 request was sent
    And the client did not wait

    Examples:
      | status |
      | 400    |
      | 401    |
      | 403    |
      | 404    |

  Scenario: A refused connection is retried
    Given the controller cannot be reached at INIT_URL for 2 attempts
    When the agent reports init "provisioning started"
    Then the report succeeded
    And 3 requests were sent

  Scenario: Too Many Requests waits as long as the controller asks
    Given the controller answers INIT_URL with 429 and Retry-After 7, then 200
    When the agent reports init "provisioning started"
    Then the report succeeded
    And the client waited 7.0 s
