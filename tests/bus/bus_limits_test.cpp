// The bus's limits in isolation, with time passed in: the token bucket, the
// per-address table (connections, rate, warnings once per interval) and
// the bearer token check (header or access_token, constant-time compare).
#include <iostream>
#include <string>

#include "net/http/bearer.hpp"
#include "net/http/client_table.hpp"
#include "net/token_bucket.hpp"

using namespace lume::net::http;
using lume::net::token_bucket;
using namespace std::chrono_literals;

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    ++failures;
    std::cerr << "FAIL: " << what << '\n';
  }
}

} // namespace

int main() {
  const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;

  token_bucket bucket{10, 5, t0};
  int taken = 0;
  while (bucket.take(t0))
    ++taken;
  check(taken == 5, "a full bucket gives its burst at once");
  check(!bucket.take(t0 + 50ms), "half a token after 50 ms at 10/s is none");
  check(bucket.take(t0 + 100ms), "one token after 100 ms at 10/s");
  check(!bucket.full(t0 + 300ms) && bucket.full(t0 + 600ms), "refills to the burst, no more");

  client_table table{{2, 10, 3, 1000ms}};
  check(table.connect("a", t0) == client_table::verdict::ok, "a's first connection");
  check(table.connect("a", t0) == client_table::verdict::ok, "a's second connection");
  check(table.connect("a", t0) == client_table::verdict::too_many_connections,
        "a's third connection is over per_address");
  check(table.connect("b", t0) == client_table::verdict::ok, "b has limits of its own");
  table.disconnect("a");
  check(table.connect("a", t0) == client_table::verdict::ok, "a closed one: room again");
  for (int i = 0; i < 3; ++i)
    check(table.request("b", t0), "b's burst");
  check(!table.request("b", t0), "b past its burst");
  table.disconnect("b");
  check(table.connect("b", t0) == client_table::verdict::rate_limited,
        "a new connection while b's bucket is empty is refused");
  std::uint64_t suppressed = 0;
  check(table.should_warn("b", t0, suppressed), "the first warning about b");
  check(!table.should_warn("b", t0 + 500ms, suppressed), "no second within the interval");
  check(!table.should_warn("b", t0 + 600ms, suppressed), "nor a third");
  check(table.should_warn("b", t0 + 1100ms, suppressed) && suppressed == 2,
        "the next after the interval, telling of the 2 held back");
  table.prune(t0 + 10s);
  check(table.size() == 1, "b (no connection, full bucket, quiet) is forgotten; a is kept");

  check(check_bearer("Bearer secreT", "", "secret") == bearer_check::wrong, "one byte differs");
  check(check_bearer("Bearer secret-and-more", "", "secret") == bearer_check::wrong,
        "a longer one");
  check(check_bearer("Bearer sec", "", "secret") == bearer_check::wrong, "a prefix");
  check(check_bearer("Bearer s3", "", "s3") == bearer_check::ok, "the header's token");
  check(check_bearer("Bearer s4", "", "s3") == bearer_check::wrong, "a wrong token");
  check(check_bearer("Basic s3", "", "s3") == bearer_check::missing, "another scheme");
  check(check_bearer("", "seq=2&access_token=s3", "s3") == bearer_check::ok,
        "access_token in the query");
  check(check_bearer("", "seq=2", "s3") == bearer_check::missing, "no token at all");
  check(check_bearer("Bearer s3", "", "") == bearer_check::no_token_configured,
        "nothing accepted without a configured token");
  if (failures == 0)
    std::cout << "bus limits test passed\n";
  return failures == 0 ? 0 : 1;
}
