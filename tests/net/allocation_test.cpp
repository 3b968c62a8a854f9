#define CAF_SUITE net.allocation
#include <caf/test/unit_test.hpp>

#include <vector>

#include "allocation_counter.hpp"
#include "net/lum_fragmenter.hpp"
#include "net/lum_reassembler.hpp"

using namespace lume::net;

CAF_TEST(fragmenting and reassembling a frame of a known size allocates nothing) {
  std::vector<std::uint8_t> payload(200000, 0x5A);
  std::vector<std::uint8_t> datagram(lum_max_datagram_size);
  lum_fragmenter fragmenter{lum_kind::depth};
  lum_reassembler reassembler{lum_kind::depth};
  auto send_frame = [&] {
    std::size_t completed = 0;
    auto frame = fragmenter.next_frame(payload.data(), payload.size(), 0);
    for (std::uint16_t i = 0; frame && i < frame->fragment_count(); ++i) {
      const auto written = frame->write_fragment(i, datagram.data(), datagram.size());
      completed += reassembler.push(datagram.data(), written.size).outcome
                   == lum_push_outcome::completed;
    }
    return completed;
  };
  CAF_REQUIRE_EQUAL(send_frame(), 1u); // the first frame sizes the slot
  const std::size_t before = lume::net::test::allocation_count();
  CAF_CHECK_EQUAL(send_frame(), 1u);
  CAF_CHECK_EQUAL(send_frame(), 1u);
  CAF_CHECK_EQUAL(lume::net::test::allocation_count() - before, 0u);
}
