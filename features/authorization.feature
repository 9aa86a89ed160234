Feature: Who may do what
  Users read, change and delete themselves; admins may do all of that to anyone, and alone
  may search, suspend and activate. Anonymous callers get 401, others 403.

  Background:
    Given registered users "ada, bob"

  Scenario Outline: <actor> <action> "<target>"
    When <actor> <action> "<target>"
    Then the response status is <status>

    Examples:
      | actor    | action    | target | status |
      | "ada"    | looks up  | ada    | 200    |
      | "ada"    | looks up  | bob    | 403    |
      | someone  | looks up  | ada    | 401    |
      | an admin | looks up  | bob    | 200    |
      | "ada"    | suspends  | bob    | 403    |
      | "ada"    | suspends  | ada    | 403    |
      | someone  | suspends  | bob    | 401    |
      | an admin | suspends  | bob    | 200    |
      | "ada"    | activates | ada    | 403    |
      | an admin | activates | bob    | 200    |
      | "ada"    | deletes   | bob    | 403    |
      | someone  | deletes   | bob    | 401    |
      | "ada"    | deletes   | ada    | 204    |
      | an admin | deletes   | bob    | 204    |

  Scenario Outline: <actor> changes "<target>"
    When <actor> changes "<target>" with:
      """
      {"email": "changed@example.com"}
      """
    Then the response status is <status>

    Examples:
      | actor    | target | status |
      | "ada"    | ada    | 200    |
      | "ada"    | bob    | 403    |
      | someone  | ada    | 401    |
      | an admin | bob    | 200    |

  Scenario Outline: Only an admin searches
    When <actor> searches users with ""
    Then the response status is <status>

    Examples:
      | actor    | status |
      | "ada"    | 403    |
      | someone  | 401    |
      | an admin | 200    |

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
