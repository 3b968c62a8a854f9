// Fuzz target for the inference client's answers: the body of a 200 from
// `/sdapi/v1/img2img` through read_img2img_answer (Boost.JSON, base64 by
// OpenSSL, PNG by libpng; images over 64 pixels a side refused, as the
// client refuses those over its max-side), and the body's bytes through
// the base64 decoder alone. Asserted: a refusal has a known kind and a
// sentence; an accepted image is a PNG of the size it claims, whose pixels
// encoded again (encode_png, base64_encode, the stand-in server's answer
// shape) read back the same; base64 that decodes re-encodes to bytes that
// decode the same.

#include <cmath>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json.hpp>

#include "net/sdapi/base64.hpp"
#include "net/sdapi/png_codec.hpp"
#include "net/sdapi/sdapi_messages.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lume::net;

constexpr std::uint32_t max_side = 64;

void check_base64(std::string_view text) {
  const auto bytes = base64_decode(text);
  if (!bytes)
    return;
  const auto encoded = base64_encode(bytes->data(), bytes->size());
  const auto again = base64_decode(encoded);
  FUZZ_CHECK(again && *again == *bytes);
}

void check_image(const img2img_image& x) {
  FUZZ_CHECK(x.width >= 1 && x.width <= max_side && x.height >= 1 && x.height <= max_side);
  FUZZ_CHECK(x.compute_ms == -1 || std::isfinite(x.compute_ms));
  const auto decoded = decode_png(x.png.data(), x.png.size(), max_side);
  const auto* pixels = std::get_if<pixel_image>(&decoded);
  FUZZ_CHECK(pixels != nullptr);
  FUZZ_CHECK(pixels->width == x.width && pixels->height == x.height && pixels->channels == 3);
  FUZZ_CHECK(pixels->pixels.size() == std::size_t{x.width} * x.height * 3);
  const auto png = encode_png(*pixels);
  const auto* file = std::get_if<std::vector<std::uint8_t>>(&png);
  FUZZ_CHECK(file != nullptr);
  boost::json::object info{{"compute_ms", x.compute_ms}};
  boost::json::object answer{
    {"images", boost::json::array{boost::json::string{base64_encode(file->data(), file->size())}}},
    {"parameters", boost::json::object{}},
    {"info", boost::json::serialize(info)}};
  const auto again = read_img2img_answer(boost::json::serialize(answer), max_side);
  const auto* back = std::get_if<img2img_image>(&again);
  FUZZ_CHECK(back != nullptr);
  FUZZ_CHECK(back->width == x.width && back->height == x.height);
  FUZZ_CHECK(back->png == *file);
  const auto back_pixels = decode_png(back->png.data(), back->png.size(), max_side);
  FUZZ_CHECK(std::get<pixel_image>(back_pixels).pixels == pixels->pixels);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body{reinterpret_cast<const char*>(data), size};
  check_base64(body);
  const auto read = read_img2img_answer(body, max_side);
  if (const auto* why = std::get_if<img2img_refusal>(&read)) {
    const auto& k = why->kind;
    FUZZ_CHECK(k == "malformed_json" || k == "no_image" || k == "bad_base64" || k == "bad_png" ||
               k == "oversize");
    FUZZ_CHECK(!why->detail.empty());
    return 0;
  }
  check_image(std::get<img2img_image>(read));
  return 0;
}
