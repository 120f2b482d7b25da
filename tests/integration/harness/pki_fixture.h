// A throwaway federation PKI made with the operators' own script (deploy/pki.sh), so that the
// integration tests exercise the certificates operators will really have.
#pragma once

#include <string>
#include <vector>

#include "tests/integration/harness/paths.h"

namespace rilon::testing {

struct Identity {
  std::string cert_file;
  std::string key_file;
};

class PkiFixture {
 public:
  // Creates a root CA for `trust_domain` in a scratch directory.
  explicit PkiFixture(std::string trust_domain = "rilon.test");

  const std::string& dir() const { return scratch_.path(); }
  const std::string& trust_domain() const { return trust_domain_; }
  std::string ca_file() const;

  // deploy/pki.sh node: the node TLS identity and the agency's signing identity.
  Identity Node(const std::string& agency);
  // The SPIFFE id a node certificate of `agency` carries (its URI SAN).
  std::string NodeId(const std::string& agency) const;
  Identity Signing(const std::string& agency) const;
  // Rotates the agency's keys (deploy/pki.sh node --force: new node and signing keys) and
  // returns the replaced signing certificate as the script keeps it (signing/retired/).
  std::string RotateSigning(const std::string& agency);
  // deploy/pki.sh officer|analyst|admin. valid_from/valid_until: YYYYMMDDHHMMSSZ, or empty.
  Identity Person(const std::string& role, const std::string& agency, const std::string& name,
                  const std::string& valid_from = "", const std::string& valid_until = "");

 private:
  void Script(const std::vector<std::string>& args);
  ScratchDir scratch_;
  std::string trust_domain_;
};

}  // namespace rilon::testing
