#define CAF_SUITE net.lum_payload
#include <caf/test/unit_test.hpp>

#include <vector>

#include "net/byte_io.hpp"
#include "net/lum_audio_payload.hpp"
#include "net/lum_depth_payload.hpp"
#include "net/lum_skeleton_payload.hpp"

using namespace lume::net;

namespace {

depth_payload gradient_image(std::uint16_t width, std::uint16_t height) {
  depth_payload image;
  image.width = width;
  image.height = height;
  for (std::size_t i = 0; i < std::size_t{width} * height; ++i)
    image.depth_mm.push_back(static_cast<std::uint16_t>(i * 7));
  return image;
}

audio_payload stereo_block() {
  audio_payload block;
  block.sample_rate = 48000;
  block.channels = 2;
  block.frames = 3;
  block.samples = {0.5f, -0.5f, 0.25f, -0.25f, 1.0f, -1.0f};
  block.features = {{"rms", 0.4f}, {"onset", 1.0f}};
  return block;
}

skeleton_payload chain(std::size_t joints) {
  skeleton_payload pose;
  pose.frame_number = 42;
  for (std::size_t i = 0; i < joints; ++i) {
    skeleton_joint j;
    j.parent = static_cast<std::int16_t>(i) - 1;
    j.qz = 0.1f * static_cast<float>(i);
    j.py = 0.05f;
    pose.joints.push_back(j);
  }
  return pose;
}

} // namespace

CAF_TEST(depth payload round trips with little-endian pixels) {
  const auto image = gradient_image(4, 3);
  std::vector<std::uint8_t> buf(depth_payload_size(4, 3));
  const auto written = encode_depth_payload(image, buf.data(), buf.size());
  CAF_REQUIRE(written);
  CAF_CHECK_EQUAL(written.size, 4u + 24u);
  CAF_CHECK_EQUAL(load_u16(buf.data()), 4);
  CAF_CHECK_EQUAL(load_u16(buf.data() + 2), 3);
  CAF_CHECK_EQUAL(load_u16(buf.data() + 4 + 2 * 5), 35);
  depth_payload decoded;
  CAF_REQUIRE(decode_depth_payload(buf.data(), buf.size(), decoded) == payload_status::ok);
  CAF_CHECK_EQUAL(decoded.width, 4);
  CAF_CHECK_EQUAL(decoded.height, 3);
  CAF_CHECK(decoded.depth_mm == image.depth_mm);
}

CAF_TEST(depth payload refusals) {
  const auto image = gradient_image(2, 2);
  std::vector<std::uint8_t> buf(depth_payload_size(2, 2) + 1);
  CAF_REQUIRE(encode_depth_payload(image, buf.data(), buf.size()));
  depth_payload out;
  CAF_CHECK_EQUAL(std::string{to_string(decode_depth_payload(buf.data(), 3, out))}, "truncated");
  CAF_CHECK_EQUAL(std::string{to_string(decode_depth_payload(buf.data(), buf.size() - 2, out))}, "truncated");
  CAF_CHECK_EQUAL(std::string{to_string(decode_depth_payload(buf.data(), buf.size(), out))}, "trailing_bytes");
  store_u16(buf.data(), 0);
  CAF_CHECK_EQUAL(std::string{to_string(decode_depth_payload(buf.data(), buf.size() - 1, out))},
                  "bad_dimensions");
  auto wrong = image;
  wrong.depth_mm.pop_back();
  CAF_CHECK(encode_depth_payload(wrong, buf.data(), buf.size()).error
            == encode_error::invalid_input);
  CAF_CHECK(encode_depth_payload(image, buf.data(), 11).error == encode_error::buffer_too_small);
}

CAF_TEST(audio payload round trips samples and features) {
  const auto block = stereo_block();
  std::vector<std::uint8_t> buf(audio_payload_size(block));
  const auto written = encode_audio_payload(block, buf.data(), buf.size());
  CAF_REQUIRE(written);
  CAF_CHECK_EQUAL(written.size, 10u + (1 + 3 + 4) + (1 + 5 + 4) + 6 * 4);
  CAF_CHECK_EQUAL(load_u32(buf.data()), 48000u);
  CAF_CHECK_EQUAL(load_u16(buf.data() + 4), 2);
  CAF_CHECK_EQUAL(load_u16(buf.data() + 6), 3);
  CAF_CHECK_EQUAL(load_u16(buf.data() + 8), 2);
  CAF_CHECK_EQUAL(buf[10], 3); // length of "rms"
  audio_payload decoded;
  CAF_REQUIRE(decode_audio_payload(buf.data(), buf.size(), decoded) == payload_status::ok);
  CAF_CHECK_EQUAL(decoded.sample_rate, 48000u);
  CAF_CHECK_EQUAL(decoded.channels, 2);
  CAF_CHECK_EQUAL(decoded.frames, 3);
  CAF_CHECK(decoded.samples == block.samples);
  CAF_REQUIRE_EQUAL(decoded.features.size(), 2u);
  CAF_CHECK_EQUAL(decoded.features[1].name, "onset");
  CAF_CHECK_EQUAL(decoded.features[1].value, 1.0f);
}

CAF_TEST(audio payload refusals) {
  const auto block = stereo_block();
  std::vector<std::uint8_t> buf(audio_payload_size(block) + 1);
  CAF_REQUIRE(encode_audio_payload(block, buf.data(), buf.size()));
  audio_payload out;
  CAF_CHECK_EQUAL(std::string{to_string(decode_audio_payload(buf.data(), 9, out))}, "truncated");
  CAF_CHECK_EQUAL(std::string{to_string(decode_audio_payload(buf.data(), 15, out))}, "truncated");
  CAF_CHECK_EQUAL(std::string{to_string(decode_audio_payload(buf.data(), buf.size() - 2, out))}, "truncated");
  CAF_CHECK_EQUAL(std::string{to_string(decode_audio_payload(buf.data(), buf.size(), out))}, "trailing_bytes");
  auto nameless = buf;
  nameless[10] = 0;
  CAF_CHECK_EQUAL(std::string{to_string(decode_audio_payload(nameless.data(), nameless.size() - 4, out))},
                  "bad_feature_name");
  // A feature count the payload cannot hold is refused before the features
  // are allocated.
  audio_payload fresh;
  auto boastful = buf;
  store_u16(boastful.data() + 8, 0xFFFF);
  CAF_CHECK_EQUAL(std::string{to_string(decode_audio_payload(boastful.data(), 16, fresh))},
                  "truncated");
  CAF_CHECK(fresh.features.empty());
  auto mono_rateless = buf;
  store_u32(mono_rateless.data(), 0);
  CAF_CHECK_EQUAL(std::string{to_string(decode_audio_payload(mono_rateless.data(), buf.size() - 1, out))},
                  "bad_dimensions");
  auto ragged = block;
  ragged.samples.pop_back();
  CAF_CHECK(encode_audio_payload(ragged, buf.data(), buf.size()).error
            == encode_error::invalid_input);
  auto unnamed = block;
  unnamed.features[0].name.clear();
  CAF_CHECK(encode_audio_payload(unnamed, buf.data(), buf.size()).error
            == encode_error::invalid_input);
  CAF_CHECK(encode_audio_payload(block, buf.data(), 20).error == encode_error::buffer_too_small);
}

CAF_TEST(skeleton payload of 27 joints fits one datagram and round trips) {
  const auto pose = chain(27);
  CAF_CHECK_EQUAL(skeleton_payload_size(27), 816u);
  std::vector<std::uint8_t> buf(skeleton_payload_size(27));
  CAF_REQUIRE(encode_skeleton_payload(pose, buf.data(), buf.size()));
  CAF_CHECK_EQUAL(load_u32(buf.data()), 42u);
  CAF_CHECK_EQUAL(load_u16(buf.data() + 4), 27);
  CAF_CHECK_EQUAL(load_u16(buf.data() + 6), 0xFFFF); // joint 0 is the root
  skeleton_payload decoded;
  CAF_REQUIRE(decode_skeleton_payload(buf.data(), buf.size(), decoded) == payload_status::ok);
  CAF_CHECK_EQUAL(decoded.frame_number, 42u);
  CAF_REQUIRE_EQUAL(decoded.joints.size(), 27u);
  CAF_CHECK_EQUAL(decoded.joints[26].parent, 25);
  CAF_CHECK_EQUAL(decoded.joints[26].qz, pose.joints[26].qz);
  CAF_CHECK_EQUAL(decoded.joints[26].py, 0.05f);
  CAF_CHECK_EQUAL(decoded.joints[26].qw, 1.0f);
}

CAF_TEST(skeleton payload refusals) {
  std::vector<std::uint8_t> buf(skeleton_payload_size(3));
  CAF_REQUIRE(encode_skeleton_payload(chain(3), buf.data(), buf.size()));
  skeleton_payload out;
  CAF_CHECK_EQUAL(std::string{to_string(decode_skeleton_payload(buf.data(), 5, out))}, "truncated");
  CAF_CHECK_EQUAL(std::string{to_string(decode_skeleton_payload(buf.data(), buf.size() - 1, out))},
                  "truncated");
  auto bad_parent = buf;
  store_u16(bad_parent.data() + 6 + 30, 1); // joint 1 names itself
  CAF_CHECK_EQUAL(std::string{to_string(decode_skeleton_payload(bad_parent.data(), buf.size(), out))},
                  "bad_parent");
  auto many = buf;
  store_u16(many.data() + 4, 65);
  CAF_CHECK_EQUAL(std::string{to_string(decode_skeleton_payload(many.data(), buf.size(), out))},
                  "too_many_joints");
  buf.push_back(0);
  CAF_CHECK_EQUAL(std::string{to_string(decode_skeleton_payload(buf.data(), buf.size(), out))},
                  "trailing_bytes");
  CAF_CHECK(encode_skeleton_payload(chain(65), buf.data(), buf.size()).error
            == encode_error::invalid_input);
  auto orphan = chain(3);
  orphan.joints[2].parent = 3;
  CAF_CHECK(encode_skeleton_payload(orphan, buf.data(), buf.size()).error
            == encode_error::invalid_input);
}
