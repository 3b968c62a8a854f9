// The messages the bridge sends the host on /bridge (docs/protocols.md,
// "Strudel host"), checked field by field. A bad message is refused with a
// reason (`not_json`, `not_object`, `unknown_type`, `bad_field`) and a
// detail naming the field; nothing of it is applied.

const finite = (x) => typeof x === 'number' && Number.isFinite(x);

const checks = {
  hello: () => undefined,
  clock: (m) => {
    if (!finite(m.beat)) return 'beat: not a number';
    if (!finite(m.tempo) || m.tempo < 20 || m.tempo > 999) return 'tempo: not a number in 20..999';
    if (!finite(m.quantum) || m.quantum <= 0 || m.quantum > 64) return 'quantum: not a number in (0, 64]';
    if (!finite(m.at_us)) return 'at_us: not a number';
    if (m.playing !== undefined && typeof m.playing !== 'boolean') return 'playing: not a boolean';
    return undefined;
  },
  params: (m) => {
    if (typeof m.values !== 'object' || m.values === null || Array.isArray(m.values)) return 'values: not an object';
    for (const [name, value] of Object.entries(m.values)) {
      if (!finite(value)) return `values.${name}: not a number`;
    }
    return undefined;
  },
  code: (m) => {
    if (typeof m.code !== 'string') return 'code: not a string';
    if (m.id !== undefined && !finite(m.id)) return 'id: not a number';
    if (m.at_beat !== undefined && m.at_beat !== null && !finite(m.at_beat)) return 'at_beat: not a number';
    return undefined;
  },
  pong: (m) => {
    if (!finite(m.host_ms)) return 'host_ms: not a number';
    if (!finite(m.at_us)) return 'at_us: not a number';
    return undefined;
  },
};

/** {message} or {reason, detail}. */
export function parseBridgeMessage(text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch (error) {
    return { reason: 'not_json', detail: error.message };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { reason: 'not_object', detail: 'a message is a JSON object' };
  }
  const check = checks[message.type];
  if (!check) return { reason: 'unknown_type', detail: `type: ${JSON.stringify(message.type)}` };
  const problem = check(message);
  if (problem) return { reason: 'bad_field', detail: `${message.type}.${problem}` };
  return { message };
}

/** Counts refusals by reason. */
export class Refusals {
  constructor() {
    this.byReason = {};
    this.last = undefined;
  }

  add(reason, detail) {
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
    this.last = `${reason}: ${detail}`;
  }

  get total() {
    return Object.values(this.byReason).reduce((a, b) => a + b, 0);
  }
}
