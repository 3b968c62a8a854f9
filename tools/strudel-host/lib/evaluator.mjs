// Evaluates Strudel code with Strudel's own transpiler into a Pattern.
// Errors come back as {phase, message, line, column} (1-based line and
// column): a syntax error from the parser's position; a runtime error from
// the identifier it names, when it names one that occurs in the code.

import * as core from '@strudel/core';
import * as mini from '@strudel/mini';
import * as tonal from '@strudel/tonal';
import { transpiler } from '@strudel/transpiler';

let scoped;

/** Makes Strudel's functions and `extra` (e.g. `param`) visible to code. */
export async function prepareScope(extra) {
  if (!scoped) {
    // As on strudel.cc: single-quoted strings are mini-notation too.
    mini.miniAllStrings();
    scoped = core.evalScope(core, mini, tonal, extra);
  }
  await scoped;
}

/** Position of the first whole-word `name` in `code` (1-based). */
function locateIdentifier(code, name) {
  const match = new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/[$]/g, '\\$')}(?![A-Za-z0-9_$])`).exec(code);
  if (!match) return {};
  const offset = match.index + match[1].length;
  const before = code.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export function describeError(error, code, phase) {
  const message = String(error?.message ?? error);
  if (error?.loc && Number.isInteger(error.loc.line)) {
    return { phase: 'syntax', message, line: error.loc.line, column: error.loc.column + 1 };
  }
  const named =
    /^([A-Za-z_$][\w$]*) is not defined/.exec(message) ??
    /([A-Za-z_$][\w$]*) is not a function/.exec(message) ??
    /Cannot read propert(?:y|ies) of (?:undefined|null) \(reading '([\w$]+)'\)/.exec(message);
  const where = named ? locateIdentifier(code, named[1].split('.').pop()) : {};
  return { phase, message, line: where.line ?? null, column: where.column ?? null };
}

/** {pattern} or {error}. */
export async function evaluateCode(code) {
  let result;
  try {
    result = await core.evaluate(code, transpiler, { emitMiniLocations: false, emitWidgets: false });
  } catch (error) {
    return { error: describeError(error, code, 'runtime') };
  }
  if (!(result.pattern instanceof core.Pattern)) {
    return {
      error: { phase: 'runtime', message: 'the code does not evaluate to a pattern', line: null, column: null },
    };
  }
  return { pattern: result.pattern };
}
