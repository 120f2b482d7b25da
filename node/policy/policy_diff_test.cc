// The dry run of a policy change over a real store: exactly the records whose receivers or form
// change are listed, with what each receiver gains or loses; limits; invalid policy text.
#include "node/policy/policy_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "node/federation/test_records.h"
#include "node/policy/policy_file_loader.h"
#include "node/records/envelope.h"
#include "node/store/store_test_util.h"

namespace rilon::policyfile {
namespace {

using federation::testing::TestRecord;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kHeader[] = R"(agencies: ["au.abf", "id.polri", "th.rtp"]
)";

// Old: GREEN to id.polri only; analysts read everything their marking allows.
constexpr char kOldRules[] = R"(rule {
  id: "green-to-polri"
  effect: ALLOW
  directions: [EGRESS]
  record { markings: [TLP_GREEN] }
  party { agencies: ["id.polri"] }
}
rule {
  id: "readers"
  effect: ALLOW
  directions: [READ]
  party { roles: [OFFICER, ANALYST] }
}
)";

// New: GREEN to id.polri in full and to th.rtp without narrative; officers only read.
constexpr char kNewRules[] = R"(rule {
  id: "green-to-polri"
  effect: ALLOW
  directions: [EGRESS]
  record { markings: [TLP_GREEN] }
  party { agencies: ["id.polri"] }
}
rule {
  id: "green-to-thailand"
  effect: ALLOW
  directions: [EGRESS]
  record { markings: [TLP_GREEN] }
  party { agencies: ["th.rtp"] }
  form { withhold_fields: ["narrative"] }
}
rule {
  id: "officers"
  effect: ALLOW
  directions: [READ]
  party { roles: [OFFICER] }
}
)";

std::shared_ptr<const policy::CompiledPolicy> Compile(const std::string& version,
                                                      const std::string& rules) {
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> compiled =
      CompilePolicyText("version: \"" + version + "\"\n" + kHeader + rules, version);
  EXPECT_TRUE(compiled.ok()) << compiled.status();
  return compiled.ok() ? *compiled : nullptr;
}

absl::StatusOr<std::optional<policy::RecordAttributes>> Attributes(
    const rilon::storage::v1::StoredRecord& s) {
  absl::StatusOr<rilon::v1::RecordBody> body = records::DecodeBody(s.signed_());
  if (!body.ok()) return body.status();
  policy::RecordAttributes a;
  a.kind = policy::RecordKind::kTrendReport;
  a.marking = static_cast<policy::Marking>(body->marking());
  a.origin_agency = body->origin_agency();
  a.audience.agencies.assign(body->audience().agencies().begin(),
                             body->audience().agencies().end());
  return a;
}

DiffReceiver Peer(const std::string& agency) {
  return {agency,
          [agency](const rilon::storage::v1::StoredRecord&, const policy::RecordAttributes&) {
            return policy::Request{
                policy::Direction::kEgress, {"au.abf", {}}, {agency, {}, policy::Role::kNode}};
          }};
}

DiffReceiver Reader(const std::string& name, policy::Role role) {
  return {name, [role](const rilon::storage::v1::StoredRecord&, const policy::RecordAttributes&) {
            return policy::Request{policy::Direction::kRead, {"au.abf", {}}, {"au.abf", {}, role}};
          }};
}

class PolicyDiffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<store::RecordStore>> opened =
        store::RecordStore::Open({.data_dir = dir_.path()});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    // 1: GREEN to both peers; 2: AMBER to both; 3: GREEN to id.polri only.
    records_ = {TestRecord("au.abf", 1, {"id.polri", "th.rtp"}, rilon::v1::TLP_GREEN),
                TestRecord("au.abf", 2, {"id.polri", "th.rtp"}, rilon::v1::TLP_AMBER),
                TestRecord("au.abf", 3, {"id.polri"}, rilon::v1::TLP_GREEN)};
    ASSERT_TRUE(store_->Append(records_).ok());
    old_ = Compile("old.1", kOldRules);
    new_ = Compile("new.1", kNewRules);
  }
  std::string Hex(int i) const { return records::RecordIdHex(records_[i].id); }
  DiffInputs Inputs(std::vector<DiffReceiver> receivers, size_t limit = 100) {
    return {old_.get(), new_.get(), std::move(receivers), Attributes, limit};
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::RecordStore> store_;
  std::vector<store::NewRecord> records_;
  std::shared_ptr<const policy::CompiledPolicy> old_, new_;
};

TEST_F(PolicyDiffTest, ListsExactlyTheRecordsWhosePeersChange) {
  absl::StatusOr<rilon::v1::DiffPolicyResponse> diff =
      DiffPolicies(*store_, Inputs({Peer("id.polri"), Peer("th.rtp")}));
  ASSERT_TRUE(diff.ok()) << diff.status();
  EXPECT_EQ(diff->old_version(), "old.1");
  EXPECT_EQ(diff->new_version(), "new.1");
  EXPECT_THAT(diff->receivers(), ElementsAre("id.polri", "th.rtp"));
  EXPECT_EQ(diff->records_examined(), 3u);
  // Only record 1: GREEN with th.rtp in its audience. The AMBER one is allowed by neither, and
  // record 3's audience (the ceiling) keeps th.rtp out under both.
  ASSERT_EQ(diff->records_changed(), 1u);
  ASSERT_EQ(diff->changes_size(), 1);
  const rilon::v1::PolicyRecordChange& change = diff->changes(0);
  EXPECT_EQ(change.record_id(), Hex(0));
  EXPECT_EQ(change.origin_agency(), "au.abf");
  EXPECT_EQ(change.origin_seq(), 1u);
  EXPECT_EQ(change.marking(), rilon::v1::TLP_GREEN);
  EXPECT_THAT(change.gained(), ElementsAre("th.rtp"));
  EXPECT_THAT(change.lost(), IsEmpty());
  EXPECT_FALSE(diff->truncated());
}

TEST_F(PolicyDiffTest, ReadersLostAndFormChanges) {
  // Swap the policies: th.rtp is lost; analysts gain; id.polri unchanged.
  DiffInputs inputs =
      Inputs({Peer("id.polri"), Peer("th.rtp"), Reader("reader:officer", policy::Role::kOfficer),
              Reader("reader:analyst", policy::Role::kAnalyst)});
  std::swap(inputs.old_policy, inputs.new_policy);
  absl::StatusOr<rilon::v1::DiffPolicyResponse> diff = DiffPolicies(*store_, inputs);
  ASSERT_TRUE(diff.ok()) << diff.status();
  // Analysts gain every record (3); record 1 also loses th.rtp.
  ASSERT_EQ(diff->records_changed(), 3u);
  EXPECT_THAT(diff->changes(0).gained(), ElementsAre("reader:analyst"));
  EXPECT_THAT(diff->changes(0).lost(), ElementsAre("th.rtp"));
  EXPECT_THAT(diff->changes(1).gained(), ElementsAre("reader:analyst"));
  EXPECT_THAT(diff->changes(1).lost(), IsEmpty());
}

TEST_F(PolicyDiffTest, FormChangeIsReported) {
  std::shared_ptr<const policy::CompiledPolicy> shaped = Compile("shaped.1", R"(rule {
  id: "green-to-polri"
  effect: ALLOW
  directions: [EGRESS]
  record { markings: [TLP_GREEN] }
  party { agencies: ["id.polri"] }
  form { suppress_small_cells: true }
}
rule {
  id: "green-to-thailand"
  effect: ALLOW
  directions: [EGRESS]
  record { markings: [TLP_GREEN] }
  party { agencies: ["th.rtp"] }
}
)");
  DiffInputs inputs = Inputs({Peer("id.polri")});
  inputs.new_policy = shaped.get();
  absl::StatusOr<rilon::v1::DiffPolicyResponse> diff = DiffPolicies(*store_, inputs);
  ASSERT_TRUE(diff.ok()) << diff.status();
  ASSERT_EQ(diff->changes_size(), 2);  // records 1 and 3, the GREEN ones
  EXPECT_EQ(diff->changes(1).record_id(), Hex(2));
  ASSERT_EQ(diff->changes(0).form_changes_size(), 1);
  EXPECT_EQ(diff->changes(0).form_changes(0).receiver(), "id.polri");
  EXPECT_EQ(diff->changes(0).form_changes(0).old_form(), "the record as is");
  EXPECT_THAT(diff->changes(0).form_changes(0).new_form(), HasSubstr("suppress counts 1..4"));
}

TEST_F(PolicyDiffTest, LimitListsTheFirstChangesAndCountsAll) {
  DiffInputs inputs = Inputs({Reader("reader:analyst", policy::Role::kAnalyst)}, 2);
  absl::StatusOr<rilon::v1::DiffPolicyResponse> diff = DiffPolicies(*store_, inputs);
  ASSERT_TRUE(diff.ok()) << diff.status();
  EXPECT_EQ(diff->records_changed(), 3u);
  ASSERT_EQ(diff->changes_size(), 2);
  EXPECT_EQ(diff->changes(0).record_id(), Hex(0));
  EXPECT_EQ(diff->changes(1).record_id(), Hex(1));
  EXPECT_THAT(diff->changes(0).lost(), ElementsAre("reader:analyst"));
  EXPECT_TRUE(diff->truncated());
}

TEST_F(PolicyDiffTest, IdenticalPoliciesChangeNothing) {
  DiffInputs inputs = Inputs({Peer("id.polri"), Peer("th.rtp")});
  inputs.new_policy = inputs.old_policy;
  absl::StatusOr<rilon::v1::DiffPolicyResponse> diff = DiffPolicies(*store_, inputs);
  ASSERT_TRUE(diff.ok()) << diff.status();
  EXPECT_EQ(diff->records_examined(), 3u);
  EXPECT_EQ(diff->records_changed(), 0u);
}

TEST(CompilePolicyTextTest, ErrorsNameTheTextAndLine) {
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> compiled = CompilePolicyText(
      "version: \"x.1\"\nrule {\n  id: \"r\"\n  efect: ALLOW\n}\n", "new.textproto");
  ASSERT_EQ(compiled.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(compiled.status().message()), HasSubstr("new.textproto:4:"));
  EXPECT_EQ(CompilePolicyText(std::string(kMaxPolicyFileBytes + 1, '#'), "big").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rilon::policyfile
