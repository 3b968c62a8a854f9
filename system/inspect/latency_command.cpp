#include <algorithm>
#include <sstream>

#include <boost/json.hpp>
#include <caf/make_message.hpp>

#include "system/inspect/commands.hpp"
#include "system/inspect/response.hpp"
#include "system/telemetry/latency_registry.hpp"

namespace lume::commands {

namespace {

boost::json::array latency_rows(const latency_registry& registry) {
  boost::json::array rows;
  for (auto& [hop, s] : registry.summaries())
    rows.push_back(boost::json::object{{"hop", hop},
                                       {"count", s.count},
                                       {"p50_us", s.p50_us},
                                       {"p99_us", s.p99_us},
                                       {"max_us", s.max_us},
                                       {"mean_us", s.mean_us},
                                       {"negative", s.negative}});
  return rows;
}

std::string latency_table(const boost::json::array& rows) {
  static const char* columns[] = {"hop", "count", "p50_us", "p99_us", "max_us"};
  std::vector<std::vector<std::string>> cells;
  cells.emplace_back(std::begin(columns), std::end(columns));
  for (auto& row : rows) {
    auto& obj = row.as_object();
    std::vector<std::string> line;
    line.emplace_back(obj.at("hop").as_string().c_str());
    for (size_t i = 1; i < std::size(columns); ++i)
      line.push_back(boost::json::serialize(obj.at(columns[i])));
    cells.push_back(std::move(line));
  }
  std::vector<size_t> widths(std::size(columns), 0);
  for (auto& line : cells)
    for (size_t i = 0; i < line.size(); ++i)
      widths[i] = std::max(widths[i], line[i].size());
  std::ostringstream out;
  for (auto& line : cells) {
    for (size_t i = 0; i < line.size(); ++i) {
      if (i == 0)
        out << line[i] << std::string(widths[i] - line[i].size() + 2, ' ');
      else
        out << std::string(widths[i] - line[i].size(), ' ') << line[i] << "  ";
    }
    out << '\n';
  }
  return out.str();
}

} // namespace

caf::result<std::string> latency(inspector_self self, const args& xs) {
  auto& registry = self->state.ctx->latency;
  if (!registry)
    return error_response("this node records no latencies");
  if (!xs.empty() && xs[0] == "reset") {
    registry->reset();
    return ok_response("latency histograms reset");
  }
  if (!xs.empty() && xs[0] != "--json")
    return error_response("usage: latency [--json | reset]");
  auto rows = latency_rows(*registry);
  if (!xs.empty())
    return ok_response(boost::json::serialize(rows) + "\n", rows);
  return ok_response(latency_table(rows), rows);
}

} // namespace lume::commands
