// The `let` option of find, aggregate, update, delete and findAndModify (and the `c` constants
// of an update statement): each value is an aggregation expression, evaluated once before any
// document is read, as MongoDB does; the results are visible as `$$name` in `$expr`, in
// pipelines and in pipeline-style updates.
import { Aggregator } from 'mingo';
import { MongoError, toMongoError } from './errors.js';
import { type Doc, isPlainObject, setOwn, toView } from './values.js';

/** MongoDB's rule for user variable names: a lower-case (or non-ASCII) first character, then letters, digits, `_`. */
function validateName(name: string): void {
  if (name === '') throw new MongoError(16866, 'empty variable names are not allowed');
  const first = name.charCodeAt(0);
  if (!((first >= 0x61 && first <= 0x7a) || first > 0x7f)) {
    throw new MongoError(16867, `'${name}' starts with an invalid character for a user variable name`);
  }
  for (const ch of name.slice(1)) {
    if (!/[a-zA-Z0-9_]/.test(ch) && ch.charCodeAt(0) <= 0x7f) {
      throw new MongoError(16868, `'${name}' contains an invalid character for a variable name: '${ch}'`);
    }
  }
}

/** Whether an expression reads the current document (a field path, `$$ROOT` or `$$CURRENT`). */
function readsDocument(expr: unknown): boolean {
  if (typeof expr === 'string') {
    if (!expr.startsWith('$')) return false;
    if (!expr.startsWith('$$')) return true;
    return /^\$\$(ROOT|CURRENT)(\.|$)/.test(expr);
  }
  if (Array.isArray(expr)) return expr.some(readsDocument);
  if (isPlainObject(expr)) {
    for (const k of Object.keys(expr)) {
      if (k === '$literal') continue;
      if (readsDocument(expr[k])) return true;
    }
  }
  return false;
}

function evaluate(expr: unknown, variables: Doc): unknown {
  try {
    const [out] = new Aggregator([{ $project: { _id: 0, v: { $let: { vars: {}, in: expr } } } }], {
      scriptEnabled: false,
      variables,
    }).run([{}]) as Doc[];
    return out?.v;
  } catch (e) {
    throw toMongoError(e);
  }
}

/**
 * Evaluates a `let` document: each value is an expression that may use `$$NOW` and the variables
 * defined before it, but no field of a document. Returns the variables (as views), or undefined
 * when there are none.
 */
export function evaluateVariables(spec: unknown, field = 'let'): Doc | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlainObject(spec)) throw new MongoError(14, `BSON field '${field}' is the wrong type, expected type 'object'`);
  const vars: Doc = {};
  for (const name of Object.keys(spec)) {
    validateName(name);
    const expr = toView(spec[name]);
    if (readsDocument(expr)) {
      throw new MongoError(
        4890500,
        'Command let Expression tried to access a field, but this is not allowed because command let expressions run before the query examines any documents.',
      );
    }
    const value = evaluate(expr, vars);
    setOwn(vars, name, value === undefined ? null : value);
  }
  return Object.keys(vars).length ? vars : undefined;
}

/** The command's `let` variables, evaluated. */
export function commandVariables(cmd: Doc): Doc | undefined {
  return evaluateVariables(cmd.let);
}

/** Variables in scope for one update statement: the command's `let`, then its own `c` constants. */
export function statementVariables(commandVars: Doc | undefined, constants: unknown): Doc | undefined {
  const own = evaluateVariables(constants, 'c');
  if (!own) return commandVars;
  return commandVars ? { ...commandVars, ...own } : own;
}
