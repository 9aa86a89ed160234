/**
 * The request a client sends to register `username` (its email `<username>@example.com`),
 * for `fetch` against a running server or `app.request` alike.
 *
 * @example
 * await fetch(`${url}/api/v1/users`, registration('ada', 'correct horse battery staple'));
 */
export function registration(username: string, password: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, email: `${username}@example.com`, password }),
  };
}
