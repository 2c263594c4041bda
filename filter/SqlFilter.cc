#include "filter/SqlFilter.h"

#include "filter/Parser.h"

namespace rmq::filter {

Result<std::shared_ptr<const SqlFilter>> compileSql92(std::string_view expression) {
  auto ast = parseSql92(expression);
  if (!ast.ok()) return ast.status();
  return std::shared_ptr<const SqlFilter>(std::make_shared<SqlFilter>(std::string(expression), std::move(ast).value()));
}

}  // namespace rmq::filter
