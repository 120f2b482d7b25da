// Throwaway public-key infrastructures for tests: a root CA (ECDSA P-256) and an unrelated second
// CA, both written as PEM into a fresh temporary directory, and leaf certificates issued on demand
// with the SANs, EKUs, key type and validity window a test needs (including already expired and
// not yet valid). Independent of the code under test: it uses only the OpenSSL 3.0 C API.
//
// Contract:
//   - TestPki::Create() makes a new directory under $TMPDIR (or /tmp) and removes it, with
//     everything in it, when the TestPki is destroyed.
//   - Private keys are written unencrypted (PKCS#8 PEM) with mode 0600; certificates with 0644.
//   - Every issued certificate carries subject/authority key identifiers and a keyUsage, so it is
//     acceptable to strict X.509 checks; CA certificates are self-signed with CA:TRUE (critical).
//   - Failures are returned as absl::Status (INTERNAL for OpenSSL errors, with OpenSSL's reason).
//   - Not thread-safe: use one TestPki per test (or guard it yourself).
//
// Example:
//   auto pki = rilon::testing::TestPki::Create();
//   ASSERT_TRUE(pki.ok()) << pki.status();
//   auto node = (*pki)->root().Issue("node", rilon::testing::NodeLeaf(
//       "spiffe://rilon.test/agency/au.abf/node"));
//   ASSERT_TRUE(node.ok()) << node.status();
//   // node->cert_file, node->key_file, (*pki)->root().ca_file()
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace rilon::testing {

enum class KeyType { kEcdsaP256, kEd25519 };

struct LeafSpec {
  std::string common_name = "rilon test leaf";
  std::vector<std::string> uri_sans;  // in order; usually exactly one SPIFFE id
  bool localhost_sans = false;        // adds DNS:localhost and IP:127.0.0.1
  bool server_auth = false;           // extendedKeyUsage serverAuth
  bool client_auth = false;           // extendedKeyUsage clientAuth
  KeyType key_type = KeyType::kEcdsaP256;
  absl::Time not_before = absl::Now() - absl::Hours(1);
  absl::Time not_after = absl::Now() + absl::Hours(24);
};

// A node's TLS certificate: the SPIFFE id, localhost SANs, serverAuth + clientAuth, P-256.
LeafSpec NodeLeaf(std::string spiffe_id);
// A person's (officer, analyst, admin) client certificate: the SPIFFE id, clientAuth, P-256.
LeafSpec UserLeaf(std::string spiffe_id);
// A record-signing certificate: the SPIFFE id, Ed25519, no TLS key usage.
LeafSpec SigningLeaf(std::string spiffe_id);
// Validity windows relative to now.
LeafSpec Expired(LeafSpec spec);      // ended an hour ago
LeafSpec NotYetValid(LeafSpec spec);  // starts in an hour

struct IssuedFiles {
  std::string cert_file;  // PEM, the leaf only
  std::string key_file;   // PEM PKCS#8, mode 0600
};

class TestCa {
 public:
  ~TestCa();
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;

  // PEM file holding only this CA's self-signed certificate.
  const std::string& ca_file() const { return ca_file_; }

  // Issues a leaf and writes <dir>/<stem>.pem and <dir>/<stem>.key. The stem must be unique
  // within this CA (ALREADY_EXISTS otherwise).
  absl::StatusOr<IssuedFiles> Issue(std::string_view stem, const LeafSpec& spec);

 private:
  friend class TestPki;
  struct State;
  TestCa(std::unique_ptr<State> state, std::string dir, std::string ca_file);
  static absl::StatusOr<std::unique_ptr<TestCa>> Create(const std::string& dir,
                                                        std::string_view name);

  std::unique_ptr<State> state_;
  std::string dir_;
  std::string ca_file_;
};

class TestPki {
 public:
  static absl::StatusOr<std::unique_ptr<TestPki>> Create();
  ~TestPki();
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  // The temporary directory; tests may put their own scratch files here.
  const std::string& dir() const { return dir_; }
  // The federation root.
  TestCa& root() { return *root_; }
  // A second CA that nothing trusts: certificates it issues must be refused.
  TestCa& other_ca() { return *other_; }

 private:
  explicit TestPki(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
  std::unique_ptr<TestCa> root_;
  std::unique_ptr<TestCa> other_;
};

}  // namespace rilon::testing
