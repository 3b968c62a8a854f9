#include "system/config/ini_document.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <sstream>

#include <caf/config_value.hpp>
#include <caf/detail/parser/read_ini.hpp>
#include <caf/parser_state.hpp>
#include <caf/string_view.hpp>

namespace lume {

namespace {

/// Shared by all consumers of one parse: where the parser is, and where each
/// key was seen.
struct line_tracker {
  const int32_t* line;
  std::map<std::string, int>* lines;
};

/// Builds CAF settings exactly like CAF's own INI consumer while recording
/// the line of every key. Works both as a map consumer (sections, `{...}`)
/// and as a list consumer (`[...]`), as read_ini expects.
class tracking_consumer {
public:
  tracking_consumer(line_tracker* tracker, caf::config_value* target,
                    std::string path, bool is_list)
    : tracker_(tracker), target_(target), path_(std::move(path)),
      is_list_(is_list) {
  }

  void key(std::string name) {
    key_ = std::move(name);
    tracker_->lines->emplace(child_path(), *tracker_->line);
  }

  template <class T>
  void value(T&& x) {
    put(caf::config_value{std::forward<T>(x)});
  }

  tracking_consumer begin_map() {
    auto path = child_path();
    auto* slot = existing_map();
    if (slot == nullptr)
      slot = &put(caf::config_value{caf::config_value::dictionary{}});
    return {tracker_, slot, std::move(path), false};
  }

  tracking_consumer begin_list() {
    auto path = child_path();
    auto& slot = put(caf::config_value{caf::config_value::list{}});
    return {tracker_, &slot, std::move(path), true};
  }

  void end_map() {
    // Values are stored as they arrive.
  }

  void end_list() {
    // Values are stored as they arrive.
  }

private:
  std::string child_path() const {
    if (is_list_)
      return path_ + '[' + std::to_string(caf::get<caf::config_value::list>(*target_).size()) + ']';
    return path_.empty() ? key_ : path_ + '.' + key_;
  }

  caf::config_value* existing_map() {
    if (is_list_)
      return nullptr;
    auto& dict = caf::get<caf::config_value::dictionary>(*target_);
    auto i = dict.find(key_);
    if (i != dict.end() && caf::holds_alternative<caf::config_value::dictionary>(i->second))
      return &i->second;
    return nullptr;
  }

  caf::config_value& put(caf::config_value&& x) {
    if (is_list_) {
      tracker_->lines->emplace(child_path(), *tracker_->line);
      auto& xs = caf::get<caf::config_value::list>(*target_);
      xs.emplace_back(std::move(x));
      return xs.back();
    }
    auto& slot = caf::get<caf::config_value::dictionary>(*target_)[key_];
    slot = std::move(x);
    return slot;
  }

  line_tracker* tracker_;
  caf::config_value* target_;
  std::string path_;
  bool is_list_;
  std::string key_;
};

/// Nanoseconds per unit of the duration suffix at `p` (CAF's: ns us ms s
/// min h); 0 if `p` starts no suffix.
int64_t duration_unit(const char* p, const char* end) {
  auto is = [&](const char* unit, size_t n) {
    return static_cast<size_t>(end - p) >= n && std::equal(unit, unit + n, p);
  };
  if (is("min", 3))
    return 60'000'000'000;
  if (is("ns", 2))
    return 1;
  if (is("us", 2))
    return 1'000;
  if (is("ms", 2))
    return 1'000'000;
  if (is("s", 1))
    return 1'000'000'000;
  if (is("h", 1))
    return 3'600'000'000'000;
  return 0;
}

/// The value of the digits of base `base` at `i` (advanced past them);
/// `huge` when it does not fit 64 bits.
uint64_t digits_at(const std::string& text, size_t& i, unsigned base, bool& huge) {
  uint64_t value = 0;
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    unsigned d;
    if (std::isdigit(c))
      d = c - '0';
    else if (base == 16 && std::isxdigit(c))
      d = static_cast<unsigned>(std::tolower(c) - 'a' + 10);
    else
      break;
    if (d >= base)
      break;
    huge = huge || value > (UINT64_MAX - d) / base;
    value = value * base + d;
  }
  return value;
}

/// The line of the first duration (outside strings and comments) whose
/// nanoseconds overflow CAF's timespan, in any of the integer forms CAF
/// reads (decimal, 0x hexadecimal, 0b binary, 0-led octal): CAF's parser
/// multiplies without checking (signed overflow), so such text never
/// reaches it.
int overflowing_duration_line(const std::string& text) {
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == ';') {
      while (i + 1 < text.size() && text[i + 1] != '\n')
        ++i;
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\')
          ++i;
        else if (text[i] == '\n')
          ++line;
      }
    } else if (std::isdigit(static_cast<unsigned char>(c))
               && (i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1]))
                               || text[i - 1] == '_' || text[i - 1] == '.'))) {
      bool huge = false;
      unsigned base = 10;
      const char next = i + 1 < text.size() ? text[i + 1] : '\0';
      if (c == '0' && (next == 'x' || next == 'X')) {
        base = 16;
        i += 2;
      } else if (c == '0' && (next == 'b' || next == 'B')) {
        base = 2;
        i += 2;
      } else if (c == '0' && std::isdigit(static_cast<unsigned char>(next))) {
        base = 8;
        ++i;
      }
      const uint64_t value = digits_at(text, i, base, huge);
      const int64_t ns = duration_unit(text.data() + i, text.data() + text.size());
      if (ns > 0 && (huge || value > static_cast<uint64_t>(INT64_MAX / ns)))
        return line;
      --i;
    }
  }
  return 0;
}

} // namespace

int ini_document::line_of(const std::string& key) const {
  for (auto k = key; !k.empty();) {
    if (auto i = lines.find(k); i != lines.end())
      return i->second;
    auto cut = k.find_last_of(".[");
    if (cut == std::string::npos)
      break;
    k.erase(cut);
  }
  return 0;
}

std::variant<ini_document, config_error>
parse_ini_document(std::string file, const std::string& text) {
  ini_document doc;
  doc.file = std::move(file);
  if (auto line = overflowing_duration_line(text); line > 0)
    return config_error{doc.file, line, "",
                        "duration out of range (at most 292 years, 9223372036 s)"};
  caf::string_view view{text};
  caf::string_parser_state ps{view.begin(), view.end()};
  line_tracker tracker{&ps.line, &doc.lines};
  caf::config_value root{caf::config_value::dictionary{}};
  tracking_consumer top{&tracker, &root, "", false};
  caf::detail::parser::read_ini(ps, top);
  if (ps.code != caf::pec::success)
    return config_error{doc.file, ps.line, "",
                        "syntax error at column " + std::to_string(ps.column)
                          + ": " + caf::to_string(ps.code)};
  doc.content = std::move(caf::get<caf::config_value::dictionary>(root));
  return doc;
}

std::variant<ini_document, config_error> read_ini_document(const std::string& path) {
  std::ifstream in{path};
  if (!in)
    return config_error{path, 0, "", "cannot open the config file"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_ini_document(path, text.str());
}

} // namespace lume
