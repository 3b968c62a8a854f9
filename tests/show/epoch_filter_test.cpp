#define CAF_SUITE show.epoch_filter
#include <caf/test/unit_test.hpp>

#include "actors/show/epoch_filter.hpp"

using lume::epoch_filter;

CAF_TEST(fresh outputs pass and stale epochs and repeated seqs are dropped) {
  epoch_filter f;
  CAF_CHECK(f.fresh(1, 1));
  CAF_CHECK(f.fresh(1, 2));
  CAF_CHECK(f.admit(1, 2) == epoch_filter::verdict::repeated_seq);
  // The successor resumes from a checkpoint: its first seq is new.
  CAF_CHECK(f.fresh(2, 3));
  // The old incarnation, still talking after a healed partition.
  CAF_CHECK(f.admit(1, 4) == epoch_filter::verdict::stale_epoch);
  // A successor that resends the predecessor's last decision.
  CAF_CHECK(f.fresh(3, 4));
  CAF_CHECK(f.admit(4, 4) == epoch_filter::verdict::repeated_seq);
  CAF_CHECK(f.fresh(4, 5));
  CAF_CHECK_EQUAL(f.epoch(), 4u);
  CAF_CHECK_EQUAL(f.seq(), 5u);
  CAF_CHECK_EQUAL(f.stale(), 1u);
  CAF_CHECK_EQUAL(f.repeated(), 2u);
}

CAF_TEST(out of order seqs within the window pass once) {
  epoch_filter f;
  CAF_CHECK(f.fresh(1, 4));
  CAF_CHECK(f.fresh(1, 7));
  // Decided before 7, landing after it.
  CAF_CHECK(f.fresh(1, 5));
  CAF_CHECK(f.admit(1, 5) == epoch_filter::verdict::repeated_seq);
  CAF_CHECK(f.admit(1, 4) == epoch_filter::verdict::repeated_seq);
  CAF_CHECK(f.fresh(1, 6));
  CAF_CHECK(f.fresh(1, 100));
  // Older than the window: taken as a repeat.
  CAF_CHECK(f.admit(1, 30) == epoch_filter::verdict::repeated_seq);
  CAF_CHECK(f.fresh(1, 40));
  CAF_CHECK_EQUAL(f.seq(), 100u);
  CAF_CHECK_EQUAL(f.repeated(), 3u);
}

CAF_TEST(a newer epoch far below the window numbers from scratch) {
  epoch_filter f;
  CAF_CHECK(f.fresh(1, 500));
  // The same epoch that far back is a repeat; a newer one restarted.
  CAF_CHECK(f.admit(1, 3) == epoch_filter::verdict::repeated_seq);
  CAF_CHECK(f.fresh(2, 1));
  CAF_CHECK(f.fresh(2, 2));
  CAF_CHECK(f.admit(2, 1) == epoch_filter::verdict::repeated_seq);
  CAF_CHECK(f.admit(1, 501) == epoch_filter::verdict::stale_epoch);
  CAF_CHECK_EQUAL(f.seq(), 2u);
}
