#include "tools/cli/JsonEnvelope.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "tools/cli/Command.h"
#include "tools/cli/TextUtil.h"

namespace rmq::tools {

void addJsonOption(FlagParser& parser) {
  parser.add({0, "json", "", "print {command, success, exitCode, output[], errors[]} JSON instead of text"});
}

namespace {
nlohmann::ordered_json lines(const std::string& text) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& l : split(text, '\n')) {
    if (!l.empty()) arr.push_back(l);
  }
  return arr;
}
}  // namespace

int runWithJsonEnvelope(const ParsedArgs& args, const std::string& command, std::ostream& out, std::ostream& err,
                        const std::function<int(std::ostream& out, std::ostream& err)>& run) {
  if (!args.has("json")) return run(out, err);
  std::ostringstream o, e;
  int rc = run(o, e);
  nlohmann::ordered_json j{{"command", command},
                           {"success", rc == kExitOk},
                           {"exitCode", rc},
                           {"output", lines(o.str())},
                           {"errors", lines(e.str())}};
  out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  return rc;
}

}  // namespace rmq::tools
