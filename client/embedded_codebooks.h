// The indicator codebooks this rilon was built with: deploy/codebook/codebook-v*.textproto,
// embedded at build time (client/embed_codebooks.cmake), for `rilon report template`. A node may
// know newer versions than the client; a template of the newest version embedded here is
// accepted by every node of the same release or later (published versions never change).
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rilon/codebook/v1/codebook.pb.h"

namespace rilon::client {

struct EmbeddedFile {
  std::string_view name;  // e.g. "codebook-v1.textproto"
  std::string_view text;
};

// Every embedded codebook file (defined in the generated embedded_codebook_files.cc).
const std::vector<EmbeddedFile>& EmbeddedCodebookFiles();

// The embedded codebook with the highest version (compared as numbers). INTERNAL when none is
// embedded or one does not parse: the build is broken.
absl::StatusOr<rilon::codebook::v1::Codebook> NewestEmbeddedCodebook();

}  // namespace rilon::client
