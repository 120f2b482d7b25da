#include "tests/integration/harness/pki_fixture.h"

#include <filesystem>
#include <set>
#include <stdexcept>

#include "tests/integration/harness/subprocess.h"

namespace rilon::testing {

PkiFixture::PkiFixture(std::string trust_domain)
    : scratch_("rilon-pki"), trust_domain_(std::move(trust_domain)) {
  Script({"init", "--trust-domain", trust_domain_});
}

void PkiFixture::Script(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/bin/bash", SourceDir() + "/deploy/pki.sh"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--dir");
  argv.push_back(dir());
  RunResult r = RunCommand(argv);
  if (r.exit_code != 0) {
    throw std::runtime_error("deploy/pki.sh " + args[0] + " failed: " + r.err + r.out);
  }
}

std::string PkiFixture::ca_file() const { return dir() + "/ca/ca.crt"; }

std::string PkiFixture::NodeId(const std::string& agency) const {
  return "spiffe://" + trust_domain_ + "/agency/" + agency + "/node";
}

Identity PkiFixture::Node(const std::string& agency) {
  Script({"node", "--agency", agency});
  const std::string base = dir() + "/agencies/" + agency + "/node/node";
  return {base + ".crt", base + ".key"};
}

Identity PkiFixture::Signing(const std::string& agency) const {
  const std::string base = dir() + "/agencies/" + agency + "/signing/signing";
  return {base + ".crt", base + ".key"};
}

std::string PkiFixture::RotateSigning(const std::string& agency) {
  const std::filesystem::path retired = dir() + "/agencies/" + agency + "/signing/retired";
  std::set<std::string> before;
  if (std::filesystem::exists(retired)) {
    for (const auto& entry : std::filesystem::directory_iterator(retired)) {
      before.insert(entry.path().string());
    }
  }
  Script({"node", "--agency", agency, "--force"});
  for (const auto& entry : std::filesystem::directory_iterator(retired)) {
    if (!before.contains(entry.path().string())) return entry.path().string();
  }
  throw std::runtime_error("deploy/pki.sh node --force kept no retired signing certificate in " +
                           retired.string());
}

Identity PkiFixture::Person(const std::string& role, const std::string& agency,
                            const std::string& name, const std::string& valid_from,
                            const std::string& valid_until) {
  std::vector<std::string> args = {role, "--agency", agency, "--name", name};
  if (!valid_from.empty()) {
    args.insert(args.end(), {"--valid-from", valid_from, "--valid-until", valid_until});
  }
  Script(args);
  const std::string base = dir() + "/agencies/" + agency + "/" + role + "/" + name;
  return {base + ".crt", base + ".key"};
}

}  // namespace rilon::testing
