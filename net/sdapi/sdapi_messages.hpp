#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

/// The JSON bodies of AUTOMATIC1111's `/sdapi/v1/img2img` (docs/protocols.md,
/// Inference).
namespace lume::net {

/// What an img2img request asks for, besides the image.
struct img2img_params {
  std::string prompt;
  std::string negative_prompt;
  double denoising_strength = 0.45;
  int steps = 4;
  std::uint32_t width = 512;
  std::uint32_t height = 512;
  std::int64_t seed = -1;
};

/// The request body with `init_image` (base64 PNG) as its one init image.
std::string img2img_body(const img2img_params& params, std::string_view init_image_base64);

/// A usable answer: its first image, checked to be a whole PNG.
struct img2img_image {
  std::vector<std::uint8_t> png;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  /// The server's own compute time from `info.compute_ms` (LUME's stand-in
  /// reports it), else -1.
  double compute_ms = -1;
};

/// Why an answer was refused: `kind` is one of malformed_json, no_image,
/// bad_base64, bad_png, oversize (an image over `max_side`).
struct img2img_refusal {
  std::string kind;
  std::string detail;
};

/// Reads a 200 answer's body.
std::variant<img2img_image, img2img_refusal> read_img2img_answer(std::string_view body,
                                                                 std::uint32_t max_side);

} // namespace lume::net
