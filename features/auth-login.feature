Feature: Logging in and refreshing
  A user logs in with a username or an email and gets a short-lived access token and a
  refresh token. Each refresh token works once; presenting a used one ends its session.

  Background:
    Given a registered user "ada" with email "ada@example.com"

  Scenario Outline: A user logs in by username or email, in any case
    When "<login>" logs in with the right password
    Then the log-in succeeds with a bearer token pair
    When the client asks who it is with its access token
    Then the answer is the user "ada"
    And the user's last log-in is recorded

    Examples:
      | login           |
      | ada             |
      | ADA             |
      | Ada@Example.com |

  Scenario: A wrong password and an unknown login get the same answer
    When "ada" logs in with the password "not the right one"
    Then the response is a 401 problem "INVALID_CREDENTIALS"
    And the response body does not contain "not the right one"
    When "nobody" logs in with the password "not the right one"
    Then the response is a 401 problem "INVALID_CREDENTIALS"

  Scenario: A deleted user cannot log in, and looks like an unknown one
    Given the user "ada" was deleted
    When "ada" logs in with the right password
    Then the response is a 401 problem "INVALID_CREDENTIALS"

  Scenario: A suspended user with the right password is told the account is disabled
    Given the user "ada" was suspended
    When "ada" logs in with the right password
    Then the response is a 403 problem "ACCOUNT_DISABLED"

  Scenario: A refresh gives a new pair and retires the old refresh token
    When "ada" logs in with the right password
    And the client refreshes the session
    Then the log-in succeeds with a bearer token pair
    When the client asks who it is with its access token
    Then the answer is the user "ada"
    When the client refreshes with the retired refresh token
    Then the response is a 401 problem "INVALID_TOKEN"

  Scenario: Reusing a retired refresh token ends the whole session
    When "ada" logs in with the right password
    And the client refreshes the session
    And the client refreshes with the retired refresh token
    And the client refreshes the session
    Then the response is a 401 problem "INVALID_TOKEN"
    When the client asks who it is with its access token
    Then the response is a 401 problem "INVALID_TOKEN"

  Scenario: An unknown refresh token is refused
    When the client refreshes with "no-such-refresh-token"
    Then the response is a 401 problem "INVALID_TOKEN"

  @in-process
  Scenario: A refresh token lives 30 days (REFRESH_TOKEN_TTL_SECONDS), not longer
    When "ada" logs in with the right password
    And 29 days have passed
    And the client refreshes the session
    Then the log-in succeeds with a bearer token pair
    When 30 days have passed
    And the client refreshes the session
    Then the response is a 401 problem "INVALID_TOKEN"

  Scenario: A refresh reads the user's status from the database, not the cache
    When "ada" logs in with the right password
    And an admin has looked up "ada"
    And the database alone says "ada" is suspended
    Then an admin looking up "ada" still sees the cached status "active"
    When the client refreshes the session
    Then the response is a 401 problem "INVALID_TOKEN"

  Scenario: A suspended user's refresh token stops working
    When "ada" logs in with the right password
    And the user "ada" was suspended
    And the client refreshes the session
    Then the response is a 401 problem "INVALID_TOKEN"

  Scenario Outline: Malformed log-in requests are refused
    When a client sends POST "/api/v1/auth/token" with the JSON body:
      """
      <body>
      """
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "<field>"

    Examples:
      | body                                         | field    |
      | {"password": "a sturdy passphrase 1"}        | login    |
      | {"login": "ada"}                             | password |
      | {"login": "", "password": "x"}               | login    |
      | {"login": "ada", "password": 12}             | password |
      | {"login": "ada", "password": "x", "mfa": 1}  | mfa      |
