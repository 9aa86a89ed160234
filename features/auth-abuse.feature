Feature: Abuse of authentication
  Tokens that are expired, forged, tampered with or of another algorithm are refused;
  guessing passwords locks the account; suspended and deleted users lose their live
  tokens at once; nobody makes themself an admin.

  Background:
    Given a registered user "ada"

  Scenario Outline: A <kind> token is refused with <code>
    When a client asks who it is with <kind> token for "ada"
    Then the response is a 401 problem "<code>"
    And the answer asks for a bearer token

    Examples:
      | kind        | code          |
      | an-expired  | TOKEN_EXPIRED |
      | a-none-alg  | INVALID_TOKEN |
      | a-forged    | INVALID_TOKEN |
      | a-tampered  | INVALID_TOKEN |

  Scenario Outline: A malformed Authorization header is refused
    When a client asks who it is with the Authorization header "<header>"
    Then the response is a 401 problem "INVALID_TOKEN"
    And the answer asks for a bearer token

    Examples:
      | header            |
      | Bearer            |
      | Basic YWRhOmFkYQ== |
      | Bearer a.b.c      |
      | Bearer not a jwt  |

  Scenario: Five wrong passwords in a row lock the account, even the right one is refused
    When "ada" logs in with a wrong password 4 times
    Then the response is a 401 problem "INVALID_CREDENTIALS"
    When "ada" logs in with a wrong password 1 times
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    And the response header "retry-after" is "900"
    When "ada" logs in with the right password
    Then the response is a 423 problem "ACCOUNT_LOCKED"

  @in-process
  Scenario: The lock runs out after 15 minutes
    When "ada" logs in with a wrong password 5 times
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    And the response header "Retry-After" is "900"
    When 14 minutes have passed
    And "ada" logs in with the right password
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    When 1 minutes have passed
    And "ada" logs in with the right password
    Then the log-in succeeds with a bearer token pair

  Scenario: A right password resets the count
    When "ada" logs in with a wrong password 4 times
    And "ada" logs in with the right password
    And "ada" logs in with a wrong password 4 times
    Then the response is a 401 problem "INVALID_CREDENTIALS"

  Scenario: Parallel guesses cannot slip past the limit
    When "ada" logs in with a wrong password 12 times at once
    Then the log-in attempts answered "4×401, 8×423"

  Scenario: A suspended user's live access token stops working at once
    Given "ada" is signed in
    And the user "ada" was suspended
    When "ada" looks up "ada"
    Then the response is a 401 problem "INVALID_TOKEN"

  Scenario: A deleted user's live access token stops working at once
    Given "ada" is signed in
    And the user "ada" was deleted
    When "ada" asks who they are
    Then the response is a 401 problem "INVALID_TOKEN"

  Scenario: An admin's role comes from the database, not from the token
    Given "ada" is signed in
    When "ada" searches users with ""
    Then the response is a 403 problem "PERMISSION_DENIED"

  Scenario: Nobody makes themself an admin through the API
    Given "ada" is signed in
    When "ada" changes "ada" with:
      """
      {"role": "admin"}
      """
    Then the response is a 400 problem "VALIDATION_ERROR"
    When "ada" searches users with ""
    Then the response is a 403 problem "PERMISSION_DENIED"
    When "ada" asks who they are
    Then the user is shown with role "user"
