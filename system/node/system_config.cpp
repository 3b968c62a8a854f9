#include "system/node/system_config.hpp"

#include <caf/io/middleman.hpp>

#include "system/config/node_config.hpp"
#include "system/errors.hpp"
#include "system/messages/type_ids.hpp"

namespace lume {

system_config::system_config() {
  add_lume_options(custom_options_);
  add_message_types<caf::id_block::lume>();
  add_error_category(caf::atom("lume"),
                     [](uint8_t code, caf::atom_value, const caf::message& context) {
                       auto text = "lume::" + to_string(static_cast<ec>(code));
                       if (context.match_elements<std::string>())
                         text += " (" + context.get_as<std::string>(0) + ")";
                       return text;
                     });
  load<caf::io::middleman>();
}

} // namespace lume
