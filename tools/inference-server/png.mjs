// PNG ↔ 8-bit RGB with pngjs (pure JavaScript).
import { PNG } from 'pngjs';

/// A PNG file's pixels as RGB (alpha dropped; gray, palette and 16-bit
/// images are converted by pngjs). Throws on a file that is no PNG.
export function decodePng(bytes) {
  const image = PNG.sync.read(bytes);
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgb[i] = image.data[j];
    rgb[i + 1] = image.data[j + 1];
    rgb[i + 2] = image.data[j + 2];
  }
  return { width: image.width, height: image.height, rgb };
}

/// RGB pixels as an 8-bit RGB PNG file.
export function encodePng({ width, height, rgb }) {
  return PNG.sync.write({ width, height, data: Buffer.from(rgb) },
                        { colorType: 2, inputColorType: 2, inputHasAlpha: false });
}
