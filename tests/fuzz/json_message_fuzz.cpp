// Fuzz target for the JSON of the inspection protocol's `send NAME JSON`:
// the text goes through Boost.JSON's parser and message_from_json, as the
// `send` command does. Asserted: a message comes out with exactly one
// element, which renders field by field, or an error text says why not.

#include <string>
#include <variant>

#include <boost/json.hpp>

#include "system/messages/json_messages.hpp"
#include "system/messages/type_ids.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const boost::json::string_view text{reinterpret_cast<const char*>(data), size};
  boost::system::error_code err;
  const auto json = boost::json::parse(text, err);
  if (err)
    return 0;
  const auto msg = lume::message_from_json(json);
  if (const auto* error = std::get_if<std::string>(&msg)) {
    FUZZ_CHECK(!error->empty());
    return 0;
  }
  const auto& message = std::get<caf::message>(msg);
  FUZZ_CHECK(message.size() == 1);
  // Rendering visits every field (through the types' inspect functions).
  FUZZ_CHECK(!caf::to_string(message).empty());
  return 0;
}
