#include "node/records/part_digest.h"

namespace rilon::records {

PartHasher::PartHasher() = default;

PartHasher::~PartHasher() = default;

std::string PartHasher::Digest(std::string_view path, std::string_view salt,
                               std::string_view value) {
  static constexpr std::string_view kSeparator{"\0", 1};
  return hasher_.Update(kPartDigestContext)
      .Update(path)
      .Update(kSeparator)
      .Update(salt)
      .Update(value)
      .Finish();
}

}  // namespace rilon::records
