// How long OpenSSL's process-wide state lives: until the process exits, never torn down by
// OpenSSL's own exit handler.
//
// Why: gRPC's executor and event threads outlive main() and may still be running (and exiting)
// while the process exits. OpenSSL's default atexit handler (OPENSSL_cleanup) deletes the
// thread-local keys that hold each thread's error queue and random generators; a gRPC thread that
// exits after that point cannot free its own state, which leaks it (LeakSanitizer reports it
// under load). Without the handler, each thread frees its state when it exits, and the global
// state simply ends with the process, as the kernel reclaims it.
//
// Contract: call KeepOpenSslUntilProcessExit() first thing in main(), before anything uses
// OpenSSL or gRPC: only OpenSSL's first initialisation decides whether it registers the handler.
// It initialises libcrypto only (no configuration is loaded), so RestrictProcessToTls13 may still
// load its configuration afterwards. Calling it again is harmless.
#pragma once

namespace rilon::security {

void KeepOpenSslUntilProcessExit();

}  // namespace rilon::security
