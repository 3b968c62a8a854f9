// lume-netem: netem's delay, jitter and reordering for a kernel without
// netem, through an NFQUEUE queue (tests/chaos, docs/reliability.md "Chaos").
//
//   lume-netem --queue N [--delay MS] [--jitter MS] [--reorder PCT] [--seed N]
//
// Binds queue N in the network namespace it runs in (iptables ... -j NFQUEUE
// --queue-num N sends packets there), takes each packet's metadata only,
// holds it DELAY ± JITTER ms (uniform, from the seeded generator) or, for the
// REORDER share, lets it through at once, and gives its NF_ACCEPT verdict
// when it is due. One thread: ppoll on the netlink socket and a signalfd,
// woken for the earliest due packet (release_schedule's min-heap).
// Prints `lume-netem queue=N ready ...` once bound. On SIGTERM or SIGINT it
// accepts every packet still held and prints its counters; exits 0.
// Exit 2: bad arguments; 1: the queue cannot be bound.
#include "netem_schedule.hpp"

// glibc's <arpa/inet.h> before the kernel's <linux/netfilter.h> (NF_ACCEPT):
// the other order defines struct in_addr twice.
#include <arpa/inet.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <string>
#include <string_view>

#include <poll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using lume::netem::clock;
using lume::netem::release_schedule;
using lume::netem::schedule_options;

constexpr const char* usage
  = "usage: lume-netem --queue N [--delay MS] [--jitter MS] [--reorder PCT] [--seed N]\n"
    "  --queue N      NFQUEUE queue number to bind (0-65535; required)\n"
    "  --delay MS     hold each packet MS ms (0-60000, default 0)\n"
    "  --jitter MS    plus or minus up to MS ms, uniform (0-60000, default 0)\n"
    "  --reorder PCT  let PCT % through at once, the others wait (0-100; needs --delay)\n"
    "  --seed N       seed of the generator (default 1): the same seed, the same choices\n";

// The kernel holds this many packets for the queue; beyond it they pass
// (fail-open) rather than being dropped: this tool delays, it does not lose.
constexpr std::uint32_t kernel_queue_max = 8192;
// Messages read per wakeup before due packets are released again.
constexpr int reads_per_wakeup = 64;

struct options {
  long queue = -1;
  schedule_options schedule;
};

struct bad_argument {
  std::string what;
};

long parse_integer(std::string_view flag, std::string_view text, long lo, long hi) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
    throw bad_argument{std::string(flag) + " takes an integer, not '" + std::string(text) + "'"};
  if (value < lo || value > hi)
    throw bad_argument{std::string(flag) + " " + std::string(text) + " is out of range ("
                       + std::to_string(lo) + "-" + std::to_string(hi) + ")"};
  return value;
}

options parse_options(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::fputs(usage, stdout);
      std::exit(0);
    }
    if (flag != "--queue" && flag != "--delay" && flag != "--jitter" && flag != "--reorder"
        && flag != "--seed")
      throw bad_argument{"unknown argument '" + std::string(flag) + "'"};
    if (i + 1 >= argc)
      throw bad_argument{std::string(flag) + " needs a value"};
    std::string_view value = argv[++i];
    if (flag == "--queue")
      o.queue = parse_integer(flag, value, 0, 65535);
    else if (flag == "--delay")
      o.schedule.delay = std::chrono::milliseconds(parse_integer(flag, value, 0, 60000));
    else if (flag == "--jitter")
      o.schedule.jitter = std::chrono::milliseconds(parse_integer(flag, value, 0, 60000));
    else if (flag == "--reorder")
      o.schedule.reorder_percent = static_cast<unsigned>(parse_integer(flag, value, 0, 100));
    else
      o.schedule.seed = static_cast<std::uint64_t>(
        parse_integer(flag, value, 0, std::numeric_limits<long>::max()));
  }
  if (o.queue < 0)
    throw bad_argument{"--queue N is required"};
  if (o.schedule.reorder_percent > 0 && o.schedule.delay.count() == 0)
    throw bad_argument{"--reorder needs a --delay (what would the others wait for?)"};
  return o;
}

/// What goes wrong outside the schedule, counted, never fatal.
struct queue_counters {
  std::uint64_t malformed = 0;      ///< messages the library refused (an error reply from
                                    ///< the kernel too), or without a packet id
  std::uint64_t overruns = 0;       ///< ENOBUFS: the kernel had more than the socket held
  std::uint64_t read_errors = 0;    ///< other recv errors
  std::uint64_t verdict_errors = 0; ///< a verdict the kernel refused (packet already gone)
};

struct queue_context {
  release_schedule* schedule = nullptr;
  nfq_q_handle* queue = nullptr;
  queue_counters* counters = nullptr;
};

void accept_packet(const queue_context& ctx, std::uint32_t id) {
  if (nfq_set_verdict(ctx.queue, id, NF_ACCEPT, 0, nullptr) < 0)
    ++ctx.counters->verdict_errors;
}

int on_packet(nfq_q_handle*, nfgenmsg*, nfq_data* data, void* user) {
  auto& ctx = *static_cast<queue_context*>(user);
  const nfqnl_msg_packet_hdr* header = data ? nfq_get_msg_packet_hdr(data) : nullptr;
  if (header == nullptr) {
    ++ctx.counters->malformed;
    return 0;
  }
  ctx.schedule->admit(ntohl(header->packet_id), header->hook, clock::now(),
                      [&ctx](std::uint32_t id) { accept_packet(ctx, id); });
  return 0;
}

timespec until(clock::time_point due) {
  auto left = due - clock::now();
  if (left.count() < 0)
    left = clock::duration::zero();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
  return timespec{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

/// An acknowledgment (an error message with error 0). The one for the exit's
/// configuration message can come late: libnfnetlink's query stops reading
/// at the first packet it hands the callback, and the ack follows.
bool is_ack(const char* buffer, ssize_t n) {
  if (n < static_cast<ssize_t>(NLMSG_LENGTH(sizeof(nlmsgerr))))
    return false;
  nlmsghdr header{};
  nlmsgerr error{};
  std::memcpy(&header, buffer, sizeof header);
  std::memcpy(&error, buffer + NLMSG_HDRLEN, sizeof error);
  return header.nlmsg_type == NLMSG_ERROR && error.error == 0;
}

/// Reads what the socket holds (up to reads_per_wakeup messages); how many
/// messages it read.
int read_packets(nfq_handle* handle, int fd, queue_counters& counters) {
  // Metadata only (NFQNL_COPY_META): a message is a few hundred bytes.
  alignas(8) static char buffer[65536];
  int messages = 0;
  for (int i = 0; i < reads_per_wakeup; ++i) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        break;
      if (errno == ENOBUFS)
        ++counters.overruns;
      else
        ++counters.read_errors;
      continue;
    }
    if (n == 0)
      break;
    ++messages;
    if (is_ack(buffer, n))
      continue;
    errno = 0;
    if (nfq_handle_packet(handle, buffer, static_cast<int>(n)) < 0) {
      // The first few are told (which message, which error): a count alone
      // would not say whether the kernel refused a verdict or sent garbage.
      if (++counters.malformed <= 5) {
        nlmsghdr header{};
        std::memcpy(&header, buffer, std::min(sizeof header, static_cast<std::size_t>(n)));
        std::fprintf(stderr, "lume-netem: a message the library refused: %zd bytes, type %u: %s\n",
                     n, header.nlmsg_type, errno != 0 ? std::strerror(errno) : "no error given");
      }
    }
  }
  return messages;
}

int run(const options& o) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  if (sigprocmask(SIG_BLOCK, &signals, nullptr) < 0) {
    std::fprintf(stderr, "lume-netem: cannot block SIGTERM/SIGINT: %s\n", std::strerror(errno));
    return 1;
  }
  const int sfd = signalfd(-1, &signals, SFD_CLOEXEC);
  if (sfd < 0) {
    std::fprintf(stderr, "lume-netem: signalfd: %s\n", std::strerror(errno));
    return 1;
  }

  nfq_handle* handle = nfq_open();
  if (handle == nullptr) {
    std::fprintf(stderr, "lume-netem: cannot open a netfilter queue socket: %s "
                 "(root? CONFIG_NETFILTER_NETLINK_QUEUE?)\n", std::strerror(errno));
    return 1;
  }
  release_schedule schedule(o.schedule);
  queue_counters counters;
  queue_context ctx{&schedule, nullptr, &counters};
  ctx.queue = nfq_create_queue(handle, static_cast<std::uint16_t>(o.queue), &on_packet, &ctx);
  if (ctx.queue == nullptr) {
    std::fprintf(stderr, "lume-netem: cannot bind queue %ld: %s (another program holds it?)\n",
                 o.queue, std::strerror(errno));
    nfq_close(handle);
    return 1;
  }
  if (nfq_set_mode(ctx.queue, NFQNL_COPY_META, 0) < 0) {
    std::fprintf(stderr, "lume-netem: cannot set queue %ld to metadata only: %s\n", o.queue,
                 std::strerror(errno));
    nfq_destroy_queue(ctx.queue);
    nfq_close(handle);
    return 1;
  }
  // Best effort: a longer kernel queue that passes what does not fit, and
  // GSO packets whole (no payload is read, so no need to segment them).
  nfq_set_queue_maxlen(ctx.queue, kernel_queue_max);
  const bool fail_open = nfq_set_queue_flags(ctx.queue, NFQA_CFG_F_FAIL_OPEN | NFQA_CFG_F_GSO,
                                             NFQA_CFG_F_FAIL_OPEN | NFQA_CFG_F_GSO)
                         == 0;
  nfnl_rcvbufsiz(nfq_nfnlh(handle), 4 << 20);
  const int fd = nfq_fd(handle);

  std::printf("lume-netem queue=%ld ready delay=%lld jitter=%lld reorder=%u seed=%llu\n", o.queue,
              static_cast<long long>(o.schedule.delay.count()),
              static_cast<long long>(o.schedule.jitter.count()), o.schedule.reorder_percent,
              static_cast<unsigned long long>(o.schedule.seed));
  std::fflush(stdout);

  const auto accept = [&ctx](std::uint32_t id) { accept_packet(ctx, id); };
  int stop_signal = 0;
  int rc = 0;
  while (stop_signal == 0) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {sfd, POLLIN, 0}};
    const auto due = schedule.next_due();
    timespec timeout{};
    if (due)
      timeout = until(*due);
    const int ready = ppoll(fds, 2, due ? &timeout : nullptr, nullptr);
    if (ready < 0 && errno != EINTR) {
      std::fprintf(stderr, "lume-netem: poll: %s\n", std::strerror(errno));
      rc = 1;
      break;
    }
    if (ready > 0 && (fds[1].revents & POLLIN)) {
      signalfd_siginfo info{};
      if (read(sfd, &info, sizeof info) == static_cast<ssize_t>(sizeof info))
        stop_signal = static_cast<int>(info.ssi_signo);
    }
    if (ready > 0 && (fds[0].revents & (POLLIN | POLLERR)))
      read_packets(handle, fd, counters);
    schedule.release_due(clock::now(), accept);
  }
  // The exit loses nothing: the kernel drops what is still queued when the
  // queue is unbound. So first a queue of length 0, which a fail-open queue
  // passes packets by, then every packet held or still in the socket goes.
  if (fail_open)
    nfq_set_queue_maxlen(ctx.queue, 0);
  do
    schedule.release_all(accept);
  while (read_packets(handle, fd, counters) > 0);
  schedule.release_all(accept);

  const auto& c = schedule.counters();
  std::printf("lume-netem queue=%ld stopped signal=%d received=%llu held=%llu immediate=%llu "
              "released=%llu reordered=%llu flushed=%llu late=%llu worst_late_us=%lld "
              "malformed=%llu overruns=%llu read_errors=%llu verdict_errors=%llu\n",
              o.queue, stop_signal, static_cast<unsigned long long>(c.received),
              static_cast<unsigned long long>(c.held),
              static_cast<unsigned long long>(c.immediate),
              static_cast<unsigned long long>(c.released),
              static_cast<unsigned long long>(c.reordered),
              static_cast<unsigned long long>(c.flushed),
              static_cast<unsigned long long>(c.late), static_cast<long long>(c.worst_late_us),
              static_cast<unsigned long long>(counters.malformed),
              static_cast<unsigned long long>(counters.overruns),
              static_cast<unsigned long long>(counters.read_errors),
              static_cast<unsigned long long>(counters.verdict_errors));
  std::fflush(stdout);
  nfq_destroy_queue(ctx.queue);
  nfq_close(handle);
  return rc;
}

} // namespace

int main(int argc, char** argv) {
  options o;
  try {
    o = parse_options(argc, argv);
  } catch (const bad_argument& e) {
    std::fprintf(stderr, "lume-netem: %s\n%s", e.what.c_str(), usage);
    return 2;
  }
  return run(o);
}
