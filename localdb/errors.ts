// MongoDB-shaped errors: a numeric code, its codeName, and extra fields copied into the reply
// (keyPattern/keyValue for duplicate keys). The driver and mongoose branch on code and codeName.

export const CODE_NAMES: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  8: 'UnknownError',
  9: 'FailedToParse',
  14: 'TypeMismatch',
  20: 'IllegalOperation',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  28: 'PathNotViable',
  40: 'ConflictingUpdateOperators',
  43: 'CursorNotFound',
  48: 'NamespaceExists',
  52: 'DollarPrefixedFieldName',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  67: 'CannotCreateIndex',
  72: 'InvalidOptions',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  86: 'IndexKeySpecsConflict',
  115: 'CommandNotSupported',
  11000: 'DuplicateKey',
  31249: 'Location31249',
  31250: 'Location31250',
  31253: 'Location31253',
  31254: 'Location31254',
};

export class MongoError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(code: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'MongoError';
    this.code = code;
    this.codeName = CODE_NAMES[code] ?? `Location${code}`;
    this.extra = extra;
  }
}

/** Turns any thrown value into a MongoError; library errors (mingo) become BadValue. */
export function toMongoError(e: unknown): MongoError {
  if (e instanceof MongoError) return e;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.constructor.name === 'MingoError') {
    const text = message.replace(/^mingo: /, '');
    if (/^Use of undefined variable: /.test(text)) return new MongoError(17276, text);
    // MongoDB's codes for operators it does not know (mingo words them its own way).
    const expression = /^accumulator '(\$\w+)' is not registered/.exec(text);
    if (expression) return new MongoError(168, `Unrecognized expression '${expression[1]}'`);
    const stage = /^unregistered pipeline operator (\$\w+)/.exec(text);
    if (stage) return new MongoError(40324, `Unrecognized pipeline stage name: '${stage[1]}'`);
    return new MongoError(2, text);
  }
  if (e instanceof TypeError || e instanceof RangeError) return new MongoError(2, message);
  return new MongoError(1, message);
}

/** The body of a failed command reply. */
export function errorReply(e: unknown): Record<string, unknown> {
  const err = toMongoError(e);
  return { ok: 0, errmsg: err.message, code: err.code, codeName: err.codeName, ...err.extra };
}
