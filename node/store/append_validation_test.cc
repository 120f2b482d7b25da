#include "node/store/append_validation.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "node/store/key_codec.h"
#include "node/store/store_test_util.h"

namespace rilon::store {
namespace {

using ::testing::HasSubstr;
using testing::MakeRecord;

TEST(AppendValidationTest, AcceptsWellFormedBatch) {
  std::vector<NewRecord> batch = {MakeRecord("au.abf", 1), MakeRecord("au.abf", 2),
                                  MakeRecord("id.polri", 1)};
  batch[0].request_key = "au.abf/req-1";
  batch[1].request_key = "au.abf/req-2";
  EXPECT_TRUE(ValidateAppendBatch(batch).ok());
  EXPECT_TRUE(ValidateAppendBatch({}).ok());
}

TEST(AppendValidationTest, ShapeErrorsAreInvalidArgument) {
  NewRecord short_id = MakeRecord("au.abf", 1);
  short_id.id.resize(31);
  absl::Status s = ValidateAppendBatch({short_id});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("31-byte id"));

  NewRecord no_origin = MakeRecord("au.abf", 1);
  no_origin.origin_agency.clear();
  EXPECT_EQ(ValidateAppendBatch({no_origin}).code(), absl::StatusCode::kInvalidArgument);

  NewRecord nul_origin = MakeRecord("au.abf", 1);
  nul_origin.origin_agency = std::string("au\0abf", 6);
  EXPECT_EQ(ValidateAppendBatch({nul_origin}).code(), absl::StatusCode::kInvalidArgument);

  NewRecord seq_zero = MakeRecord("au.abf", 1);
  seq_zero.origin_seq = 0;
  s = ValidateAppendBatch({seq_zero});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("origin_seq 0"));
}

TEST(AppendValidationTest, DuplicateIdInBatchIsAlreadyExists) {
  NewRecord a = MakeRecord("au.abf", 1);
  NewRecord b = MakeRecord("au.abf", 2);
  b.id = a.id;
  absl::Status s = ValidateAppendBatch({a, b});
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(s.message(), HasSubstr(Hex(a.id)));
}

TEST(AppendValidationTest, SameOriginSeqTwiceInBatchIsAborted) {
  absl::Status s =
      ValidateAppendBatch({MakeRecord("au.abf", 7), MakeRecord("au.abf", 7, 64, /*variant=*/1)});
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(s.message(), HasSubstr("origin au.abf seq 7"));
}

TEST(AppendValidationTest, PrefixOriginsWithSameSeqAreDistinct) {
  EXPECT_TRUE(ValidateAppendBatch({MakeRecord("au.ab", 1), MakeRecord("au.abf", 1)}).ok());
}

TEST(AppendValidationTest, DuplicateRequestKeyInBatchIsAlreadyExists) {
  NewRecord a = MakeRecord("au.abf", 1);
  NewRecord b = MakeRecord("au.abf", 2);
  a.request_key = b.request_key = "au.abf/req-9";
  absl::Status s = ValidateAppendBatch({a, b});
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(s.message(), HasSubstr("req-9"));
}

TEST(AppendValidationTest, ShapeIsCheckedBeforeDuplicates) {
  NewRecord a = MakeRecord("au.abf", 1);
  NewRecord bad = MakeRecord("au.abf", 2);
  bad.origin_seq = 0;
  EXPECT_EQ(ValidateAppendBatch({a, a, bad}).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rilon::store
