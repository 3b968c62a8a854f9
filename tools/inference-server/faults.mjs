// Injected faults for tests: what the next job does instead of (or before)
// its honest answer. Seeded, so a test run repeats.

export const malformedKinds = ['json', 'base64', 'png', 'empty'];

export const defaultFaults = {
  latency_ms: 0,      // added to every job before it computes (an interrupt ends it)
  fail_first: 0,      // the next N jobs answer 500
  fail_rate: 0,       // then this share of jobs answers 500
  hang_rate: 0,       // this share of jobs never finishes unless interrupted
  malformed_rate: 0,  // this share answers 200 with a broken body
  malformed: 'json',  // json: no JSON; base64: image not base64; png: image no PNG; empty: no image
  oversize_rate: 0,   // this share answers 200 with an image of oversize_bytes
  oversize_bytes: 64 << 20,
};

/// Checks and merges `changes` into `faults`; throws naming a bad key.
export function applyFaults(faults, changes) {
  for (const [key, value] of Object.entries(changes)) {
    if (!(key in defaultFaults))
      throw new Error(`unknown fault '${key}' (${Object.keys(defaultFaults).join(', ')})`);
    if (key === 'malformed') {
      if (!malformedKinds.includes(value))
        throw new Error(`malformed must be one of ${malformedKinds.join(', ')}`);
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0
               || (key.endsWith('_rate') && value > 1)) {
      throw new Error(`${key} must be a number${key.endsWith('_rate') ? ' in [0, 1]' : ' ≥ 0'}`);
    }
    faults[key] = value;
  }
  return faults;
}

/// xorshift32: a small seeded generator in [0, 1).
export function seededRandom(seed) {
  let state = (seed >>> 0) || 0x9e3779b9;
  return () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 4294967296;
  };
}

/// The fault of the next job: 'fail', 'hang', 'malformed', 'oversize' or null.
export function nextFault(faults, random) {
  if (faults.fail_first > 0) {
    faults.fail_first -= 1;
    return 'fail';
  }
  if (random() < faults.hang_rate) return 'hang';
  if (random() < faults.fail_rate) return 'fail';
  if (random() < faults.malformed_rate) return 'malformed';
  if (random() < faults.oversize_rate) return 'oversize';
  return null;
}
