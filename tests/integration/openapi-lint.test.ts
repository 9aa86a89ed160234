import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { fakeAppDeps } from '../fakes/fake-app-deps.ts';

const run = promisify(execFile);
const folder = mkdtempSync(join(tmpdir(), 'user-api-openapi-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string }[];
}

describe('the served OpenAPI document under Redocly (recommended rules)', () => {
  it('lints with no error and no warning', async () => {
    const app = createApp(fakeAppDeps().deps);
    const served = await app.request('http://127.0.0.1:8787/openapi.json');
    const path = join(folder, 'openapi.json');
    writeFileSync(path, await served.text());
    // No redocly.yaml anywhere: the built-in recommended ruleset, nothing turned off.
    const { stdout } = await run(
      resolve('node_modules/.bin/redocly'),
      ['lint', path, '--format=json'],
      {
        cwd: folder,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as LintReport;
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });
});
