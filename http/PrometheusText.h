#pragma once
// Prometheus text exposition format 0.0.4: escaping, number formatting and rendering of
// one family (# HELP, # TYPE, samples). Pure functions, thread-safe.

#include <string>
#include <string_view>

#include "http/Metrics.h"

namespace rmq::metrics {

// Label value escaping: backslash, double quote and newline.
std::string escapeLabelValue(std::string_view v);
// HELP text escaping: backslash and newline.
std::string escapeHelp(std::string_view v);
// Integers without exponent or fraction; +Inf, -Inf, NaN; otherwise shortest round-trip.
std::string formatValue(double v);
// [a-zA-Z_:][a-zA-Z0-9_:]*
bool isValidMetricName(std::string_view name);
// [a-zA-Z_][a-zA-Z0-9_]*
bool isValidLabelName(std::string_view name);
// Appends `family` (HELP, TYPE, then its samples in order) with `constLabels` first.
void renderFamily(const FamilySnapshot& family, std::string& out);

}  // namespace rmq::metrics
