// TEST-ONLY raw access to a closed store's RocksDB directory, so that tests can forge on-disk
// states that this version of rilond never writes (a newer schema version, a column family from a
// newer rilond) without including RocksDB themselves: rocksdb_record_store.cc stays the only
// translation unit that does. Never called by production code.
//
// Usage:
//   { auto store = RecordStore::Open({.data_dir = dir}); }   // create, then close
//   ASSERT_OK(internal::PutMetaValue(dir, schema::kMetaSchemaVersionKey, EncodeBigEndian32(2)));
//   EXPECT_EQ(RecordStore::Open({.data_dir = dir}).status().code(), kFailedPrecondition);
//
// Contract: the directory must hold an existing store that no process has open; each call opens
// it with all its column families, makes one synced write, and closes it.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace rilon::store::internal {

// Writes key -> value into the meta column family.
absl::Status PutMetaValue(const std::string& data_dir, std::string_view key,
                          std::string_view value);

// Adds an (empty) column family with the given name.
absl::Status AddColumnFamily(const std::string& data_dir, std::string_view name);

// Drops the column family with the given name and its data (e.g. to forge a schema-version-1
// store, which had no "successors").
absl::Status DropColumnFamily(const std::string& data_dir, std::string_view name);

}  // namespace rilon::store::internal
