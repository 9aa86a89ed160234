Feature: Second factor (TOTP)
  A user enrols an authenticator (RFC 6238: SHA-1, 6 digits, 30-second steps), confirms it
  with a code and gets ten single-use recovery codes. Log-in then needs a code; each code
  works once. An admin removes the factor of a user who lost their phone.

  Background:
    Given a registered user "ada"
    And "ada" is signed in

  Scenario: Enrolment answers a secret and a URI; log-in asks for a code only once confirmed
    When "ada" starts a TOTP enrolment
    Then the response status is 200
    And the enrolment answers a base32 secret inside an otpauth URI
    When "ada" logs in with the right password
    Then the log-in succeeds with a bearer token pair
    When "ada" confirms the enrolment with the current code
    Then the response status is 200
    And ten distinct recovery codes are answered
    When "ada" asks who they are
    Then the user is shown with mfaEnabled "true"

  Scenario: With a second factor: no code is MFA_REQUIRED, a code works once, a recovery code works once
    Given "ada" has enrolled a second factor
    When "ada" logs in with the right password
    Then the response is a 401 problem "MFA_REQUIRED"
    When "ada" logs in with the code of the next step
    Then the log-in succeeds with a bearer token pair
    When "ada" logs in with the same code again
    Then the response is a 401 problem "INVALID_CREDENTIALS"
    When "ada" logs in with recovery code 3
    Then the log-in succeeds with a bearer token pair
    When "ada" logs in with recovery code 3
    Then the response is a 401 problem "INVALID_CREDENTIALS"
    When "ada" logs in with the otp "000000"
    Then the response is a 401 problem "INVALID_CREDENTIALS"

  @in-process
  Scenario: A later step's code works after the step of the last one has passed
    Given "ada" has enrolled a second factor
    When "ada" logs in with the code of the next step
    Then the log-in succeeds with a bearer token pair
    When 1 minutes have passed
    And "ada" logs in with the current code
    Then the log-in succeeds with a bearer token pair

  Scenario: Wrong codes count as failed log-ins and lock like wrong passwords
    Given "ada" has enrolled a second factor
    When "ada" logs in with the otp "000000" 5 times
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    And the response header "Retry-After" is "900"
    When "ada" logs in with the code of the next step
    Then the response is a 423 problem "ACCOUNT_LOCKED"

  Scenario: Enrolment states
    When "ada" confirms the enrolment with the otp "123456"
    Then the response is a 409 problem "INVALID_STATE"
    When "ada" starts a TOTP enrolment
    And "ada" confirms the enrolment with the otp "12345x"
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "code"
    When "ada" confirms the enrolment with the current code
    Then the response status is 200
    And ten distinct recovery codes are answered
    When "ada" logs in with the right password
    Then the response is a 401 problem "MFA_REQUIRED"
    When "ada" starts a TOTP enrolment
    Then the response is a 409 problem "INVALID_STATE"

  Scenario: Nobody else enrols a user, and the secret never comes back
    Given a registered user "bob"
    When "bob" starts a TOTP enrolment for "ada"
    Then the response is a 403 problem "PERMISSION_DENIED"
    And the response has no field "secret"
    And the response has no field "otpauthUri"
    When an admin starts a TOTP enrolment for "ada"
    Then the response is a 403 problem "PERMISSION_DENIED"
    And the response has no field "secret"
    And the response has no field "otpauthUri"
    When "ada" confirms the enrolment with the otp "123456"
    Then the response is a 409 problem "INVALID_STATE"

  Scenario: An admin removes the factor of a user who lost their phone
    Given "ada" has enrolled a second factor
    When an admin removes the second factor of "ada"
    Then the response status is 204
    When "ada" logs in with the right password
    Then the log-in succeeds with a bearer token pair
    When an admin looks up "ada"
    Then the user is shown with mfaEnabled "false"
    When an admin removes the second factor of "ada"
    Then the response is a 404 problem "NOT_FOUND"

  Scenario: A wrong password to remove the factor counts toward the lock, as a wrong log-in does
    Given "ada" has enrolled a second factor
    When "ada" removes their second factor with the password "not the right password"
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "password"
    When "ada" logs in with a wrong password 4 times
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    When "ada" removes their second factor with the right password
    Then the response is a 423 problem "ACCOUNT_LOCKED"
    When "ada" asks who they are
    Then the user is shown with mfaEnabled "true"

  Scenario: A user removes their own factor with their password only
    Given "ada" has enrolled a second factor
    When "ada" removes their second factor with the password "not the right password"
    Then the response is a 400 problem "VALIDATION_ERROR"
    And the problem names the field "password"
    When "ada" logs in with the right password
    Then the response is a 401 problem "MFA_REQUIRED"
    When "ada" asks who they are
    Then the user is shown with mfaEnabled "true"
    When "ada" removes their second factor with the right password
    Then the response status is 204
    When "ada" asks who they are
    Then the user is shown with mfaEnabled "false"
    When "ada" logs in with the right password
    Then the log-in succeeds with a bearer token pair
