// ESRGAN (the slim RDN ×2 model of @upscalerjs/esrgan-slim, weights inside
// the package) on tfjs with the WebAssembly backend, on the CPU.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as layers from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);
const definition = require('@upscalerjs/esrgan-slim/2x');

/// The package's folder: above its entry point, where its package.json is.
function packageDir(entry) {
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'models')))
    dir = dirname(dir);
  return dir;
}

const modelFile = join(packageDir(require.resolve('@upscalerjs/esrgan-slim/2x')),
                       definition._internals.path);
const modelDir = dirname(modelFile);

/// Loads the model from the package's files (no network).
export async function loadEsrgan() {
  await tf.setBackend('wasm');
  await tf.ready();
  const manifest = JSON.parse(await readFile(modelFile, 'utf8'));
  const weightSpecs = manifest.weightsManifest.flatMap((group) => group.weights);
  const buffers = await Promise.all(manifest.weightsManifest.flatMap((group) => group.paths)
    .map((path) => readFile(join(modelDir, path))));
  const weights = Buffer.concat(buffers);
  const model = await layers.loadLayersModel(tf.io.fromMemory({
    modelTopology: manifest.modelTopology,
    weightSpecs,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }));
  return {
    name: `${definition._internals.name} ${definition._internals.version} x${definition.scale} (${definition.meta.architecture})`,
    scale: definition.scale,
    backend: tf.getBackend(),
    /// rgb: Uint8Array of width × height × 3 → { width, height, rgb } twice the size.
    upscale(rgb, width, height) {
      return tf.tidy(() => {
        const input = tf.tensor4d(Float32Array.from(rgb), [1, height, width, 3]);
        const output = tf.round(tf.clipByValue(model.predict(input), 0, 255));
        return { width: width * definition.scale, height: height * definition.scale, rgb: Uint8Array.from(output.dataSync()) };
      });
    },
  };
}
