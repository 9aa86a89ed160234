Feature: Changing, suspending, activating and deleting users

  Scenario: A user changes their username and email
    Given a registered user "ada"
    When "ada" changes "ada" with:
      """
      {"username": "ada_lovelace", "email": " Ada@Lovelace.example "}
      """
    Then the response status is 200
    And the user is shown with username "ada_lovelace"
    And the user is shown with email "ada@lovelace.example"
    When an admin looks up "ada"
    Then the user is shown with username "ada_lovelace"
    And the user is shown with email "ada@lovelace.example"

  Scenario Outline: A change to a username or email another user has is a conflict
    Given a registered user "ada"
    And a registered user "bob" with email "bob@example.com"
    When "ada" changes "ada" with:
      """
      <body>
      """
    Then the response is a 409 problem "USER_ALREADY_EXISTS"
    And the problem names the field "<field>"

    Examples:
      | body                         | field    |
      | {"username": "BOB"}          | username |
      | {"email": "Bob@Example.com"} | email    |

  Scenario Outline: Invalid changes are refused and nothing is applied
    Given a registered user "ada"
    When "ada" changes "ada" with:
      """
      <body>
      """
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "<field>"
    When "ada" looks up "ada"
    Then the user is shown with role "user"
    And the user is shown with username "ada"

    Examples:
      | body                                  | field    |
      | {}                                    | body     |
      | {"role": "admin"}                     | role     |
      | {"status": "suspended"}               | status   |
      | {"username": "ada", "role": "admin"}  | role     |
      | {"password": "a new passphrase 22"}   | password |
      | {"username": "x"}                     | username |
      | {"email": 7}                          | email    |

  Scenario: A deleted user cannot be changed
    Given a registered user "ada"
    And the user "ada" was deleted
    When an admin changes "ada" with:
      """
      {"username": "ghost"}
      """
    Then the response is a 404 problem "USER_NOT_FOUND"

  Scenario: An admin suspends and then activates a user
    Given a registered user "ada"
    When an admin suspends "ada"
    Then the response status is 200
    And the user is shown with status "suspended"
    When "ada" logs in with the right password
    Then the response is a 403 problem "ACCOUNT_DISABLED"
    When an admin activates "ada"
    Then the response status is 200
    And the user is shown with status "active"
    When "ada" logs in with the right password
    Then the log-in succeeds with a bearer token pair

  Scenario: Suspending a suspended user, or activating an active one, is a no-op
    Given a registered user "ada"
    When an admin activates "ada"
    Then the response status is 200
    And the user is shown with status "active"
    And "ada"'s updatedAt is as it was before
    Given the user "ada" was suspended
    When an admin suspends "ada"
    Then the response status is 200
    And the user is shown with status "suspended"
    And "ada"'s updatedAt is as it was before

  Scenario: Activating reads the status from the database, not the cache
    Given a registered user "ada"
    And an admin has looked up "ada"
    And the database alone says "ada" is suspended
    Then an admin looking up "ada" still sees the cached status "active"
    When an admin activates "ada"
    Then the user is shown with status "active"
    When "ada" logs in with the right password
    Then the log-in succeeds with a bearer token pair

  Scenario: Suspending reads the status from the database, not the cache
    Given a registered user "ada"
    And the user "ada" was suspended
    And an admin has looked up "ada"
    And the database alone says "ada" is active
    Then an admin looking up "ada" still sees the cached status "suspended"
    When an admin suspends "ada"
    Then the user is shown with status "suspended"
    When "ada" logs in with the right password
    Then the response is a 403 problem "ACCOUNT_DISABLED"

  Scenario Outline: Suspending, activating or deleting a deleted user is not found
    Given a registered user "ada"
    And the user "ada" was deleted
    When an admin <action> "ada"
    Then the response is a 404 problem "USER_NOT_FOUND"

    Examples:
      | action    |
      | suspends  |
      | activates |
      | deletes   |

  Scenario: A deleted user is gone from every read
    Given registered users "ada, bob"
    When "ada" deletes "ada"
    Then the response status is 204
    When an admin looks up "ada"
    Then the response is a 404 problem "USER_NOT_FOUND"
    When an admin searches users with "username=ada"
    Then the search finds ""
