#define CAF_SUITE system.command_line
#include <caf/test/unit_test.hpp>

#include "system/inspect/command_line.hpp"

using namespace lume;

CAF_TEST(lines are cut at newlines whatever the reads) {
  line_splitter splitter{16};
  std::vector<std::string> lines;
  CAF_CHECK(splitter.append("hel", 3, lines));
  CAF_CHECK(lines.empty());
  CAF_CHECK(splitter.append("p\r\nclock\n\ntr", 12, lines));
  CAF_CHECK_EQUAL(lines, (std::vector<std::string>{"help", "clock", ""}));
  CAF_CHECK_EQUAL(splitter.pending(), 2u);
}

CAF_TEST(a line over the limit cuts the client off) {
  std::vector<std::string> lines;
  line_splitter unfinished{8};
  CAF_CHECK(unfinished.append("12345678", 8, lines));
  CAF_CHECK(!unfinished.append("9", 1, lines));
  // Also when the whole line arrives in one read.
  line_splitter whole{8};
  CAF_CHECK(!whole.append("ok\n123456789\n", 13, lines));
  CAF_CHECK_EQUAL(lines, std::vector<std::string>{"ok"});
}

CAF_TEST(send keeps its JSON whole) {
  auto command = split_command("  send  mapper {\"type\": \"music_params\"}  ");
  CAF_CHECK_EQUAL(command.word, "send");
  CAF_CHECK_EQUAL(command.args,
                  (std::vector<std::string>{"mapper", "{\"type\": \"music_params\"}  "}));
  command = split_command("trace\tmapper 5");
  CAF_CHECK_EQUAL(command.word, "trace");
  CAF_CHECK_EQUAL(command.args, (std::vector<std::string>{"mapper", "5"}));
}

CAF_TEST(counts are digits within their bound) {
  CAF_CHECK(parse_count("5", 10) == std::optional<std::uint64_t>{5});
  CAF_CHECK(parse_count("0010", 10) == std::optional<std::uint64_t>{10});
  CAF_CHECK(parse_count("18446744073709551615", UINT64_MAX)
            == std::optional<std::uint64_t>{UINT64_MAX});
  // stoull took "-1" as 2^64 - 1, and a trace window of 10^10 s overflowed
  // the nanosecond timespan.
  for (auto bad : {"", "0", "-1", "+1", " 1", "1 ", "1x", "11", "18446744073709551616"})
    CAF_CHECK(parse_count(bad, 10) == std::nullopt);
  CAF_CHECK(parse_count("10000000000", 86400) == std::nullopt);
  CAF_CHECK(parse_count("7", 5) == std::nullopt);
}

CAF_TEST(numbers are finite and whole) {
  CAF_CHECK(parse_number("128.5") == std::optional<double>{128.5});
  CAF_CHECK(parse_number("-1e2") == std::optional<double>{-100});
  for (auto bad : {"", " 1", "1 ", "1x", "nan", "inf", "1e999", "0x"})
    CAF_CHECK(parse_number(bad) == std::nullopt);
}
