#pragma once
// TablePrinter: fixed-layout text tables in the style of mqadmin's printf formats (a
// column is padded to its width but never truncated, exactly as "%-32s" pads), and the
// same rows as a JSON array of objects for --json.
//
// Not thread-safe; a value type.

#include <concepts>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace rmq::tools {

enum class Align { kLeft, kRight };

struct Column {
  std::string title;    // text header, e.g. "#Broker Name"
  std::string jsonKey;  // key in --json output, e.g. "brokerName"
  size_t width = 0;     // minimum width (padding included even in the last column)
  Align align = Align::kLeft;
  std::string separator = "  ";  // printed before this column (ignored for the first)
};

// One cell: its text, and its integer value when the cell is numeric (JSON number).
struct Cell {
  std::string text;
  std::optional<int64_t> number;

  Cell(std::string t) : text(std::move(t)) {}    // NOLINT: implicit by design
  Cell(const char* t) : text(t) {}                // NOLINT
  template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>)
  Cell(T v) : text(std::to_string(v)), number(static_cast<int64_t>(v)) {}  // NOLINT
};

class TablePrinter {
 public:
  explicit TablePrinter(std::vector<Column> columns) : columns_(std::move(columns)) {}

  // REQUIRES: cells.size() == number of columns.
  void addRow(std::vector<Cell> cells);
  size_t rowCount() const { return rows_.size(); }

  // Header line then one line per row.
  void printText(std::ostream& out) const;
  // [{"jsonKey": value, ...}, ...] followed by a newline; numbers stay numbers.
  void printJson(std::ostream& out, int indent = 2) const;

  // One formatted line (no newline) for a header or a row of texts.
  std::string formatLine(const std::vector<std::string>& texts) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace rmq::tools
