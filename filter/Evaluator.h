#pragma once
// Evaluates a compiled SQL92 expression against one message's properties with
// RocketMQ 4.9's semantics: SQL three-valued logic (null = unknown), left-to-right
// short-circuit AND/OR, and an evaluation error (a property that does not convert to a
// literal's number type) aborting the whole evaluation, like the Java exception the
// broker catches. Allocates nothing; thread-safe on a shared Ast.

#include <cstdint>

#include "filter/Ast.h"
#include "filter/PropertyLookup.h"

namespace rmq::filter {

enum class Truth : uint8_t { kFalse, kTrue, kUnknown, kError };

const char* toString(Truth t);

// REQUIRES: `ast` came from parseSql92 (its root is a boolean expression).
Truth evaluateSql92(const Ast& ast, const PropertyLookup& properties);

}  // namespace rmq::filter
