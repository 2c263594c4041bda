#include "tools/cli/TablePrinter.h"

#include <cassert>
#include <nlohmann/json.hpp>

namespace rmq::tools {

void TablePrinter::addRow(std::vector<Cell> cells) {
  assert(cells.size() == columns_.size());
  cells.resize(columns_.size(), Cell(""));
  rows_.push_back(std::move(cells));
}

std::string TablePrinter::formatLine(const std::vector<std::string>& texts) const {
  std::string line;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Column& c = columns_[i];
    const std::string& t = i < texts.size() ? texts[i] : std::string();
    if (i > 0) line += c.separator;
    size_t pad = t.size() < c.width ? c.width - t.size() : 0;
    if (c.align == Align::kRight) line.append(pad, ' ');
    line += t;
    if (c.align == Align::kLeft) line.append(pad, ' ');
  }
  return line;
}

void TablePrinter::printText(std::ostream& out) const {
  std::vector<std::string> header;
  for (const auto& c : columns_) header.push_back(c.title);
  out << formatLine(header) << "\n";
  for (const auto& row : rows_) {
    std::vector<std::string> texts;
    for (const auto& cell : row) texts.push_back(cell.text);
    out << formatLine(texts) << "\n";
  }
}

void TablePrinter::printJson(std::ostream& out, int indent) const {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const auto& row : rows_) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t i = 0; i < columns_.size(); ++i) {
      const Cell& cell = row[i];
      if (cell.number) {
        obj[columns_[i].jsonKey] = *cell.number;
      } else {
        obj[columns_[i].jsonKey] = cell.text;
      }
    }
    arr.push_back(std::move(obj));
  }
  // Replace invalid UTF-8 instead of throwing: broker data is not guaranteed to be UTF-8.
  out << arr.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace rmq::tools
