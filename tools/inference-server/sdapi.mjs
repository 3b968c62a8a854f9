// The /sdapi/v1 routes of AUTOMATIC1111's API that LUME's inference client
// uses: img2img, txt2img, progress, interrupt. One job at a time behind a
// server-wide lock, as in A1111; overlapping calls wait their turn.
import { createServer } from 'node:http';
import { applyFaults, defaultFaults, nextFault, seededRandom } from './faults.mjs';

const note = 'LUME stand-in, not a diffusion model: ESRGAN x2 upscale on the CPU, '
  + 'blended with the resized input by denoising_strength; prompt, negative_prompt, steps and seed are ignored';

class HttpError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res, status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function parseJob(body, withImage) {
  let request;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(422, 'body is not JSON');
  }
  if (typeof request !== 'object' || request === null) throw new HttpError(422, 'body is not a JSON object');
  const number = (key, fallback) => {
    const x = request[key] ?? fallback;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new HttpError(422, `${key} must be a number`);
    return x;
  };
  const job = {
    width: number('width', 0),
    height: number('height', 0),
    strength: number('denoising_strength', 0.75),
    seed: number('seed', -1),
    image: null,
  };
  if (job.width < 0 || job.height < 0 || job.width * job.height > 2048 * 2048)
    throw new HttpError(422, 'width × height must be at most 2048 × 2048');
  if (withImage) {
    const images = request.init_images;
    if (!Array.isArray(images) || typeof images[0] !== 'string')
      throw new HttpError(422, 'init_images must hold a base64 PNG');
    const text = images[0].replace(/^data:image\/\w+;base64,/, '');
    job.image = Buffer.from(text, 'base64');
    if (job.image.length < 8) throw new HttpError(422, 'init_images[0] is no PNG');
  } else if (!job.width || !job.height) {
    job.width ||= 512;
    job.height ||= 512;
  }
  const { init_images: _, ...parameters } = request;
  return { job, parameters, prompt: String(request.prompt ?? '') };
}

/// options: { model (model_worker.mjs), faults, seed, control, bodyLimit, log }
export function createSdapiServer(options) {
  const model = options.model;
  const faults = applyFaults({ ...defaultFaults }, options.faults ?? {});
  const random = seededRandom(options.seed ?? 1);
  const bodyLimit = options.bodyLimit ?? 32 << 20;
  const log = options.log ?? (() => {});
  const counters = { jobs: 0, interrupted: 0, failed: 0, hung: 0, malformed: 0, oversize: 0 };
  let lock = Promise.resolve();
  let queued = 0;
  let current = null;

  function progress() {
    const now = Date.now();
    const running = current !== null;
    const elapsed = running ? (now - current.started) / 1000 : 0;
    const expected = running ? (current.expectedMs / 1000) : 0;
    const fraction = running && expected > 0 ? Math.min(0.99, elapsed / expected) : 0;
    return {
      progress: fraction,
      eta_relative: running ? Math.max(0, expected - elapsed) : 0,
      state: {
        skipped: false,
        interrupted: running && current.interrupted,
        job: running ? `job(${current.id})` : '',
        job_count: queued,
        job_timestamp: running ? String(current.started) : '0',
        job_no: running ? 1 : 0,
        sampling_step: 0,
        sampling_steps: 0,
      },
      current_image: null,
      textinfo: running ? 'ESRGAN upscale (stand-in)' : null,
    };
  }

  /// Waits `ms` (forever for Infinity) unless the job is interrupted first.
  function wait(job, ms) {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(resolve, ms) : null;
      job.wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }

  async function runJob(kind, body, res) {
    const { job, parameters, prompt } = parseJob(body, kind === 'img2img');
    const fault = nextFault(faults, random);
    const state = { id: ++counters.jobs, started: Date.now(), expectedMs: faults.latency_ms + 200,
                    interrupted: false, wake: null };
    current = state;
    try {
      if (faults.latency_ms > 0) await wait(state, faults.latency_ms);
      if (fault === 'hang' && !state.interrupted) {
        ++counters.hung;
        await wait(state, Infinity);
      }
      if (state.interrupted) {
        ++counters.interrupted;
        return sendJson(res, 200, { images: [], parameters, info: JSON.stringify({ interrupted: true, note }) });
      }
      if (fault === 'fail') {
        ++counters.failed;
        return sendJson(res, 500, { error: 'InjectedFault', detail: 'injected failure (--fail-*)' });
      }
      const result = await model.run(job);
      if (fault === 'malformed') {
        ++counters.malformed;
        const broken = {
          json: '{"images": ["',
          base64: { images: ['%%% not base64 %%%'], parameters, info: '{}' },
          png: { images: [Buffer.from('this is not a PNG file').toString('base64')], parameters, info: '{}' },
          empty: { images: [], parameters, info: '{}' },
        }[faults.malformed];
        return sendJson(res, 200, broken);
      }
      let image = result.png;
      if (fault === 'oversize') {
        ++counters.oversize;
        image = Buffer.alloc(faults.oversize_bytes, 0x41);
      }
      const info = { note, model: model.name, backend: model.backend, prompt,
                     width: result.width, height: result.height, compute_ms: result.computeMs };
      log(`${kind} ${job.image ? 'in' : 'noise'} → ${result.width}×${result.height} in ${result.computeMs.toFixed(0)} ms`);
      return sendJson(res, 200, { images: [image.toString('base64')], parameters, info: JSON.stringify(info) });
    } finally {
      current = null;
    }
  }

  /// Runs `task` when the jobs before it are done (A1111's queue lock).
  function serialized(task) {
    ++queued;
    const run = lock.then(() => { --queued; return task(); });
    lock = run.catch(() => {});
    return run;
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /sdapi/v1/img2img' || route === 'POST /sdapi/v1/txt2img') {
      const body = await readBody(req, bodyLimit);
      return serialized(() => runJob(url.pathname.endsWith('img2img') ? 'img2img' : 'txt2img', body, res));
    }
    if (route === 'GET /sdapi/v1/progress') return sendJson(res, 200, progress());
    if (route === 'POST /sdapi/v1/interrupt') {
      await readBody(req, 1 << 16);
      if (current && !current.interrupted) {
        current.interrupted = true;
        if (current.wake) current.wake();
      }
      return sendJson(res, 200, {});
    }
    if (options.control && url.pathname === '/lume/faults') {
      if (req.method === 'POST') {
        let changes;
        try {
          changes = JSON.parse((await readBody(req, 1 << 16)).toString('utf8'));
        } catch {
          throw new HttpError(422, 'body is not JSON');
        }
        try {
          applyFaults(faults, changes);
        } catch (err) {
          throw new HttpError(422, err.message);
        }
      }
      return sendJson(res, 200, { faults, counters });
    }
    throw new HttpError(404, `no route ${route}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (res.headersSent || res.destroyed) return;
      const status = err instanceof HttpError ? err.status : 500;
      sendJson(res, status, { error: status === 500 ? 'InternalError' : 'HTTPException', detail: err.message });
    });
  });
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  server.requestTimeout = 0;
  return { server, faults, counters };
}
