import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The project's real config, with type information off: probes are not files of the project,
// and only the import rule is looked at.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('the layer rules of the lint config', () => {
  it.each([
    ["import { eq } from 'drizzle-orm';"],
    ["import { Hono } from 'hono';"],
    ["import { z } from '@hono/zod-openapi';"],
    ["import { createClient } from '@libsql/client';"],
    ["import { x } from '../../repositories/user/adapters/user-db.adapter';"],
    ["import { x } from '../../services/user/v1/user.routes';"],
  ])('rejects `%s` in logics/', async (line) => {
    const messages = await restrictedImports(
      'src/logics/user/probe.logic.ts',
      `${line}\nexport const probe = x;\n`,
    );
    expect(messages).toHaveLength(1);
  });

  it('accepts a port and a model in logics/', async () => {
    const code = [
      "import type { UserRepository } from '../../repositories/user/user.repository.port';",
      "import { UserNotFoundError } from '../../models/errors/user.errors';",
      'export type Probe = UserRepository;',
      'export const probe = UserNotFoundError;',
    ].join('\n');
    expect(await restrictedImports('src/logics/user/probe.logic.ts', code)).toEqual([]);
  });

  it('keeps kit/ free of the domain', async () => {
    const code = "import { x } from '../../models/entities/user';\nexport const probe = x;\n";
    expect(await restrictedImports('src/kit/http/probe.ts', code)).toHaveLength(1);
  });
});
