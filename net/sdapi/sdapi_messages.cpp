#include "net/sdapi/sdapi_messages.hpp"

#include <cmath>

#include <boost/json.hpp>

#include "net/sdapi/base64.hpp"
#include "net/sdapi/png_codec.hpp"

namespace lume::net {

std::string img2img_body(const img2img_params& params, std::string_view init_image_base64) {
  boost::json::object body{{"init_images", boost::json::array{boost::json::string{init_image_base64}}},
                           {"prompt", params.prompt},
                           {"negative_prompt", params.negative_prompt},
                           {"denoising_strength", params.denoising_strength},
                           {"steps", params.steps},
                           {"width", params.width},
                           {"height", params.height},
                           {"seed", params.seed},
                           {"send_images", true},
                           {"save_images", false}};
  return boost::json::serialize(body);
}

std::variant<img2img_image, img2img_refusal> read_img2img_answer(std::string_view body,
                                                                 std::uint32_t max_side) {
  boost::system::error_code err;
  auto doc = boost::json::parse(body, err);
  if (err || !doc.is_object())
    return img2img_refusal{"malformed_json", err ? err.message() : "not a JSON object"};
  auto& answer = doc.as_object();
  auto images = answer.if_contains("images");
  if (!images || !images->is_array() || images->as_array().empty()
      || !images->as_array()[0].is_string())
    return img2img_refusal{"no_image", "no image in 'images'"};
  auto bytes = base64_decode(images->as_array()[0].as_string());
  if (!bytes)
    return img2img_refusal{"bad_base64", "images[0] is not base64"};
  auto decoded = decode_png(bytes->data(), bytes->size(), max_side);
  if (auto why = std::get_if<png_refusal>(&decoded))
    return img2img_refusal{why->too_large ? "oversize" : "bad_png", why->detail};
  img2img_image result;
  result.width = std::get<pixel_image>(decoded).width;
  result.height = std::get<pixel_image>(decoded).height;
  result.png = std::move(*bytes);
  // `info` is a JSON document inside a string; only the stand-in has compute_ms.
  if (auto info = answer.if_contains("info"); info && info->is_string()) {
    auto inner = boost::json::parse(info->as_string(), err);
    if (!err && inner.is_object())
      if (auto ms = inner.as_object().if_contains("compute_ms"); ms && ms->is_number())
        // 1e400 reads as an infinity (Boost.JSON 1.81), which JSON cannot carry on.
        if (std::isfinite(ms->to_number<double>()))
          result.compute_ms = ms->to_number<double>();
  }
  return result;
}

} // namespace lume::net
