// BOOST_ASSERT's handler in the http_request fuzz target (compiled with
// BOOST_ENABLE_ASSERT_HANDLER, so Boost's assertions stay on as in the rest
// of the fuzz build): a failed assertion aborts, as assert() would, except
// one that Beast itself found wrong. Production builds compile every
// BOOST_ASSERT out (-DNDEBUG); this build keeps them to catch a library's
// broken invariant before it turns into a bad read.
//
// The exception: Boost <= 1.85's basic_parser::parse_chunk_header asserts
// `n >= 5` when it re-enters a final chunk whose trailer had not arrived
// yet. Five bytes are "\r\n0\r\n"; a final chunk that is the body's first
// chunk has no CRLF before it, so "0\r\n" then one more byte is n == 4, a
// valid state that the code after the assertion parses correctly (it looks
// for the end of the trailer within the n bytes and asks for more).
// boostorg/beast PR #2861 (May 2024) corrected the assertion to n >= 3 in
// that case; the `n >= 3` assertion a few lines below stays checked here.

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <boost/assert.hpp>
#include <boost/version.hpp>

namespace {

bool ends_with(const char* text, const char* tail) {
  const auto n = std::strlen(text);
  const auto m = std::strlen(tail);
  return n >= m && std::strcmp(text + n - m, tail) == 0;
}

/// True for the one assertion Beast corrected upstream (see above).
bool known_wrong(const char* expr, const char* file) {
#if BOOST_VERSION < 108600
  return std::strcmp(expr, "n >= 5") == 0
         && ends_with(file, "boost/beast/http/impl/basic_parser.ipp");
#else
  (void) expr;
  (void) file;
  return false;
#endif
}

} // namespace

namespace boost {

void assertion_failed(const char* expr, const char* function, const char* file, long line) {
  if (known_wrong(expr, file))
    return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
  std::abort();
}

void assertion_failed_msg(const char* expr, const char* msg, const char* function,
                          const char* file, long line) {
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed: %s\n", file, line, function, expr,
               msg);
  std::abort();
}

} // namespace boost
