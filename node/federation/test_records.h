// Test-only: records with a real, decodable body (origin, sequence, marking, audience) and filler
// signatures, for tests of federation code that reads a real store (the store does not verify
// signatures).
//
// Example:
//   store->Append({TestRecord("au.abf", 1, {"id.polri"})});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "node/store/record_store.h"

namespace rilon::federation::testing {

store::NewRecord TestRecord(const std::string& origin, uint64_t seq,
                            const std::vector<std::string>& audience,
                            rilon::v1::Marking marking = rilon::v1::TLP_AMBER,
                            const std::string& received_from = "");

}  // namespace rilon::federation::testing
