import { execFile } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The layer rules are `.dependency-cruiser.cjs`, run by `npm run lint` as
 * `npm run lint:layers`. Each probe below is a file with one import, written into a copy of
 * `src/`; the same command then runs on the copy, and must fail naming the probe's rule.
 */

const ROOT = resolve('.');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

/**
 * `file` (under the copy's root) → its import line, and the rule it must break (or none);
 * with `append`, the line is added to the file the copy already has.
 */
const probes: Record<string, { code: string; rule?: string; append?: boolean }> = {
  'src/services/user/v1/probe-db.routes.ts': {
    code: "import { openDatabase } from '../../../db/client.ts';\nexport const probe = openDatabase;\n",
    rule: 'services-no-persistence',
  },
  'src/services/user/v1/probe-adapter.routes.ts': {
    code: "import { createUserDbAdapter } from '../../../repositories/user/adapters/user-db.adapter.ts';\nexport const probe = createUserDbAdapter;\n",
    rule: 'services-no-persistence',
  },
  'src/repositories/user/probe-services.ts': {
    code: "import { createRouter } from '../../services/router.ts';\nexport const probe = createRouter;\n",
    rule: 'repositories-no-upper-layers',
  },
  'src/repositories/user/probe-logics.ts': {
    code: "import { createUserLogic } from '../../logics/user/index.ts';\nexport const probe = createUserLogic;\n",
    rule: 'repositories-no-upper-layers',
  },
  'src/logics/user/probe-hono.logic.ts': {
    code: "import { Hono } from 'hono';\nexport const probe = Hono;\n",
    rule: 'logics-no-frameworks',
  },
  'src/logics/user/probe-drizzle.logic.ts': {
    code: "import { eq } from 'drizzle-orm';\nexport const probe = eq;\n",
    rule: 'logics-no-frameworks',
  },
  'src/logics/user/probe-libsql.logic.ts': {
    code: "import { createClient } from '@libsql/client';\nexport const probe = createClient;\n",
    rule: 'logics-no-frameworks',
  },
  'src/logics/user/probe-implementation.logic.ts': {
    code: "import { createUserRepository } from '../../repositories/user/user.repository.ts';\nexport const probe = createUserRepository;\n",
    rule: 'logics-no-outer-layers',
  },
  'src/logics/user/probe-configs.logic.ts': {
    code: "import { composeDeps } from '../../configs/compose.ts';\nexport const probe = composeDeps;\n",
    rule: 'logics-no-outer-layers',
  },
  'src/models/entities/probe-hono.ts': {
    code: "import { Hono } from 'hono';\nexport const probe = Hono;\n",
    rule: 'models-no-frameworks',
  },
  'src/models/entities/probe-logics.ts': {
    code: "import { createUserLogic } from '../../logics/user/index.ts';\nexport const probe = createUserLogic;\n",
    rule: 'models-no-outer-layers',
  },
  'src/kit/http/probe-domain.ts': {
    code: "import { normalizeEmail } from '../../models/entities/user.ts';\nexport const probe = normalizeEmail;\n",
    rule: 'kit-is-domain-free',
  },
  'src/kit/http/probe-cycle-a.ts': {
    code: "import { b } from './probe-cycle-b.ts';\nexport const a = (): unknown => b;\n",
    rule: 'no-circular',
  },
  'src/kit/http/probe-cycle-b.ts': {
    code: "import { a } from './probe-cycle-a.ts';\nexport const b = (): unknown => a;\n",
  },
  'src/kit/http/probe-orphan.ts': { code: 'export const alone = 1;\n', rule: 'no-orphans' },
  // The Worker's entry reaching a Node-only module, and through it lru-cache.
  'src/worker.ts': {
    code: "import { versionedMemo } from './db/versioned-memo.ts';\nexport const probe = versionedMemo;\n",
    rule: 'worker-no-node-only',
    append: true,
  },
  'src/logics/user/probe-allowed.logic.ts': {
    code: [
      "import type { UserRepository } from '../../repositories/user/user.repository.port.ts';",
      "import { UserNotFoundError } from '../../models/errors/user.errors.ts';",
      "import { createUserLogic } from './index.ts';",
      'export type Probe = UserRepository;',
      'export const probe = [UserNotFoundError, createUserLogic];',
    ].join('\n'),
  },
};

/** Runs `depcruise src` in `cwd` with the project's config, as `npm run lint:layers` does. */
function depcruise(cwd: string, ...args: string[]): Promise<{ exitCode: number; stdout: string }> {
  return new Promise((done, fail) => {
    execFile(
      DEPCRUISE,
      ['src', '--config', join(ROOT, '.dependency-cruiser.cjs'), ...args],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        if (error && typeof error.code !== 'number') {
          fail(new Error(`depcruise did not run: ${error.message}`));
          return;
        }
        done({ exitCode: typeof error?.code === 'number' ? error.code : 0, stdout });
      },
    );
  });
}

async function lintLayers(cwd: string): Promise<{ exitCode: number; violations: Violation[] }> {
  // The lint's own command decides the exit code; the JSON report (which always exits 0)
  // says which rule each probe broke.
  const [lint, report] = await Promise.all([
    depcruise(cwd),
    depcruise(cwd, '--output-type', 'json'),
  ]);
  const { summary } = JSON.parse(report.stdout) as { summary: { violations: Violation[] } };
  return { exitCode: lint.exitCode, violations: summary.violations };
}

let copy: string;
let result: { exitCode: number; violations: Violation[] };

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'layer-rules-'));
  cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  for (const [file, { code, append }] of Object.entries(probes)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    (append ? appendFileSync : writeFileSync)(join(copy, file), code);
  }
  result = await lintLayers(copy);
}, 60_000);

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
});

const rulesBrokenBy = (file: string) =>
  result.violations.filter((v) => v.from === file).map((v) => v.rule.name);

describe('the layer rules (npm run lint:layers)', () => {
  it('fails the lint when a probe breaks a rule', () => {
    expect(result.exitCode).toBeGreaterThan(0);
  });

  it.each(
    Object.entries(probes)
      .filter(([, probe]) => probe.rule !== undefined)
      .map(([file, probe]) => [file, probe.rule]),
  )('%s breaks %s', (file, rule) => {
    expect(rulesBrokenBy(file)).toContain(rule);
  });

  it('lets logics/ import ports, models and its own modules', () => {
    expect(rulesBrokenBy('src/logics/user/probe-allowed.logic.ts')).toEqual([]);
  });

  it('finds nothing else in the copy: every other violation is a probe', () => {
    const strays = result.violations.filter((v) => !(v.from in probes));
    expect(strays).toEqual([]);
  });
});
