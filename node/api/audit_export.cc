// NodeApi.ExportAudit (admins only, method_table.cc): streams the audit log from a seq as it was
// when the call started, one page per message, reading the store on the blocking pool. The
// export itself is audited (a READ of the exported range by the admin).
#include <algorithm>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "node/api/audit_hooks.h"
#include "node/api/node_api_service.h"
#include "node/api/status_mapping.h"

namespace rilon::api {
namespace {

// Entries per message: a page stays well under the client's 4 MiB receive limit even when
// entries list many record ids (a SEND of 256 records is about 9 KiB).
constexpr size_t kEntriesPerMessage = 128;
constexpr size_t kMaxMessageBytes = size_t{2} << 20;

class AuditExportReactor final : public grpc::ServerWriteReactor<rilon::v1::ExportAuditResponse> {
 public:
  // Exports first..last (inclusive); nothing when first > last.
  AuditExportReactor(ApiContext& ctx, uint64_t first, uint64_t last)
      : ctx_(ctx), next_(first), last_(last) {
    rilon::v1::AuditExportLine* certificate = response_.add_items();
    certificate->set_signing_certificate(ctx_.signing_certificate_der);
    SendNext();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client stopped reading the export"));
      return;
    }
    response_.Clear();
    SendNext();
  }

  void OnDone() override { delete this; }

 private:
  // Reads the next page on the pool and writes it, or finishes when everything was sent.
  void SendNext() {
    if (next_ > last_ && response_.items_size() == 0) {
      Finish(grpc::Status::OK);
      return;
    }
    ctx_.readers->Run([this] {
      if (next_ <= last_) {
        const size_t want =
            static_cast<size_t>(std::min<uint64_t>(kEntriesPerMessage, last_ - next_ + 1));
        absl::StatusOr<store::AuditPage> page = ctx_.store->audit().Read(next_, want);
        if (!page.ok()) {
          Finish(ToGrpcStatus(page.status()));
          return;
        }
        AddPage(*page);
      }
      StartWrite(&response_);
    });
  }

  void AddPage(const store::AuditPage& page) {
    size_t bytes = 0;
    auto head = page.heads.begin();
    for (const audit::SealedAuditEntry& sealed : page.entries) {
      if (bytes >= kMaxMessageBytes) break;
      rilon::v1::ExportedAuditEntry* entry = response_.add_items()->mutable_entry();
      entry->set_entry_bytes(sealed.bytes);
      entry->set_entry_hash(sealed.hash);
      // The view is decoded from the stored bytes; the verifier checks it against them.
      entry->mutable_entry()->ParseFromString(sealed.bytes);
      bytes += 2 * sealed.bytes.size();
      for (; head != page.heads.end() && head->seq <= sealed.seq; ++head) {
        *response_.add_items()->mutable_head() = head->head;
      }
      next_ = sealed.seq + 1;
    }
    if (page.entries.empty()) next_ = last_ + 1;  // the chain ended early (cannot shrink)
  }

  ApiContext& ctx_;
  uint64_t next_;
  const uint64_t last_;
  rilon::v1::ExportAuditResponse response_;  // untouched while its write is in flight
};

}  // namespace

grpc::ServerWriteReactor<rilon::v1::ExportAuditResponse>* NodeApiService::ExportAudit(
    grpc::CallbackServerContext* context, const rilon::v1::ExportAuditRequest* request) {
  const uint64_t head = ctx_.store->audit().Head().seq;
  const uint64_t first = request->from_seq();
  if (first == 0) {
    class Refusal : public grpc::ServerWriteReactor<rilon::v1::ExportAuditResponse> {
     public:
      Refusal() {
        Finish(ToGrpcStatus(absl::InvalidArgumentError(
            "from_seq: the audit log starts at seq 1; give 1 to export from the start")));
      }
      void OnDone() override { delete this; }
    };
    return new Refusal();
  }
  uint64_t last = head;
  if (request->limit() > 0 && request->limit() - 1 < head - std::min(head, first)) {
    last = first + request->limit() - 1;
  }
  if (first <= last) {
    ctx_.store->audit().Record(
        audit::RangeRead(CallerParty(*context, ctx_.trust_domain), "NodeApi.ExportAudit", first,
                         last, static_cast<uint32_t>(last - first + 1), "audit log"));
  }
  return new AuditExportReactor(ctx_, first, last);
}

}  // namespace rilon::api
