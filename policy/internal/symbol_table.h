// Interned names (agency ids, groups, countries, routes, indicators) of one compiled policy:
// rules refer to small integer ids, so matching compares integers and indexes bitset rows.
// Immutable after compilation; lookups are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace rilon::policy::internal {

class SymbolTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  // The id of `name`, adding it when new. Ids are dense: 0, 1, 2, ...
  uint32_t Add(std::string_view name) {
    auto [it, inserted] = ids_.try_emplace(std::string(name), static_cast<uint32_t>(names_.size()));
    if (inserted) names_.emplace_back(name);
    return it->second;
  }

  uint32_t Find(std::string_view name) const {
    auto it = ids_.find(absl::string_view(name.data(), name.size()));
    return it == ids_.end() ? kNotFound : it->second;
  }

  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  absl::flat_hash_map<std::string, uint32_t> ids_;
  std::vector<std::string> names_;
};

}  // namespace rilon::policy::internal
