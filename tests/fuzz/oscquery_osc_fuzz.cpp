// Fuzz target for OSCQuery's OSC_PORT: every datagram of the input (records
// `u16 LE length | bytes`) through decode_osc_single (liblo), as the
// receive thread decodes it, and each decoded write judged by
// write_refusal against an address space like a live node's, as the actor
// judges it. Asserted: a refusal is one of the counted reasons; a decoded
// float, int or string, encoded again by the encoders the LISTEN stream
// uses, decodes to the same path, tag and value bits; a write that is taken
// goes to a writable method of its type with a finite number within RANGE
// and a string among VALS.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <variant>

#include "actors/oscquery/oscquery_request.hpp"
#include "net/osc_message.hpp"
#include "tests/fuzz/datagram_records.hpp"
#include "tests/fuzz/fuzz_check.hpp"
#include "tests/fuzz/oscquery_namespace_fixture.hpp"

namespace {

using namespace lume;

void check_round_trip(const net::osc_single& x) {
  std::string again;
  if (x.tag == 'f')
    again = net::encode_osc_float(x.path, static_cast<float>(x.number));
  else if (x.tag == 'i')
    again = net::encode_osc_int(x.path, static_cast<std::int32_t>(x.number));
  else if (x.tag == 's')
    again = net::encode_osc_string(x.path, x.text);
  else
    return;
  const auto back = net::decode_osc_single(reinterpret_cast<const std::uint8_t*>(again.data()),
                                           again.size());
  const auto* y = std::get_if<net::osc_single>(&back);
  FUZZ_CHECK(y != nullptr);
  FUZZ_CHECK(y->path == x.path && y->tag == x.tag && y->text == x.text);
  FUZZ_CHECK(std::memcmp(&y->number, &x.number, sizeof x.number) == 0);
}

void check_write(const oscquery_namespace& space, const net::osc_single& x) {
  const char* why = write_refusal(space, x.path, x.tag, x.number, x.text);
  if (why) {
    const std::string reason{why};
    FUZZ_CHECK(reason == "unknown_path" || reason == "read_only" || reason == "wrong_type" ||
               reason == "not_finite" || reason == "out_of_range");
    return;
  }
  const auto* m = space.find(x.path);
  FUZZ_CHECK(m != nullptr && m->writable());
  FUZZ_CHECK(x.is_text() == (m->type == 's'));
  if (!x.is_text())
    FUZZ_CHECK(std::isfinite(x.number));
  if (m->range)
    FUZZ_CHECK(x.number >= m->range->first && x.number <= m->range->second);
  if (!m->vals.empty())
    FUZZ_CHECK(std::find(m->vals.begin(), m->vals.end(), x.text) != m->vals.end());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const oscquery_namespace space = fuzz::oscquery_fixture();
  for (const auto& datagram : fuzz::split_records(data, size)) {
    const auto decoded = net::decode_osc_single(datagram.data, datagram.size);
    if (const auto* why = std::get_if<std::string>(&decoded)) {
      FUZZ_CHECK(*why == "malformed" || *why == "bundle" || *why == "argument_count" ||
                 *why == "argument_type");
      continue;
    }
    const auto& x = std::get<net::osc_single>(decoded);
    FUZZ_CHECK(!x.path.empty() && x.path[0] == '/');
    check_round_trip(x);
    check_write(space, x);
  }
  return 0;
}
