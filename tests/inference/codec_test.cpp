#define CAF_SUITE inference.codec
#include <caf/test/dsl.hpp>

#include <caf/config_value.hpp>

#include "actors/inference/depth_image.hpp"
#include "actors/inference/prompt_table.hpp"
#include "net/sdapi/base64.hpp"
#include "net/sdapi/endpoint.hpp"
#include "net/sdapi/png_codec.hpp"
#include "net/sdapi/sdapi_messages.hpp"

using namespace lume;
using namespace lume::net;

namespace {

std::vector<std::uint8_t> bytes(std::string_view text) {
  return {text.begin(), text.end()};
}

pixel_image gradient(std::uint32_t w, std::uint32_t h, std::uint32_t channels) {
  pixel_image image{w, h, channels, {}};
  for (std::uint32_t i = 0; i < w * h * channels; ++i)
    image.pixels.push_back(static_cast<std::uint8_t>(i * 7));
  return image;
}

std::string answer_with(const std::string& image_text, const std::string& info = "{}") {
  return R"({"images": [")" + image_text + R"("], "parameters": {}, "info": ")" + info + "\"}";
}

caf::settings settings_of(const std::string& text) {
  return caf::get<caf::settings>(*caf::config_value::parse(text));
}

} // namespace

CAF_TEST(base64 round trips and refuses what is not canonical) {
  CAF_CHECK_EQUAL(base64_encode(bytes("").data(), 0), "");
  auto text = bytes("any carnal pleas");
  for (std::size_t n = 0; n <= text.size(); ++n) {
    auto encoded = base64_encode(text.data(), n);
    auto decoded = base64_decode(encoded);
    CAF_REQUIRE(decoded);
    CAF_CHECK(std::equal(decoded->begin(), decoded->end(), text.begin(), text.begin() + n));
    CAF_CHECK_EQUAL(decoded->size(), n);
  }
  CAF_CHECK_EQUAL(base64_encode(bytes("ab").data(), 2), "YWI=");
  CAF_CHECK(!base64_decode("YWI"));
  CAF_CHECK(!base64_decode("Y WI="));
  CAF_CHECK(!base64_decode("%%%%"));
  CAF_CHECK(!base64_decode("Y=WI"));
  auto with_prefix = base64_decode("data:image/png;base64,YWI=");
  CAF_REQUIRE(with_prefix);
  CAF_CHECK_EQUAL(with_prefix->size(), 2u);
}

CAF_TEST(png encodes gray and RGB and decodes to RGB) {
  auto gray = gradient(5, 3, 1);
  auto file = encode_png(gray);
  CAF_REQUIRE(std::holds_alternative<std::vector<std::uint8_t>>(file));
  auto& png = std::get<std::vector<std::uint8_t>>(file);
  auto decoded = decode_png(png.data(), png.size(), 64);
  CAF_REQUIRE(std::holds_alternative<pixel_image>(decoded));
  auto& rgb = std::get<pixel_image>(decoded);
  CAF_CHECK_EQUAL(rgb.width, 5u);
  CAF_CHECK_EQUAL(rgb.height, 3u);
  CAF_CHECK_EQUAL(rgb.channels, 3u);
  for (std::size_t i = 0; i < gray.pixels.size(); ++i)
    CAF_CHECK_EQUAL(rgb.pixels[3 * i + 1], gray.pixels[i]);
  auto color = gradient(4, 4, 3);
  auto color_png = std::get<std::vector<std::uint8_t>>(encode_png(color));
  CAF_CHECK(std::get<pixel_image>(decode_png(color_png.data(), color_png.size(), 4)).pixels == color.pixels);
  CAF_CHECK(std::holds_alternative<std::string>(encode_png(pixel_image{2, 2, 3, {1, 2, 3}})));
}

CAF_TEST(png refuses junk and damage and images over the size limit) {
  auto junk = bytes("this is not a PNG file");
  auto refused = decode_png(junk.data(), junk.size(), 64);
  CAF_REQUIRE(std::holds_alternative<png_refusal>(refused));
  CAF_CHECK(!std::get<png_refusal>(refused).too_large);
  auto png = std::get<std::vector<std::uint8_t>>(encode_png(gradient(32, 32, 3)));
  auto big = decode_png(png.data(), png.size(), 31);
  CAF_REQUIRE(std::holds_alternative<png_refusal>(big));
  CAF_CHECK(std::get<png_refusal>(big).too_large);
  auto cut = png;
  cut.resize(png.size() / 2);
  CAF_CHECK(std::holds_alternative<png_refusal>(decode_png(cut.data(), cut.size(), 64)));
}

CAF_TEST(endpoints parse with default ports and name what is wrong) {
  auto a = std::get<http_endpoint>(parse_http_endpoint("http://gpu-box:7860"));
  CAF_CHECK(!a.tls);
  CAF_CHECK_EQUAL(a.host, "gpu-box");
  CAF_CHECK_EQUAL(a.port, 7860);
  CAF_CHECK_EQUAL(a.base, "");
  auto b = std::get<http_endpoint>(parse_http_endpoint("https://cloud-vm/sd/"));
  CAF_CHECK(b.tls);
  CAF_CHECK_EQUAL(b.port, 443);
  CAF_CHECK_EQUAL(b.base, "/sd");
  auto c = std::get<http_endpoint>(parse_http_endpoint("http://[::1]:8080"));
  CAF_CHECK_EQUAL(c.host, "::1");
  CAF_CHECK_EQUAL(c.to_string(), "http://[::1]:8080");
  CAF_CHECK(std::holds_alternative<std::string>(parse_http_endpoint("ftp://x")));
  CAF_CHECK(std::holds_alternative<std::string>(parse_http_endpoint("http://:80")));
  CAF_CHECK(std::holds_alternative<std::string>(parse_http_endpoint("http://x:99999")));
  CAF_CHECK(std::holds_alternative<std::string>(parse_http_endpoint("http://x:80a")));
}

CAF_TEST(img2img answers are read or refused by kind) {
  auto png = std::get<std::vector<std::uint8_t>>(encode_png(gradient(8, 6, 3)));
  auto good = read_img2img_answer(answer_with(base64_encode(png.data(), png.size()),
                                              R"({\"compute_ms\": 12.5})"),
                                  64);
  CAF_REQUIRE(std::holds_alternative<img2img_image>(good));
  CAF_CHECK_EQUAL(std::get<img2img_image>(good).width, 8u);
  CAF_CHECK_EQUAL(std::get<img2img_image>(good).compute_ms, 12.5);
  CAF_CHECK(std::get<img2img_image>(good).png == png);
  auto kind = [](const std::string& body, std::uint32_t max_side = 64) {
    auto x = read_img2img_answer(body, max_side);
    return std::holds_alternative<img2img_refusal>(x) ? std::get<img2img_refusal>(x).kind : "";
  };
  CAF_CHECK_EQUAL(kind(R"({"images": [")"), "malformed_json");
  CAF_CHECK_EQUAL(kind("[1, 2]"), "malformed_json");
  CAF_CHECK_EQUAL(kind(R"({"images": []})"), "no_image");
  CAF_CHECK_EQUAL(kind(R"({"images": [42]})"), "no_image");
  CAF_CHECK_EQUAL(kind(answer_with("%%% not base64 %%%")), "bad_base64");
  auto junk = bytes("this is not a PNG file!");
  CAF_CHECK_EQUAL(kind(answer_with(base64_encode(junk.data(), junk.size()))), "bad_png");
  CAF_CHECK_EQUAL(kind(answer_with(base64_encode(png.data(), png.size())), 7), "oversize");
}

CAF_TEST(the request body carries the image and the parameters) {
  img2img_params p;
  p.prompt = "ink \"storm\"";
  p.denoising_strength = 0.6;
  p.width = 128;
  auto body = img2img_body(p, "QUJD");
  CAF_CHECK_NOT_EQUAL(body.find(R"("init_images":["QUJD"])"), std::string::npos);
  CAF_CHECK_NOT_EQUAL(body.find(R"("prompt":"ink \"storm\"")"), std::string::npos);
  CAF_CHECK_NOT_EQUAL(body.find(R"("denoising_strength":6E-1)"), std::string::npos);
  CAF_CHECK_NOT_EQUAL(body.find(R"("width":128)"), std::string::npos);
}

CAF_TEST(depth renders near white and far black and shrinks by whole factors) {
  depth_frame frame;
  frame.width = 640;
  frame.height = 576;
  frame.depth_mm.assign(640 * 576, 0);
  for (std::size_t i = 0; i < frame.depth_mm.size(); ++i)
    frame.depth_mm[i] = (i % 640) < 320 ? 500 : 2500;
  auto image = render_depth(frame, depth_rendering{500, 4500, 256});
  CAF_CHECK_EQUAL(image.width, 213u);
  CAF_CHECK_EQUAL(image.height, 192u);
  CAF_CHECK_EQUAL(image.channels, 1u);
  CAF_CHECK_EQUAL(image.pixels[0], 255);
  CAF_CHECK_EQUAL(image.pixels[200], 128);
  frame.depth_mm.assign(10, 0);
  CAF_CHECK(render_depth(frame, {}).pixels.empty());
  depth_frame small;
  small.width = 2;
  small.height = 1;
  small.depth_mm = {0, 5000};
  auto dark = render_depth(small, {});
  CAF_CHECK_EQUAL(dark.pixels[0], 0);
  CAF_CHECK_EQUAL(dark.pixels[1], 0);
}

CAF_TEST(prompt tables follow the scene and fall back to default) {
  auto table = prompt_table::read(settings_of(R"({ default = { prompt = "ink wash" },
    storm = { prompt = "storm clouds", negative = "text", strength = 0.7 } })"));
  CAF_REQUIRE(std::holds_alternative<prompt_table>(table));
  auto& t = std::get<prompt_table>(table);
  CAF_CHECK_EQUAL(t.find("storm")->prompt, "storm clouds");
  CAF_CHECK_EQUAL(t.find("storm")->strength, 0.7);
  CAF_CHECK_EQUAL(t.find("calm")->prompt, "ink wash");
  CAF_CHECK_EQUAL(t.find("calm")->strength, 0.45);
  auto error = [](const std::string& text) {
    auto x = prompt_table::read(settings_of(text));
    return std::holds_alternative<std::string>(x) ? std::get<std::string>(x) : "";
  };
  CAF_CHECK_EQUAL(error(R"({ a = { prompt = "x", strength = 2 } })"),
                  "scene 'a': 'strength' must be a number in [0, 1]");
  CAF_CHECK_EQUAL(error(R"({ a = { prompt = "x", cfg = 7 } })"),
                  "scene 'a': unknown key 'cfg' (prompt, negative, strength)");
  CAF_CHECK_EQUAL(error(R"({ a = { negative = "x" } })"), "scene 'a': 'prompt' is missing");
  auto no_default = std::get<prompt_table>(prompt_table::read(settings_of(R"({ a = { prompt = "x" } })")));
  CAF_CHECK(no_default.find("b") == nullptr);
}

CAF_TEST(a music parameter moves the strength within its range) {
  auto m = std::get<strength_modulation>(read_strength_modulation(settings_of(
    R"({ param = "energy", range = [0.2, 0.8] })")));
  scene_prompt p;
  p.strength = 0.45;
  CAF_CHECK_EQUAL(modulated_strength(p, m, std::nullopt), 0.45);
  CAF_CHECK_LESS(std::abs(modulated_strength(p, m, 0.5) - 0.5), 1e-12);
  CAF_CHECK_EQUAL(modulated_strength(p, m, 7.0), 0.8);
  CAF_CHECK_EQUAL(modulated_strength(p, std::nullopt, 0.5), 0.45);
  CAF_CHECK(std::holds_alternative<std::string>(read_strength_modulation(settings_of("{ range = [0, 1] }"))));
}
