import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { ApiWorld } from '../support/world.ts';

/*
 * Emails as a user would find them in their mailbox: the rows of the outbox in the
 * scenario's database (the in-process app and the Worker write the same table), with the
 * token of the link they carry.
 */

export interface StoredEmail {
  subject: string;
  text: string;
  sent: boolean;
  pending: boolean;
}

/** The emails written to `address`, oldest first. */
export async function emailsTo(world: ApiWorld, address: string): Promise<StoredEmail[]> {
  const rows = await world.context.query(
    'select subject, body_text, sent_at, failed_at from email_outbox where to_address = ? order by created_at, rowid',
    [address],
  );
  return rows.map((row) => ({
    subject: String(row.subject),
    text: String(row.body_text),
    sent: row.sent_at !== null,
    pending: row.sent_at === null && row.failed_at === null,
  }));
}

/**
 * Waits, boundedly, until `address` has `count` emails whose subject matches: some are
 * written after the answer (a password-reset request's work is deferred).
 */
export async function awaitEmails(
  world: ApiWorld,
  address: string,
  subject: RegExp,
  count: number,
): Promise<StoredEmail[]> {
  for (let waited = 0; ; waited += 20) {
    const found = (await emailsTo(world, address)).filter((e) => subject.test(e.subject));
    if (found.length >= count || waited >= 5_000) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The token of the link in an email: `{PUBLIC_URL}/<path>?token=…`. */
export function linkToken(email: StoredEmail | undefined, path: string): string {
  assert.ok(email, 'no such email');
  const match = new RegExp(`/${path}\\?token=([A-Za-z0-9_%-]+)`).exec(email.text);
  assert.ok(match?.[1], `no ${path} link in: ${email.text}`);
  return decodeURIComponent(match[1]);
}

Then(
  '{int} email(s) to {string} is/are waiting in the outbox',
  async function (this: ApiWorld, count: number, address: string) {
    await this.context.tasks.flush();
    const pending = (await emailsTo(this, address)).filter((e) => e.pending);
    assert.equal(pending.length, count);
  },
);

When('the email provider is back and the outbox is drained', async function (this: ApiWorld) {
  this.context.email.failing = false;
  // Past the first retry's backoff (30 seconds by default).
  this.context.clock.advance(60_000);
  await this.context.drainOutbox();
});

Then(
  '{string} received {int} email(s) {string}',
  function (this: ApiWorld, address: string, count: number, subject: string) {
    const sent = this.context.email.sent.filter((m) => m.to === address && m.subject === subject);
    assert.equal(sent.length, count, JSON.stringify(this.context.email.sent.map((m) => m.subject)));
  },
);

Then('no email is waiting in the outbox', async function (this: ApiWorld) {
  const rows = await this.context.query(
    'select count(*) as n from email_outbox where sent_at is null and failed_at is null',
  );
  assert.equal(Number(rows[0]?.n), 0);
});

Then(
  'the latest email to {string} is titled {string}',
  async function (this: ApiWorld, address: string, subject: string) {
    const emails = await awaitEmails(this, address, /./, 1);
    assert.equal(emails.at(-1)?.subject, subject);
  },
);
