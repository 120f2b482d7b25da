#include "node/validation/codebook_loader.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "node/config/internal/text_parse.h"

namespace rilon::validation {
namespace {

namespace fs = std::filesystem;
using rilon::config::internal::KeyLocations;

constexpr std::string_view kCodebookPrefix = "codebook-v";
constexpr std::string_view kSuffix = ".textproto";

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat(path.string(),
                     ": cannot be read; check reporting.codebook_dir in the node's "
                     "configuration (deploy/codebook/ in the source tree has every file)"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One parsed file and where its keys were written.
struct ParsedFile {
  std::string name;
  std::unique_ptr<KeyLocations> locations;
  const google::protobuf::Message* root = nullptr;
};

template <typename MessageT>
absl::Status Parse(const fs::path& path, MessageT& message, std::vector<ParsedFile>& files) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  auto locations = std::make_unique<KeyLocations>(path.filename().string());
  if (absl::Status s = config::internal::ParseTextProto(*text, &message, locations.get());
      !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(s.message(), " (in ", path.parent_path().string(),
                     "; the schema is proto/rilon/codebook/v1/codebook.proto)"));
  }
  files.push_back({path.filename().string(), std::move(locations), &message});
  return absl::OkStatus();
}

// "indicators[3].code" -> WhereInList(root, "indicators", 3, "code"); deeper paths point at the
// top-level element.
std::string Describe(const std::vector<ParsedFile>& files, std::string_view file,
                     std::string_view path) {
  for (const ParsedFile& f : files) {
    if (f.name != file) continue;
    const size_t open = path.find('[');
    const size_t close = path.find(']');
    int index = 0;
    if (open == std::string_view::npos || close == std::string_view::npos ||
        !absl::SimpleAtoi(absl::string_view(path.data() + open + 1, close - open - 1), &index)) {
      const size_t dot = path.find('.');
      return f.locations->Where(*f.root, path.substr(0, dot));
    }
    std::string_view rest = path.substr(close + 1);
    std::string_view field;
    if (!rest.empty() && rest[0] == '.') {
      field = rest.substr(1);
      if (field.find_first_of(".[") != std::string_view::npos) field = {};
    }
    return f.locations->WhereInList(*f.root, path.substr(0, open), index, field);
  }
  return std::string(file);
}

}  // namespace

absl::StatusOr<ReportVocabulary> LoadReportVocabulary(const std::string& codebook_dir) {
  std::error_code error;
  if (!fs::is_directory(codebook_dir, error)) {
    return absl::NotFoundError(
        absl::StrCat("reporting.codebook_dir \"", codebook_dir,
                     "\" is not a directory; point it at the codebook directory (deploy/codebook/ "
                     "in the source tree)"));
  }
  std::vector<fs::path> codebook_paths;
  for (const fs::directory_entry& entry : fs::directory_iterator(codebook_dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > kCodebookPrefix.size() + kSuffix.size() &&
        name.starts_with(kCodebookPrefix) && name.ends_with(kSuffix)) {
      codebook_paths.push_back(entry.path());
    }
  }
  if (error) {
    return absl::NotFoundError(
        absl::StrCat("reporting.codebook_dir \"", codebook_dir, "\": ", error.message()));
  }
  if (codebook_paths.empty()) {
    return absl::NotFoundError(absl::StrCat("reporting.codebook_dir \"", codebook_dir,
                                            "\" holds no codebook-v<N>.textproto file"));
  }
  std::sort(codebook_paths.begin(), codebook_paths.end());

  VocabularySources sources;
  sources.codebooks.resize(codebook_paths.size());
  std::vector<ParsedFile> files;
  files.reserve(codebook_paths.size() + 3);
  for (size_t i = 0; i < codebook_paths.size(); ++i) {
    const fs::path& path = codebook_paths[i];
    sources.codebooks[i].first = path.filename().string();
    rilon::codebook::v1::Codebook& codebook = sources.codebooks[i].second;
    if (absl::Status s = Parse(path, codebook, files); !s.ok()) return s;
    const std::string name = path.filename().string();
    const std::string expected =
        name.substr(kCodebookPrefix.size(), name.size() - kCodebookPrefix.size() - kSuffix.size());
    if (codebook.version() != expected) {
      return absl::InvalidArgumentError(
          absl::StrCat(files.back().locations->Where(codebook, "version"), ": version: \"",
                       codebook.version(), "\" does not match the file name ", name,
                       "; set version: \"", expected, "\" or rename the file"));
    }
  }
  const fs::path dir(codebook_dir);
  sources.geography.first = "geography.textproto";
  sources.routes.first = "routes.textproto";
  sources.currencies.first = "currencies.textproto";
  if (absl::Status s = Parse(dir / sources.geography.first, sources.geography.second, files);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Parse(dir / sources.routes.first, sources.routes.second, files); !s.ok()) {
    return s;
  }
  if (absl::Status s = Parse(dir / sources.currencies.first, sources.currencies.second, files);
      !s.ok()) {
    return s;
  }
  return BuildReportVocabulary(sources, [&files](std::string_view file, std::string_view path) {
    return Describe(files, file, path);
  });
}

}  // namespace rilon::validation
