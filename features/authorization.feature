Feature: Who may do what
  Users read, change and delete themselves; admins may do all of that to anyone, and alone
  may search, suspend and activate. Anonymous callers get 401, others 403.

  Background:
    Given registered users "ada, bob"

  Scenario Outline: <actor> <action> "<target>"
    When <actor> <action> "<target>"
    Then the call answers <status> <outcome> for "<target>"

    Examples:
      | actor    | action    | target | status | outcome           |
      | "ada"    | looks up  | ada    | 200    | returned          |
      | "ada"    | looks up  | bob    | 403    | PERMISSION_DENIED |
      | someone  | looks up  | ada    | 401    | UNAUTHENTICATED   |
      | an admin | looks up  | bob    | 200    | returned          |
      | "ada"    | suspends  | bob    | 403    | PERMISSION_DENIED |
      | "ada"    | suspends  | ada    | 403    | PERMISSION_DENIED |
      | someone  | suspends  | bob    | 401    | UNAUTHENTICATED   |
      | an admin | suspends  | bob    | 200    | suspended         |
      | "ada"    | activates | ada    | 403    | PERMISSION_DENIED |
      | an admin | activates | bob    | 200    | active            |
      | "ada"    | deletes   | bob    | 403    | PERMISSION_DENIED |
      | someone  | deletes   | bob    | 401    | UNAUTHENTICATED   |
      | "ada"    | deletes   | ada    | 204    | deleted           |
      | an admin | deletes   | bob    | 204    | deleted           |

  Scenario Outline: <actor> changes "<target>"
    When <actor> changes "<target>" with:
      """
      {"email": "changed@example.com"}
      """
    Then the call answers <status> <outcome> for "<target>"

    Examples:
      | actor    | target | status | outcome           |
      | "ada"    | ada    | 200    | changed           |
      | "ada"    | bob    | 403    | PERMISSION_DENIED |
      | someone  | ada    | 401    | UNAUTHENTICATED   |
      | an admin | bob    | 200    | changed           |

  Scenario Outline: Only an admin searches
    When <actor> searches users with ""
    Then the search answers <status> <outcome>

    Examples:
      | actor    | status | outcome           |
      | "ada"    | 403    | PERMISSION_DENIED |
      | someone  | 401    | UNAUTHENTICATED   |
      | an admin | 200    | everyone          |

  Scenario: A signed-in user reads themself at /me
    When "ada" asks who they are
    Then the answer is the user "ada"

  Scenario: /me needs a signed-in caller
    When someone asks who they are
    Then the response is a 401 problem "UNAUTHENTICATED"
    And the answer asks for a bearer token

  Scenario: A forbidden call is a problem document
    When "ada" looks up "bob"
    Then the response is a 403 problem "PERMISSION_DENIED"

  Scenario: A malformed id is a bad request, not a forbidden one
    When "ada" looks up the user id "not-a-uuid"
    Then the response is a 400 problem "INVALID_ARGUMENT"
    When someone looks up the user id "not-a-uuid"
    Then the response is a 401 problem "UNAUTHENTICATED"

  Scenario: Authorization follows the role in the database, not the role a token claims
    Given "ada" holds a token that claims the admin role
    When the client sends GET "/api/v1/users/me" with that token
    Then the answer is the user "ada"
    When the client sends GET "/api/v1/users/{bob}" with that token
    Then the response is a 403 problem "PERMISSION_DENIED"
    When the client sends GET "/api/v1/users" with that token
    Then the response is a 403 problem "PERMISSION_DENIED"
