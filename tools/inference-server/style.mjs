// One job of the stand-in: ESRGAN ×2, resized to the requested size and
// blended with the plainly resized input by denoising_strength. The prompt
// plays no part.
import * as tf from '@tensorflow/tfjs-core';

/// image: { width, height, rgb }; size: { width, height } wanted;
/// strength: 0 = the input resized, 1 = the network's output.
export function styleImage(model, image, size, strength) {
  const up = model.upscale(image.rgb, image.width, image.height);
  return tf.tidy(() => {
    const shape = [size.height, size.width];
    const tensor = ({ width, height, rgb }) => tf.tensor3d(Float32Array.from(rgb), [height, width, 3]);
    const network = tf.image.resizeBilinear(tensor(up), shape);
    const plain = tf.image.resizeBilinear(tensor(image), shape);
    const s = Math.min(1, Math.max(0, strength));
    const mixed = tf.add(tf.mul(network, s), tf.mul(plain, 1 - s));
    return { width: size.width, height: size.height,
             rgb: Uint8Array.from(tf.round(tf.clipByValue(mixed, 0, 255)).dataSync()) };
  });
}

/// txt2img has no image: seeded noise of half the size goes through the network.
export function noiseImage(width, height, seed) {
  let state = (seed >>> 0) || 1;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < rgb.length; ++i) {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    rgb[i] = state & 0xff;
  }
  return { width, height, rgb };
}
