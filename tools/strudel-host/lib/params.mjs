// LUME's live music params (energy, brightness, tension, lift, shake, ...)
// as Strudel signals. `param("energy")` is a continuous pattern whose value
// is read from the store each time it is queried: a new value reaches the
// next queried haps without evaluating the code again.

import { Pattern, signal } from '@strudel/core';

export class ParamStore {
  constructor() {
    this.values = new Map();
    this.updates = 0;
    this.lastUpdateHostMs = undefined;
  }

  /** Merges `values` ({name: number}); non-finite values are skipped. */
  set(values, hostMs) {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'number' && Number.isFinite(value)) this.values.set(name, value);
    }
    this.updates += 1;
    this.lastUpdateHostMs = hostMs;
  }

  get(name, fallback = 0) {
    return this.values.has(name) ? this.values.get(name) : fallback;
  }

  toJSON() {
    return Object.fromEntries(this.values);
  }
}

/**
 * The name a pattern argument stands for. Strudel's transpiler turns every
 * double-quoted string into a mini-notation pattern, so `param("energy")`
 * receives a Pattern: its first value is the name.
 */
export function paramName(name) {
  if (name instanceof Pattern) {
    const first = name.queryArc(0, 1)[0];
    return first === undefined ? undefined : String(first.value);
  }
  return name === undefined ? undefined : String(name);
}

/** The functions code can call: `param(name, fallback = 0)`. */
export function paramScope(store) {
  const param = (name, fallback = 0) => {
    const key = paramName(name);
    if (!key) throw new Error('param needs a name, e.g. param("energy")');
    const fallbackValue = fallback instanceof Pattern ? Number(paramName(fallback)) : Number(fallback);
    return signal(() => store.get(key, fallbackValue));
  };
  return { param };
}
