#define CAF_SUITE show.director_osc
#include <caf/test/unit_test.hpp>

#include <vector>

#include "net/director_osc_encoder.hpp"
#include "tests/show/director_osc.hpp"

using namespace lume;

CAF_TEST(each kind has its address and liblo reads the arguments back) {
  std::vector<uint8_t> out(256);
  for (auto [kind, address] : {std::pair{"camera", "/lume/cut"}, std::pair{"scene", "/lume/scene"},
                               std::pair{"section", "/lume/section"}}) {
    CAF_CHECK_EQUAL(net::director_address(kind), address);
    net::director_osc cut{kind, "close", 3, 41, 132.0, "peak"};
    auto written = net::encode_director_message(cut, out.data(), out.size());
    CAF_REQUIRE(written);
    auto back = test::read_director_osc({out.begin(), out.begin() + written.size});
    CAF_REQUIRE(back);
    CAF_CHECK_EQUAL(back->kind, kind);
    CAF_CHECK_EQUAL(back->value, "close");
    CAF_CHECK_EQUAL(back->epoch, 3u);
    CAF_CHECK_EQUAL(back->seq, 41u);
    CAF_CHECK_EQUAL(back->at_beat, 132.0);
    CAF_CHECK_EQUAL(back->reason, "peak");
  }
}

CAF_TEST(the encoder refuses what it cannot put on the wire) {
  std::vector<uint8_t> out(256);
  auto fails = [&](net::director_osc cut, net::encode_error why, std::size_t capacity = 256) {
    return net::encode_director_message(cut, out.data(), capacity).error == why;
  };
  CAF_CHECK(fails({"mood", "dark", 1, 1, 0, ""}, net::encode_error::invalid_input));
  CAF_CHECK(fails({"camera", "", 1, 1, 0, ""}, net::encode_error::invalid_input));
  CAF_CHECK(fails({"camera", "wide", uint64_t{1} << 31, 1, 0, ""}, net::encode_error::invalid_input));
  CAF_CHECK(fails({"camera", "wide", 1, uint64_t{1} << 31, 0, ""}, net::encode_error::invalid_input));
  CAF_CHECK(fails({"camera", "wide", 1, 1, 0, "max-shot"}, net::encode_error::buffer_too_small, 16));
  CAF_CHECK(net::director_address("mood").empty());
}
