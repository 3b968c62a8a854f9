#pragma once

#include <filesystem>
#include <vector>

#include "tests/fuzz/seed_corpus.hpp"

namespace lume::fuzz {

/// Writes the seeds of the output half's targets (HTTP requests and bodies
/// of the bus, Strudel host messages, inference answers, OSCQuery) under
/// `root`: the requests and messages LUME's tests, its Node programs and
/// docs/protocols.md send, and answers made by LUME's own PNG and base64
/// encoders. Returns the corpora written.
std::vector<corpus> write_show_seeds(const std::filesystem::path& root);

} // namespace lume::fuzz
