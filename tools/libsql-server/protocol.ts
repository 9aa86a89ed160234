/**
 * The JSON shapes of Hrana over HTTP (HTTP API v2 and Hrana 3 JSON), and the decoding of
 * untrusted request bodies into typed requests.
 */

/** A value bound to or read from SQLite, as the embedded `libsql` package handles it. */
export type SqlValue = null | bigint | number | string | Uint8Array;

/** The Hrana version of the endpoint a request came in on. */
export type HranaVersion = 2 | 3;

export type ProtoValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

export interface ProtoError {
  message: string;
  code: string;
}

export interface ProtoCol {
  name: string | null;
  decltype: string | null;
}

export interface ProtoStmtResult {
  cols: ProtoCol[];
  rows: ProtoValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

export interface ProtoBatchResult {
  step_results: (ProtoStmtResult | null)[];
  step_errors: (ProtoError | null)[];
}

export interface ProtoDescribeResult {
  params: { name: string | null }[];
  cols: ProtoCol[];
  is_explain: boolean;
  is_readonly: boolean;
}

export type StreamResponse =
  | { type: 'close' | 'sequence' | 'store_sql' | 'close_sql' }
  | { type: 'execute'; result: ProtoStmtResult }
  | { type: 'batch'; result: ProtoBatchResult }
  | { type: 'describe'; result: ProtoDescribeResult }
  | { type: 'get_autocommit'; is_autocommit: boolean };

export type StreamResult =
  { type: 'ok'; response: StreamResponse } | { type: 'error'; error: ProtoError };

export interface PipelineResponseBody {
  baton: string | null;
  base_url: string | null;
  results: StreamResult[];
}

/** SQL given inline or as the id of a text stored with `store_sql`. */
export interface SqlRef {
  readonly sql: string | undefined;
  readonly sqlId: number | undefined;
}

export interface Stmt extends SqlRef {
  readonly args: readonly SqlValue[];
  readonly namedArgs: ReadonlyMap<string, SqlValue>;
  readonly wantRows: boolean;
}

export type BatchCond =
  | { readonly type: 'ok' | 'error'; readonly step: number }
  | { readonly type: 'not'; readonly cond: BatchCond }
  | { readonly type: 'and' | 'or'; readonly conds: readonly BatchCond[] }
  | { readonly type: 'is_autocommit' };

export interface BatchStep {
  readonly condition: BatchCond | undefined;
  readonly stmt: Stmt;
}

export type StreamRequest =
  | { readonly type: 'close' | 'get_autocommit' }
  | { readonly type: 'execute'; readonly stmt: Stmt }
  | { readonly type: 'batch'; readonly steps: readonly BatchStep[] }
  | ({ readonly type: 'sequence' | 'describe' } & SqlRef)
  | { readonly type: 'store_sql'; readonly sqlId: number; readonly sql: string }
  | { readonly type: 'close_sql'; readonly sqlId: number };

export interface PipelineRequestBody {
  readonly baton: string | undefined;
  readonly requests: readonly StreamRequest[];
}

/**
 * A request that breaks the protocol (or names a stream it may not use). It fails the whole
 * HTTP request with `status` and ends the stream, as in sqld.
 */
export class HranaHttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.name = 'HranaHttpError';
  }
}

/** A malformed or unsupported request (HTTP 400, code `PROTOCOL_ERROR`). */
export function protocolError(message: string): HranaHttpError {
  return new HranaHttpError(400, 'PROTOCOL_ERROR', message);
}

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw protocolError(`Expected ${what} to be an object`);
  }
  return value as Json;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw protocolError(`Expected ${what} to be an array`);
  return value;
}

function optional<T>(value: unknown, decode: (v: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : decode(value);
}

function string(value: unknown, what: string): string {
  if (typeof value !== 'string') throw protocolError(`Expected ${what} to be a string`);
  return value;
}

function int32(value: unknown, what: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < -(2 ** 31) ||
    value >= 2 ** 31
  ) {
    throw protocolError(`Expected ${what} to be a 32-bit integer`);
  }
  return value;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function decodeValue(raw: unknown): SqlValue {
  const value = object(raw, 'a value');
  switch (value.type) {
    case 'null':
      return null;
    case 'integer': {
      const text = typeof value.value === 'number' ? String(value.value) : value.value;
      if (typeof text !== 'string' || !/^-?\d+$/.test(text)) {
        throw protocolError('Expected an integer value to be a decimal string');
      }
      const int = BigInt(text);
      if (int < I64_MIN || int > I64_MAX) throw protocolError('Integer value out of 64-bit range');
      return int;
    }
    case 'float':
      if (typeof value.value !== 'number') throw protocolError('Expected a float value number');
      return value.value;
    case 'text':
      return string(value.value, 'a text value');
    case 'blob':
      return Buffer.from(string(value.base64, 'a blob value'), 'base64');
    default:
      throw protocolError('Value type not recognized');
  }
}

function decodeSqlRef(body: Json): SqlRef {
  return {
    sql: optional(body.sql, (v) => string(v, 'sql')),
    sqlId: optional(body.sql_id, (v) => int32(v, 'sql_id')),
  };
}

function decodeStmt(raw: unknown): Stmt {
  const body = object(raw, 'stmt');
  const namedArgs = new Map<string, SqlValue>();
  for (const arg of optional(body.named_args, (v) => array(v, 'named_args')) ?? []) {
    const named = object(arg, 'a named argument');
    namedArgs.set(string(named.name, 'an argument name'), decodeValue(named.value));
  }
  return {
    ...decodeSqlRef(body),
    args: (optional(body.args, (v) => array(v, 'args')) ?? []).map(decodeValue),
    namedArgs,
    wantRows: body.want_rows !== false,
  };
}

function decodeCond(raw: unknown): BatchCond {
  const cond = object(raw, 'a batch condition');
  switch (cond.type) {
    case 'ok':
    case 'error':
      return { type: cond.type, step: int32(cond.step, 'step') };
    case 'not':
      return { type: 'not', cond: decodeCond(cond.cond) };
    case 'and':
    case 'or':
      return { type: cond.type, conds: array(cond.conds, 'conds').map(decodeCond) };
    case 'is_autocommit':
      return { type: 'is_autocommit' };
    default:
      throw protocolError('BatchCond type not recognized');
  }
}

function decodeRequest(raw: unknown): StreamRequest {
  const request = object(raw, 'a stream request');
  switch (request.type) {
    case 'close':
    case 'get_autocommit':
      return { type: request.type };
    case 'execute':
      return { type: 'execute', stmt: decodeStmt(request.stmt) };
    case 'batch': {
      const steps = array(object(request.batch, 'batch').steps, 'steps').map((raw) => {
        const step = object(raw, 'a batch step');
        return { condition: optional(step.condition, decodeCond), stmt: decodeStmt(step.stmt) };
      });
      return { type: 'batch', steps };
    }
    case 'sequence':
    case 'describe':
      return { type: request.type, ...decodeSqlRef(request) };
    case 'store_sql':
      return {
        type: 'store_sql',
        sqlId: int32(request.sql_id, 'sql_id'),
        sql: string(request.sql, 'sql'),
      };
    case 'close_sql':
      return { type: 'close_sql', sqlId: int32(request.sql_id, 'sql_id') };
    default:
      throw protocolError('StreamRequest type not recognized');
  }
}

/** Decodes a parsed `POST /v2/pipeline` body, throwing a {@link HranaHttpError} if invalid. */
export function decodePipelineRequest(raw: unknown): PipelineRequestBody {
  const body = object(raw, 'the request body');
  return {
    baton: optional(body.baton, (v) => string(v, 'baton')),
    requests: array(body.requests, 'requests').map(decodeRequest),
  };
}

/** Encodes a value read from SQLite with safe integers on: integers arrive as bigint. */
export function encodeValue(value: unknown): ProtoValue {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { type: 'blob', base64: bytes.toString('base64') };
  }
  throw new TypeError(`Unexpected SQLite value of type ${typeof value}`);
}
