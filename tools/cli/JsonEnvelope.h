#pragma once
// --json for commands whose output is a few status lines rather than a table (updateTopic,
// deleteTopic, updateSubGroup, deleteSubGroup, consumeMessage): the text output is captured
// and printed as {"command": NAME, "success": BOOL, "exitCode": N, "output": [lines]}, and
// what went to err as "errors": [lines] (not repeated on err). Usage errors (exit 2) still
// throw as usual.

#include <functional>
#include <ostream>
#include <string>

#include "tools/cli/FlagParser.h"

namespace rmq::tools {

// Adds the --json switch.
void addJsonOption(FlagParser& parser);

// Without --json, run(out, err). With it, run() writes into buffers and the envelope is
// printed to out. Returns run()'s exit code.
int runWithJsonEnvelope(const ParsedArgs& args, const std::string& command, std::ostream& out, std::ostream& err,
                        const std::function<int(std::ostream& out, std::ostream& err)>& run);

}  // namespace rmq::tools
