// Test-only fault injection for the record store: a switch that makes every file write of an open
// store fail with "no space left on device", as a full disk would.
//
// Usage (tests only; production code leaves StoreOptions::fault_switch null):
//   auto faults = std::make_shared<rilon::store::FaultSwitch>();
//   StoreOptions options{.data_dir = dir, .fault_switch = faults};
//   auto store = RecordStore::Open(options);
//   faults->fail_writes = true;   // the next Append() returns UNAVAILABLE
//
// Contract: while fail_writes is true, the store's file system refuses appends, syncs and new
// writable files with ENOSPC semantics (RocksDB IOStatus::NoSpace); reads are unaffected. The flag
// may be flipped from any thread at any time. The store keeps a shared reference, so the switch
// outlives the store.
#pragma once

#include <atomic>

namespace rilon::store {

struct FaultSwitch {
  std::atomic<bool> fail_writes{false};
};

}  // namespace rilon::store
