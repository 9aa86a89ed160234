import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { assertProblem } from '../support/assertions.ts';
import type { ApiWorld } from '../support/world.ts';

/** Reads a dotted path ("errors.0.path") out of a JSON value. */
function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => {
    if (node === null || typeof node !== 'object') return undefined;
    return (node as Record<string, unknown>)[key];
  }, value);
}

Given('the {word} is down', function (this: ApiWorld, what: string) {
  assert.ok(what === 'database' || what === 'cache', `unknown dependency "${what}"`);
  this.context.faults[what] = true;
});

When(
  'a client sends {word} {string}',
  async function (this: ApiWorld, method: string, path: string) {
    await this.context.request(method, path);
  },
);

When(
  'a client sends {word} {string} with headers:',
  async function (this: ApiWorld, method: string, path: string, table: DataTable) {
    await this.context.request(method, path, { headers: table.rowsHash() });
  },
);

When(
  'a client sends {word} {string} with the JSON body:',
  async function (this: ApiWorld, method: string, path: string, body: string) {
    await this.context.request(method, path, {
      headers: { 'Content-Type': 'application/json' },
      body,
    });
  },
);

When(
  'a client sends {word} {string} with a {string} body:',
  async function (this: ApiWorld, method: string, path: string, contentType: string, body: string) {
    await this.context.request(method, path, { headers: { 'Content-Type': contentType }, body });
  },
);

When(
  'a client sends {word} {string} with a JSON body of {int} KiB',
  async function (this: ApiWorld, method: string, path: string, kib: number) {
    const body = JSON.stringify({ padding: 'x'.repeat(kib * 1024) });
    await this.context.request(method, path, {
      headers: { 'Content-Type': 'application/json' },
      body,
    });
  },
);

Then('the response status is {int}', function (this: ApiWorld, status: number) {
  const { response } = this.context;
  assert.equal(response.status, status, `got ${response.status}: ${response.text.slice(0, 500)}`);
});

Then(
  'the response is a {int} problem {string}',
  function (this: ApiWorld, status: number, code: string) {
    assertProblem(this.context.response, status, code);
  },
);

Then(
  'the response field {string} is {string}',
  function (this: ApiWorld, path: string, expected: string) {
    assert.equal(String(at(this.context.response.json, path)), expected);
  },
);

Then(
  'the response field {string} contains {string}',
  function (this: ApiWorld, path: string, part: string) {
    const value = at(this.context.response.json, path);
    assert.ok(String(value).includes(part), `"${String(value)}" does not contain "${part}"`);
  },
);

Then('the response has no field {string}', function (this: ApiWorld, path: string) {
  assert.equal(at(this.context.response.json, path), undefined);
});

Then(
  'the response header {string} is {string}',
  function (this: ApiWorld, name: string, value: string) {
    assert.equal(this.context.response.headers.get(name), value);
  },
);

Then('the response has no header {string}', function (this: ApiWorld, name: string) {
  assert.equal(this.context.response.headers.get(name), null);
});

Then('the response body contains {string}', function (this: ApiWorld, text: string) {
  assert.ok(this.context.response.text.includes(text), `the body lacks "${text}"`);
});

Then('the response header {string} is a fresh UUID', function (this: ApiWorld, name: string) {
  assert.match(
    this.context.response.headers.get(name) ?? '',
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
});

Then('the response body does not contain {string}', function (this: ApiWorld, text: string) {
  assert.ok(!this.context.response.text.includes(text), `the body contains "${text}"`);
});

Then('the log does not contain {string}', function (this: ApiWorld, text: string) {
  assert.ok(
    !this.context.logLines.some((line) => line.includes(text)),
    `the log contains "${text}"`,
  );
});
