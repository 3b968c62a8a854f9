#include "actors/catalog.hpp"

#include "actors/ticker/ticker.hpp"

namespace lume {

std::shared_ptr<const kind_catalog> all_kinds() {
  auto kinds = std::make_shared<kind_catalog>();
  kinds->add(ticker_kind());
  return kinds;
}

} // namespace lume
