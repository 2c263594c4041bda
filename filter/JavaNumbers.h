#pragma once
// Java's Integer.valueOf / Long.valueOf / Double.valueOf / Boolean.valueOf on a string,
// as RocketMQ's SQL92 filter applies them to property values. Allocation-free; a
// failure is std::nullopt (Java throws NumberFormatException).

#include <cstdint>
#include <optional>
#include <string_view>

namespace rmq::filter {

// Optional '+' or '-', then ASCII digits only; no blanks; must fit in 32 bits.
std::optional<int32_t> parseJavaInt(std::string_view s);
// Same, 64 bits.
std::optional<int64_t> parseJavaLong(std::string_view s);
// Blanks (chars <= ' ') trimmed at both ends, optional sign, then "NaN", "Infinity",
// a decimal float (digits with optional '.', at least one digit, optional exponent) or a
// hex float ("0x1.8p3", binary exponent required), then an optional f/F/d/D suffix.
// Values too large become +-Infinity and too small +-0.0, as in Java.
std::optional<double> parseJavaDouble(std::string_view s);
// True iff `s` equals "true" ignoring ASCII case.
bool parseJavaBoolean(std::string_view s);

// Java's Double.compare: -0.0 < 0.0, NaN equals NaN and is greater than everything.
int javaDoubleCompare(double a, double b);

}  // namespace rmq::filter
