Feature: Registration
  Anyone may register with a username, an email and a password. Usernames and emails are
  unique among users that are not deleted, whatever their case; passwords never come back.

  Scenario: A new user registers
    When someone registers with:
      | username | ada_l                 |
      | email    | Ada@Example.com       |
      | password | a sturdy passphrase 1 |
    Then a user "ada_l" was created
    And the user is shown with email "ada@example.com"
    And the user is shown with lastLoginAt "null"
    And the response header "cache-control" is "no-store"

  @in-process
  Scenario: A new user gets a welcome email after the user is stored
    When someone registers with:
      | username | ada_l                 |
      | email    | Ada@Example.com       |
      | password | a sturdy passphrase 1 |
    Then a user "ada_l" was created
    And a welcome email was sent to "ada@example.com"

  Scenario: The password is never echoed
    When someone registers with:
      | username | ada                   |
      | email    | not-an-email          |
      | password | hunter2-is-my-secret! |
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the response body does not contain "hunter2"

  @in-process
  Scenario: The password is never logged
    When someone registers with:
      | username | ada                   |
      | email    | ada@example.com       |
      | password | hunter2-is-my-secret! |
    And someone registers with:
      | username | bob                   |
      | email    | not-an-email          |
      | password | hunter2-is-my-secret! |
    Then the log does not contain "hunter2"

  @in-process
  Scenario: Registration succeeds while the email provider is down, and the email follows
    Given the email provider is down
    When someone registers with:
      | username | ada                   |
      | email    | ada@example.com       |
      | password | a sturdy passphrase 1 |
    Then a user "ada" was created
    And the log has a warning "email send failed: will retry"
    And 1 email to "ada@example.com" is waiting in the outbox
    When the email provider is back and the outbox is drained
    Then "ada@example.com" received 1 email "Welcome: verify your email"
    And no email is waiting in the outbox

  Scenario Outline: A username or email already in use, in any case, is a conflict naming the field
    Given a registered user "ada" with email "ada@example.com"
    When someone registers with:
      | username | <username>            |
      | email    | <email>               |
      | password | a sturdy passphrase 1 |
    Then the response is a 409 problem "USER_ALREADY_EXISTS"
    And the problem names the field "<field>"

    Examples:
      | username | email             | field    |
      | ada      | other@example.com | username |
      | ADA      | other@example.com | username |
      | bob      | ada@example.com   | email    |
      | bob      | ADA@EXAMPLE.COM   | email    |

  Scenario: A deleted user's username and email can be registered again
    Given a registered user "ada" with email "ada@example.com"
    And the user "ada" was deleted
    When someone registers with:
      | username | ada                   |
      | email    | ada@example.com       |
      | password | a sturdy passphrase 1 |
    Then a user "ada" was created

  Scenario: Twenty clients racing for one username: exactly one wins
    When 20 clients register the username "racer" at the same time
    Then exactly one registration succeeded and the others conflicted

  Scenario Outline: Invalid registrations are refused with the failing field named
    When someone registers with the JSON body:
      """
      <body>
      """
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "<field>"

    Examples:
      | body                                                                                   | field    |
      | {"email": "a@example.com", "password": "a sturdy passphrase 1"}                        | username |
      | {"username": "ab", "email": "a@example.com", "password": "a sturdy passphrase 1"}      | username |
      | {"username": "_ada", "email": "a@example.com", "password": "a sturdy passphrase 1"}    | username |
      | {"username": "ada.", "email": "a@example.com", "password": "a sturdy passphrase 1"}    | username |
      | {"username": "ada l", "email": "a@example.com", "password": "a sturdy passphrase 1"}   | username |
      | {"username": 42, "email": "a@example.com", "password": "a sturdy passphrase 1"}        | username |
      | {"username": "ada", "email": "not-an-email", "password": "a sturdy passphrase 1"}      | email    |
      | {"username": "ada", "password": "a sturdy passphrase 1"}                               | email    |
      | {"username": "ada", "email": "a@example.com", "password": "too short"}                 | password |
      | {"username": "ada", "email": "a@example.com", "password": "my name is ADA, ok?"}       | password |
      | {"username": "ada", "email": "a@example.com"}                                          | password |
      | {"username": "ada", "email": "a@example.com", "password": "a sturdy passphrase 1", "role": "admin"}     | role     |
      | {"username": "ada", "email": "a@example.com", "password": "a sturdy passphrase 1", "status": "active"}  | status   |
      | []                                                                                     | body     |

  Scenario: A password of 129 characters is too long
    When someone registers with the JSON body:
      """
      {"username": "ada", "email": "a@example.com", "password": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}
      """
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "password"

  Scenario: A body that is not JSON is refused
    When a client sends POST "/api/v1/users" with the JSON body:
      """
      {"username": "ada",
      """
    Then the response is a 400 problem "INVALID_JSON"

  Scenario: A body that is not declared as JSON is refused
    When a client sends POST "/api/v1/users" with a "text/plain" body:
      """
      username=ada
      """
    Then the response is a 415 problem "UNSUPPORTED_MEDIA_TYPE"

  Scenario: A body over 64 KiB is refused
    When a client sends POST "/api/v1/users" with a JSON body of 65 KiB
    Then the response is a 413 problem "PAYLOAD_TOO_LARGE"
