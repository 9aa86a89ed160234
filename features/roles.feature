Feature: Roles and admin safety
  An admin gives users roles; the new role applies to the user's very next request. The
  last active admin cannot be suspended, deleted or demoted, and no admin can suspend or
  demote itself.

  Background:
    Given the admin "root" is signed in

  Scenario: The only admin cannot suspend, delete or demote itself
    When an admin suspends "root"
    Then the response is a 409 problem "INVALID_STATE"
    When an admin deletes "root"
    Then the response is a 409 problem "INVALID_STATE"
    When an admin gives "root" the role "user"
    Then the response is a 409 problem "INVALID_STATE"
    When an admin asks who they are
    Then the user is shown with role "admin"
    And the user is shown with status "active"

  Scenario: After promoting a second admin, the first can be demoted, at its very next request
    Given a registered user "ada"
    And "ada" is signed in
    When "ada" searches users with ""
    Then the response is a 403 problem "PERMISSION_DENIED"
    When an admin gives "ada" the role "admin"
    Then the response status is 200
    And the user is shown with role "admin"
    When "ada" searches users with ""
    Then the response status is 200
    When an admin gives "root" the role "user"
    Then the response is a 409 problem "INVALID_STATE"
    When an admin suspends "root"
    Then the response is a 409 problem "INVALID_STATE"
    When "ada" gives "root" the role "user"
    Then the response status is 200
    And the user is shown with role "user"
    When an admin searches users with ""
    Then the response is a 403 problem "PERMISSION_DENIED"

  Scenario: A user cannot give roles
    Given a registered user "ada"
    When "ada" gives "ada" the role "admin"
    Then the response is a 403 problem "PERMISSION_DENIED"
    When "ada" asks who they are
    Then the user is shown with role "user"

  Scenario Outline: A role that is not one is refused: <body>
    Given a registered user "ada"
    When an admin sends the role body <body> for "ada"
    Then the response is a 400 problem "VALIDATION_ERROR"
    When "ada" asks who they are
    Then the user is shown with role "user"

    Examples:
      | body                               |
      | {"role": "root"}                   |
      | {}                                 |
      | {"role": "admin", "status": "x"}   |
