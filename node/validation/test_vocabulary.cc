#include "node/validation/test_vocabulary.h"

#include <cstdlib>
#include <iostream>

#include "node/validation/codebook_loader.h"
#include "node/validation/screening/test_support.h"

namespace rilon::validation::testing {

std::string ShippedCodebookDir() { return screening::testing::SourcePath("deploy/codebook"); }

const ReportVocabulary& ShippedVocabulary() {
  static const ReportVocabulary* vocabulary = [] {
    absl::StatusOr<ReportVocabulary> loaded = LoadReportVocabulary(ShippedCodebookDir());
    if (!loaded.ok()) {
      std::cerr << "the shipped codebook does not load: " << loaded.status() << "\n";
      std::abort();
    }
    return new ReportVocabulary(std::move(*loaded));
  }();
  return *vocabulary;
}

}  // namespace rilon::validation::testing
