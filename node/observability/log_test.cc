#include "node/observability/log.h"

#include <gtest/gtest.h>

namespace rilon::log {
namespace {

TEST(Log, FormatsLogfmtAndEscapes) {
  EXPECT_EQ(FormatForTesting(Level::kInfo, "started", {{"port", "7443"}, {"agency", "au.abf"}}),
            "level=info msg=started port=7443 agency=au.abf");
  EXPECT_EQ(FormatForTesting(Level::kError, "bad \"thing\"", {{"path", "a b"}, {"empty", ""}}),
            "level=error msg=\"bad \\\"thing\\\"\" path=\"a b\" empty=\"\"");
  EXPECT_EQ(FormatForTesting(Level::kWarning, "x", {{"v", "line1\nline2\x01"}}),
            "level=warning msg=x v=\"line1\\nline2\\x01\"");
}

TEST(Log, ParsesLevels) {
  Level l;
  EXPECT_TRUE(ParseLevel("debug", &l));
  EXPECT_EQ(l, Level::kDebug);
  EXPECT_TRUE(ParseLevel("error", &l));
  EXPECT_EQ(l, Level::kError);
  EXPECT_FALSE(ParseLevel("verbose", &l));
}

}  // namespace
}  // namespace rilon::log
