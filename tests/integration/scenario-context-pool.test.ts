import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioContextPool } from '../../features/support/scenario-context-pool.ts';

/*
 * The scenario context pool fences: a released context refuses its old scenario, and
 * release waits for that scenario's in-flight requests before the context is reset and
 * handed to the next scenario. The leak it prevents: a step that timed out leaves a
 * registration in flight; the After hook releases the context; the registration lands in
 * the next scenario's fresh database.
 */

const pool = new ScenarioContextPool('in-process');
afterAll(() => pool.releaseAll());

const registration = JSON.stringify({
  username: 'ada_l',
  email: 'ada@example.com',
  password: 'correct horse battery',
});

/** A request body the test finishes sending when it chooses: a request held in flight. */
function heldBody() {
  let finish!: () => void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      finish = () => {
        controller.enqueue(new TextEncoder().encode(registration));
        controller.close();
      };
    },
  });
  return { body, finish };
}

/** Whether the context's database (through `handle`) holds the user ada_l. */
async function holdsAda(handle: Awaited<ReturnType<typeof pool.acquire>>): Promise<boolean> {
  const rows = await handle.query('select count(*) as n from users where username = ?', ['ada_l']);
  return rows[0]?.n === 1;
}

describe('the scenario context pool', () => {
  it('keeps a registration in flight at release out of the next scenario’s database', async () => {
    const first = await pool.acquire('scenario-1');
    const held = heldBody();
    const inFlight = first.request('POST', '/api/v1/users', {
      headers: { 'Content-Type': 'application/json' },
      body: held.body,
      duplex: 'half',
    });

    // The scenario ends (its step timed out) while the registration waits for its body;
    // the body arrives only once the release has begun.
    const release = pool.release('scenario-1');
    await new Promise((resolve) => setImmediate(resolve));
    // The release has begun: the old scenario's handle is fenced off before the body arrives.
    expect(() => {
      first.store('late', true);
    }).toThrow(/released/);
    held.finish();
    await Promise.allSettled([inFlight, release]);

    const second = await pool.acquire('scenario-2');
    expect(pool.stats.reused).toBeGreaterThan(0);
    expect(await holdsAda(second)).toBe(false);
    const again = await second.request('POST', '/api/v1/users', {
      headers: { 'Content-Type': 'application/json' },
      body: registration,
    });
    expect(again.status).toBe(201);
    await pool.release('scenario-2');
  });

  it('fences the old handle at once, and waits for its requests before the reset', async () => {
    const first = await pool.acquire('scenario-5');
    const held = heldBody();
    const inFlight = first.request('POST', '/api/v1/users', {
      headers: { 'Content-Type': 'application/json' },
      body: held.body,
      duplex: 'half',
    });
    let released = false;
    const release = pool.release('scenario-5').then(() => {
      released = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => first.store('x', 1)).toThrow(/scenario-5 has been released/);
    await expect(first.request('GET', '/health')).rejects.toThrow(/has been released/);
    expect(released).toBe(false);
    held.finish();
    expect((await inFlight).status).toBe(201);
    await release;
    expect(released).toBe(true);
  });

  it('refuses every use of a handle once its scenario is released', async () => {
    const handle = await pool.acquire('scenario-3');
    handle.store('ada', 'x');
    await pool.release('scenario-3');
    expect(() => handle.get('ada')).toThrow(/released/);
    expect(() => handle.response).toThrow(/released/);
    expect(() => handle.clock).toThrow(/released/);
    await expect(handle.headersOf({ kind: 'admin' })).rejects.toThrow(/released/);
    await expect(handle.fetch('/health')).rejects.toThrow(/released/);
    const next = await pool.acquire('scenario-4');
    expect(() => next.get('ada')).toThrow(/nothing stored/);
    await pool.release('scenario-4');
  });
});
