#include <cstdio>
#include <string_view>

#include "client/commands/commands.h"

namespace rilon::client {

void Emit(std::FILE* stream, std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stream);
  std::fflush(stream);
}

}  // namespace rilon::client
