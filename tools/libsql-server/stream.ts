import {
  bindArgs,
  StmtError,
  toProtoError,
  type BusyPolicy,
  type SqlConnection,
} from './connection.ts';
import {
  HranaHttpError,
  protocolError,
  type BatchCond,
  type BatchStep,
  type HranaVersion,
  type ProtoBatchResult,
  type SqlRef,
  type Stmt,
  type StreamRequest,
  type StreamResponse,
  type StreamResult,
} from './protocol.ts';
import { splitSql, type SqlStatement } from './sql.ts';

// sqld's limits on the SQL texts a stream may store.
const MAX_STORED_SQLS = 50;
const MAX_STORED_SQL_BYTES = 5000;

/** The single statement of an `execute` or batch step, as sqld requires. */
function singleStatement(sql: string): SqlStatement {
  const statements = splitSql(sql);
  const [first] = statements;
  if (!first) throw new StmtError('SQL_NO_STATEMENT', 'SQL string does not contain any statement');
  if (statements.length > 1) {
    throw new StmtError('SQL_MANY_STATEMENTS', 'SQL string contains more than one statement');
  }
  return first;
}

function checkCond(cond: BatchCond, stepIndex: number, version: HranaVersion): void {
  switch (cond.type) {
    case 'ok':
    case 'error':
      if (cond.step < 0 || cond.step >= stepIndex) {
        throw protocolError('Invalid reference to step in a batch condition');
      }
      return;
    case 'not':
      checkCond(cond.cond, stepIndex, version);
      return;
    case 'and':
    case 'or':
      for (const inner of cond.conds) checkCond(inner, stepIndex, version);
      return;
    case 'is_autocommit':
      if (version < 3) {
        throw protocolError('BatchCond of type `is_autocommit` requires protocol version 3');
      }
      return;
  }
}

function evalCond(cond: BatchCond, succeeded: readonly boolean[], autocommit: boolean): boolean {
  switch (cond.type) {
    case 'ok':
      return succeeded[cond.step] === true;
    case 'error':
      // As in sqld (unlike the spec), a skipped step counts as failed.
      return succeeded[cond.step] === false;
    case 'not':
      return !evalCond(cond.cond, succeeded, autocommit);
    case 'and':
      return cond.conds.every((inner) => evalCond(inner, succeeded, autocommit));
    case 'or':
      return cond.conds.some((inner) => evalCond(inner, succeeded, autocommit));
    case 'is_autocommit':
      return autocommit;
  }
}

/**
 * One Hrana stream: a database connection plus the SQL texts stored on it. Requests run in
 * order; errors of a statement become error results, protocol errors are thrown.
 */
export class HranaStream {
  readonly #sqls = new Map<number, string>();
  #conn: SqlConnection | undefined;

  constructor(conn: SqlConnection) {
    this.#conn = conn;
  }

  /** False once a `close` request (or expiry) has closed the connection. */
  get isOpen(): boolean {
    return this.#conn !== undefined;
  }

  /** Closes the connection, rolling back an open transaction. */
  close(): void {
    this.#conn?.close();
    this.#conn = undefined;
  }

  /** Handles one request of a pipeline. */
  async handle(
    request: StreamRequest,
    version: HranaVersion,
    policy: BusyPolicy,
  ): Promise<StreamResult> {
    try {
      return { type: 'ok', response: await this.#respond(request, version, policy) };
    } catch (error) {
      if (error instanceof HranaHttpError) throw error;
      return { type: 'error', error: toProtoError(error) };
    }
  }

  async #respond(
    request: StreamRequest,
    version: HranaVersion,
    policy: BusyPolicy,
  ): Promise<StreamResponse> {
    switch (request.type) {
      case 'close':
        this.close();
        return { type: 'close' };
      case 'execute': {
        const conn = this.#connection();
        const stmt = singleStatement(this.#resolve(request.stmt));
        const values = bindArgs(stmt, request.stmt.args, request.stmt.namedArgs);
        const result = await conn.execute(stmt, values, request.stmt.wantRows, policy);
        return { type: 'execute', result };
      }
      case 'batch':
        return { type: 'batch', result: await this.#batch(request.steps, version, policy) };
      case 'sequence': {
        const conn = this.#connection();
        for (const stmt of splitSql(this.#resolve(request))) {
          await conn.execute(stmt, bindArgs(stmt, [], new Map()), false, policy);
        }
        return { type: 'sequence' };
      }
      case 'describe': {
        const conn = this.#connection();
        const [stmt] = splitSql(this.#resolve(request));
        if (!stmt) {
          throw new StmtError('SQL_NO_STATEMENT', 'SQL string does not contain any statement');
        }
        return { type: 'describe', result: await conn.describe(stmt, policy) };
      }
      case 'store_sql':
        if (this.#sqls.has(request.sqlId)) {
          throw protocolError(`SQL text ${request.sqlId} already exists`);
        }
        if (this.#sqls.size >= MAX_STORED_SQLS) {
          throw new StmtError(
            'SQL_STORE_TOO_MANY',
            `The server already stores ${this.#sqls.size} SQL texts, it cannot store more`,
          );
        }
        if (Buffer.byteLength(request.sql) > MAX_STORED_SQL_BYTES) {
          throw new StmtError('SQL_STORE_TOO_LARGE', 'The statement is too large to be stored');
        }
        this.#sqls.set(request.sqlId, request.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        this.#sqls.delete(request.sqlId);
        return { type: 'close_sql' };
      case 'get_autocommit':
        if (version < 3) throw protocolError('get_autocommit requires protocol version 3');
        return { type: 'get_autocommit', is_autocommit: this.#connection().isAutocommit };
    }
  }

  async #batch(
    steps: readonly BatchStep[],
    version: HranaVersion,
    policy: BusyPolicy,
  ): Promise<ProtoBatchResult> {
    const conn = this.#connection();
    // Like sqld, a step that is not exactly one statement fails the whole batch up front.
    const parsed = steps.map((step, i) => {
      if (step.condition) checkCond(step.condition, i, version);
      return { ...step, statement: singleStatement(this.#resolve(step.stmt)) };
    });
    const result: ProtoBatchResult = { step_results: [], step_errors: [] };
    const succeeded: boolean[] = [];
    for (const { condition, stmt, statement } of parsed) {
      let ok = false;
      if (!condition || evalCond(condition, succeeded, conn.isAutocommit)) {
        try {
          const values = bindArgs(statement, stmt.args, stmt.namedArgs);
          result.step_results.push(await conn.execute(statement, values, stmt.wantRows, policy));
          result.step_errors.push(null);
          ok = true;
        } catch (error) {
          result.step_results.push(null);
          result.step_errors.push(toProtoError(error));
        }
      } else {
        result.step_results.push(null);
        result.step_errors.push(null);
      }
      succeeded.push(ok);
    }
    return result;
  }

  #connection(): SqlConnection {
    if (!this.#conn) throw protocolError('Stream for this baton was closed');
    return this.#conn;
  }

  #resolve(ref: SqlRef | Stmt): string {
    if (ref.sql !== undefined && ref.sqlId !== undefined) {
      throw protocolError('Either `sql` or `sql_id` are required, but not both');
    }
    if (ref.sql !== undefined) return ref.sql;
    if (ref.sqlId === undefined) throw protocolError('Either `sql` or `sql_id` are required');
    const sql = this.#sqls.get(ref.sqlId);
    if (sql === undefined) throw protocolError(`SQL text ${ref.sqlId} not found`);
    return sql;
  }
}
