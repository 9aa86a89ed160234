/**
 * A small SQL scanner: just enough of SQLite's tokenizer to split a script into statements,
 * find the parameters of each statement and classify it the way sqld does.
 */

/** One statement of a SQL text, with what the server must know about it. */
export interface SqlStatement {
  /** The statement text without its terminating semicolon. */
  readonly sql: string;
  /**
   * One entry per SQLite parameter index (entry 0 is parameter 1): the parameter's name with
   * its prefix (`?NNN`, `:name`, `@name`, `$name`), or null for a plain `?` or an unused index.
   */
  readonly params: readonly (string | null)[];
  readonly isExplain: boolean;
  /** INSERT or REPLACE: sqld reports `last_insert_rowid` only for these. */
  readonly isInsert: boolean;
  /** INSERT, REPLACE, UPDATE or DELETE: sqld reports `affected_row_count` only for these. */
  readonly isIud: boolean;
  /** A plain ROLLBACK (not ROLLBACK TO a savepoint). */
  readonly isRollback: boolean;
  /** A best guess of `sqlite3_stmt_readonly()`, only used by `describe`. */
  readonly isReadonly: boolean;
}

type TokenKind = 'word' | 'param' | 'semi' | 'open' | 'close' | 'other';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const MAIN_KEYWORDS = new Set(['SELECT', 'VALUES', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE']);
const READONLY_KEYWORDS = new Set([
  'SELECT',
  'VALUES',
  'BEGIN',
  'COMMIT',
  'END',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
]);

function isIdChar(ch: string): boolean {
  return /[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

function isIdStart(ch: string): boolean {
  return /[A-Za-z_]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

/** The end of a `:name`/`@name`/`$name` variable, following SQLite's tokenizer. */
function variableEnd(sql: string, start: number): number {
  let i = start + 1;
  let n = 0;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    if (isIdChar(ch)) {
      n++;
      i++;
    } else if (ch === '(' && n > 0) {
      while (i < sql.length && !/[\s)]/.test(sql.charAt(i))) i++;
      if (sql.charAt(i) === ')') i++;
      break;
    } else if (ch === ':' && sql.charAt(i + 1) === ':') {
      i += 2;
    } else {
      break;
    }
  }
  return n === 0 ? start + 1 : i;
}

/** The end of a quoted string or identifier; a doubled closing quote is an escape. */
function quotedEnd(sql: string, start: number, close: string): number {
  let i = start + 1;
  for (;;) {
    const at = sql.indexOf(close, i);
    if (at < 0) return sql.length;
    if (close !== ']' && sql.charAt(at + 1) === close) {
      i = at + 2;
      continue;
    }
    return at + 1;
  }
}

/** Tokens of `sql`, without whitespace and comments. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, text: sql.slice(i, end), start: i, end });
    i = end;
  };
  while (i < sql.length) {
    const ch = sql.charAt(i);
    const next = sql.charAt(i + 1);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      push('other', quotedEnd(sql, i, ch));
    } else if (ch === '[') {
      push('other', quotedEnd(sql, i, ']'));
    } else if (ch === '?') {
      let end = i + 1;
      while (/[0-9]/.test(sql.charAt(end))) end++;
      push('param', end);
    } else if (ch === ':' || ch === '@' || ch === '$') {
      const end = variableEnd(sql, i);
      push(end > i + 1 ? 'param' : 'other', end);
    } else if (isIdChar(ch)) {
      let end = i + 1;
      while (end < sql.length && isIdChar(sql.charAt(end))) end++;
      push(isIdStart(ch) ? 'word' : 'other', end);
    } else {
      push(ch === ';' ? 'semi' : ch === '(' ? 'open' : ch === ')' ? 'close' : 'other', i + 1);
    }
  }
  return tokens;
}

const keyword = (token: Token | undefined): string =>
  token?.kind === 'word' ? token.text.toUpperCase() : '';

/** Follows `sqlite3ExprAssignVarNumber`: `?` takes the next index, names keep theirs. */
function assignParams(tokens: readonly Token[]): (string | null)[] {
  const params: (string | null)[] = [];
  const byName = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== 'param') continue;
    if (token.text === '?') {
      params.push(null);
    } else if (token.text.startsWith('?')) {
      const index = Number(token.text.slice(1));
      while (params.length < index) params.push(null);
      if (index > 0 && params[index - 1] === null) params[index - 1] = token.text;
    } else if (!byName.has(token.text)) {
      params.push(token.text);
      byName.set(token.text, params.length);
    }
  }
  return params;
}

function describeStatement(sql: string, tokens: readonly Token[]): SqlStatement {
  const first = keyword(tokens[0]);
  const isExplain = first === 'EXPLAIN';
  let main = first;
  if (first === 'WITH') {
    let depth = 0;
    main = '';
    for (const token of tokens.slice(1)) {
      if (token.kind === 'open') depth++;
      else if (token.kind === 'close') depth--;
      else if (depth === 0 && MAIN_KEYWORDS.has(keyword(token))) {
        main = keyword(token);
        break;
      }
    }
  }
  const isInsert = !isExplain && (main === 'INSERT' || main === 'REPLACE');
  const isIud = isInsert || (!isExplain && (main === 'UPDATE' || main === 'DELETE'));
  return {
    sql,
    params: assignParams(tokens),
    isExplain,
    isInsert,
    isIud,
    isRollback: first === 'ROLLBACK' && !tokens.some((token) => keyword(token) === 'TO'),
    isReadonly: isExplain || READONLY_KEYWORDS.has(main),
  };
}

/** Whether the statement so far opens a trigger, whose body holds semicolons. */
function isCreateTrigger(tokens: readonly Token[]): boolean {
  let i = 0;
  if (keyword(tokens[i]) === 'EXPLAIN') {
    i++;
    if (keyword(tokens[i]) === 'QUERY' && keyword(tokens[i + 1]) === 'PLAN') i += 2;
  }
  if (keyword(tokens[i]) !== 'CREATE') return false;
  const next = keyword(tokens[i + 1]);
  if (next === 'TEMP' || next === 'TEMPORARY') return keyword(tokens[i + 2]) === 'TRIGGER';
  return next === 'TRIGGER';
}

/**
 * Splits a SQL text into its non-empty statements, like `sqlite3_complete()`: a semicolon
 * ends a statement, except inside a CREATE TRIGGER body, which only `; END;` ends.
 *
 * @example
 * splitSql('SELECT 1; -- done').length; // 1
 */
export function splitSql(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  const finish = (): void => {
    const first = current[0];
    const last = current.at(-1);
    if (first && last) {
      statements.push(describeStatement(sql.slice(first.start, last.end), current));
    }
    current = [];
  };
  for (const token of tokenize(sql)) {
    if (token.kind !== 'semi') {
      current.push(token);
      continue;
    }
    const inTrigger = isCreateTrigger(current);
    const endsTrigger = keyword(current.at(-1)) === 'END' && current.at(-2)?.kind === 'semi';
    if (inTrigger && !endsTrigger) current.push(token);
    else finish();
  }
  finish();
  return statements;
}
