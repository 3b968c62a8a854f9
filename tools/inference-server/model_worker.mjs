// The HTTP side's handle on worker.mjs: one job at a time, answered by id.
import { Worker } from 'node:worker_threads';

export async function startModel() {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url));
  const pending = new Map();
  let nextId = 1;
  const ready = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  worker.on('message', (answer) => {
    const job = pending.get(answer.id);
    if (!job) return;
    pending.delete(answer.id);
    if (answer.error) job.reject(new Error(answer.error));
    // Structured cloning turns the Buffer into a plain Uint8Array.
    else job.resolve({ ...answer, png: Buffer.from(answer.png.buffer, answer.png.byteOffset, answer.png.byteLength) });
  });
  worker.on('error', (err) => {
    for (const job of pending.values()) job.reject(err);
    pending.clear();
  });
  return {
    name: ready.model,
    backend: ready.backend,
    /// { image: PNG bytes or null, width, height, strength, seed } → { png, width, height, computeMs }
    run(job) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...job, id });
      });
    },
    close() {
      return worker.terminate();
    },
  };
}
