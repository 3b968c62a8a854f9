// The worker thread that owns the network, so that the HTTP thread keeps
// answering progress and interrupt while a job computes.
import { parentPort } from 'node:worker_threads';
import { loadEsrgan } from './esrgan.mjs';
import { decodePng, encodePng } from './png.mjs';
import { noiseImage, styleImage } from './style.mjs';

const model = await loadEsrgan();
// The first run compiles the network's kernels: done before the server says ready.
model.upscale(new Uint8Array(16 * 16 * 3), 16, 16);
parentPort.postMessage({ ready: true, model: model.name, backend: model.backend });

/// job: { id, image (PNG bytes) or null, width, height, strength, seed }
parentPort.on('message', (job) => {
  const started = performance.now();
  try {
    const input = job.image ? decodePng(Buffer.from(job.image))
                            : noiseImage(Math.max(1, job.width >> 1), Math.max(1, job.height >> 1), job.seed);
    const size = { width: job.width || input.width * model.scale,
                   height: job.height || input.height * model.scale };
    const output = styleImage(model, input, size, job.image ? job.strength : 1);
    const png = encodePng(output);
    parentPort.postMessage({ id: job.id, png, width: size.width, height: size.height,
                             computeMs: performance.now() - started });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err && err.message || err) });
  }
});
