// An in-memory grpc::AuthContext for unit tests of code that reads a peer's identity
// (PrincipalFromAuthContext, MethodAuthorizer::Process, handlers), without a TLS handshake.
//
// Contract: holds name/value properties in insertion order; FindPropertyValues returns views
// into them, valid while the context lives and no property is added. Iteration (begin/end) is
// not supported and always yields an empty range: nothing in RILON iterates over properties.
//
// Example:
//   rilon::testing::FakeAuthContext ctx(/*authenticated=*/true);
//   ctx.AddProperty(GRPC_PEER_URI_PROPERTY_NAME, "spiffe://rilon.test/agency/au.abf/node");
#pragma once

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>

#include <deque>
#include <string>
#include <utility>
#include <vector>

namespace rilon::testing {

class FakeAuthContext : public grpc::AuthContext {
 public:
  explicit FakeAuthContext(bool authenticated) : authenticated_(authenticated) {}

  bool IsPeerAuthenticated() const override { return authenticated_; }
  std::vector<grpc::string_ref> GetPeerIdentity() const override {
    return FindPropertyValues(identity_name_);
  }
  std::string GetPeerIdentityPropertyName() const override { return identity_name_; }
  std::vector<grpc::string_ref> FindPropertyValues(const std::string& name) const override {
    std::vector<grpc::string_ref> values;
    for (const auto& [key, value] : properties_) {
      if (key == name) values.emplace_back(value);
    }
    return values;
  }
  grpc::AuthPropertyIterator begin() const override { return EmptyIterator(); }
  grpc::AuthPropertyIterator end() const override { return EmptyIterator(); }
  void AddProperty(const std::string& key, const grpc::string_ref& value) override {
    properties_.emplace_back(key, std::string(value.data(), value.size()));
  }
  bool SetPeerIdentityPropertyName(const std::string& name) override {
    identity_name_ = name;
    return true;
  }

 private:
  // AuthPropertyIterator's default (end) constructor is protected.
  struct EmptyIterator : grpc::AuthPropertyIterator {};

  bool authenticated_;
  std::string identity_name_ = GRPC_X509_SAN_PROPERTY_NAME;
  std::deque<std::pair<std::string, std::string>> properties_;
};

}  // namespace rilon::testing
