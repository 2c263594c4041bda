// Property-based test: random expressions over random property maps (fixed seed, bounded
// counts). Each expression is generated as a tree, printed as SQL92 text (parentheses
// where precedence needs them plus random extra ones, random keyword case, comments and
// unary plus), compiled with compileSql92 and evaluated; the reference evaluator of
// ReferenceEvaluator.h must give the same four-valued answer on every property map.

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <random>

#include "FilterTestUtil.h"
#include "ReferenceEvaluator.h"

namespace rmq::filter::test {
namespace {

constexpr uint32_t kSeed = 20240611;
constexpr int kExpressions = 2500;
constexpr int kMapsPerExpression = 24;

const std::array<const char*, 5> kNames = {"a", "b", "c", "region", "TAGS"};
const std::array<const char*, 22> kPropertyValues = {
    "5", "-3", "10", "0", "2.5", "abc", "eu", "us", "TagA", "TagB", "3000000000", "1e3", "true", "TRUE", " 7", "+4",
    "NaN", "-0", "007", "9223372036854775807", "hello world", "x"};
const std::array<const char*, 8> kInts = {"0", "1", "5", "10", "7", "2147483647", "5L", "3"};
const std::array<const char*, 4> kLongs = {"3000000000", "2147483648", "9223372036854775807", "3000000000L"};
const std::array<const char*, 8> kDoubles = {"2.5", "0.5", "1e3", "10.0", ".5", "5.", "7.0", "1E1"};
const std::array<const char*, 8> kStrings = {"eu", "abc", "5", "10", "it's", "TagA", "x", ""};
const std::array<const char*, 6> kSearches = {"", "e", "ab", "Tag", "x", "5"};

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  Props properties() {
    Props p;
    for (const char* name : kNames) {
      if (chance(60)) p[name] = kPropertyValues[pick(kPropertyValues.size())];
    }
    return p;
  }

  // A boolean expression; `castOk`: a bare property may stand for BOOL(property) here.
  NodePtr boolean(int depth, bool castOk) {
    for (;;) {
      const int choice = pick(depth > 0 ? 10 : 6);
      switch (choice) {
        case 0: return comparison(depth);
        case 1: return make(chance(50) ? G::IsNull : G::IsNotNull, {anyValue(depth - 1)});
        case 2: return between(depth);
        case 3: {
          auto n = make(chance(50) ? G::In : G::NotIn, {property()});
          const int count = 1 + pick(4);
          for (int i = 0; i < count; ++i) n->set.push_back(kStrings[pick(kStrings.size())]);
          return n;
        }
        case 4: {
          static constexpr G kinds[] = {G::Contains, G::NotContains, G::StartsWith, G::NotStartsWith, G::EndsWith,
                                        G::NotEndsWith};
          auto n = make(kinds[pick(6)], {anyValue(depth - 1)});
          n->text = kSearches[pick(kSearches.size())];
          return n;
        }
        case 5:
          if (chance(30)) return literal(chance(50) ? kBoolIdx : kNullIdx);
          if (!castOk) continue;
          return make(G::Cast, {property()});
        case 6:
        case 7: return make(choice == 6 ? G::And : G::Or, {boolean(depth - 1, true), boolean(depth - 1, true)});
        default: return make(G::Not, {boolean(depth - 1, true)});
      }
    }
  }

  std::string render(const NodePtr& n, int minLevel) {
    std::string s = raw(n);
    return level(n) < minLevel || chance(8) ? "(" + s + ")" : s;
  }

 private:
  int pick(size_t n) { return std::uniform_int_distribution<int>(0, static_cast<int>(n) - 1)(rng_); }
  bool chance(int percent) { return pick(100) < percent; }

  static NodePtr make(G kind, std::vector<NodePtr> kids) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    n->kids = std::move(kids);
    return n;
  }

  NodePtr property() {
    auto n = make(G::Prop, {});
    n->text = kNames[pick(kNames.size())];
    return n;
  }

  NodePtr literal(size_t type) {
    auto n = make(G::Lit, {});
    switch (type) {
      case kIntIdx: n->text = kInts[pick(kInts.size())]; n->value = int32_t(std::stol(n->text)); break;
      case kLongIdx: n->text = kLongs[pick(kLongs.size())]; n->value = int64_t(std::stoll(n->text)); break;
      case kDoubleIdx: n->text = kDoubles[pick(kDoubles.size())]; n->value = std::strtod(n->text.c_str(), nullptr); break;
      case kStringIdx: n->value = std::string(kStrings[pick(kStrings.size())]); n->text = quote(std::get<std::string>(n->value)); break;
      case kBoolIdx: n->value = chance(50); n->text = std::get<bool>(n->value) ? "TRUE" : "FALSE"; break;
      default: n->text = "NULL"; break;
    }
    return n;
  }

  NodePtr numericLiteral() { return literal(pick(3) == 0 ? kIntIdx : (chance(50) ? kLongIdx : kDoubleIdx)); }

  // An operand of < <= > >= BETWEEN: a property, a number literal or a negation.
  NodePtr operand(int depth) {
    const int choice = pick(depth > 0 ? 10 : 8);
    if (choice < 4) return property();
    if (choice < 8) return numericLiteral();
    return make(G::Neg, {chance(70) ? operand(depth - 1) : anyValue(depth - 1)});
  }

  // An operand of = <> IS NULL CONTAINS: anything but the NULL literal.
  NodePtr anyValue(int depth) {
    const int choice = pick(depth > 0 ? 12 : 10);
    if (choice < 3) return property();
    if (choice < 5) return numericLiteral();
    if (choice < 7) return literal(kStringIdx);
    if (choice < 8) return literal(kBoolIdx);
    if (choice < 10) return make(G::Neg, {operand(depth - 1)});
    return boolean(depth - 1, false);
  }

  NodePtr comparison(int depth) {
    static constexpr G kinds[] = {G::Eq, G::Ne, G::Lt, G::Le, G::Gt, G::Ge};
    const G kind = kinds[pick(6)];
    if (kind != G::Eq && kind != G::Ne) return make(kind, {operand(depth - 1), operand(depth - 1)});
    NodePtr l = anyValue(depth - 1);
    NodePtr r = anyValue(depth - 1);
    // RocketMQ refuses a TRUE/FALSE literal compared with a number or string literal.
    if (isLiteral(l, kBoolIdx) && r->kind == G::Lit && !isLiteral(r, kBoolIdx)) r = literal(kBoolIdx);
    return make(kind, {l, r});
  }

  NodePtr between(int depth) {
    const bool negated = chance(40);
    NodePtr low = operand(depth - 1);
    NodePtr high = operand(depth - 1);
    if (!negated && isNumericLiteral(low) && isNumericLiteral(high) && javaCompare(high->value, low->value) < 0) {
      std::swap(low, high);  // RocketMQ refuses literal bounds out of order
    }
    return make(negated ? G::NotBetween : G::Between, {operand(depth - 1), low, high});
  }

  static int level(const NodePtr& n) {
    switch (n->kind) {
      case G::Prop: case G::Lit: case G::Cast: return 6;
      case G::Neg: case G::Not: return 5;
      case G::Eq: case G::Ne: case G::IsNull: case G::IsNotNull: return 3;
      case G::And: return 2;
      case G::Or: return 1;
      default: return 4;
    }
  }

  std::string kw(const std::string& word) {
    switch (pick(3)) {
      case 0: return word;
      case 1: {
        std::string lower = word;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return lower;
      }
      default: {
        std::string mixed = word;
        for (size_t i = 1; i < mixed.size(); i += 2) mixed[i] = static_cast<char>(std::tolower(mixed[i]));
        return mixed;
      }
    }
  }

  // Never empty, so "-" followed by "-5" cannot become a comment.
  std::string sp() {
    switch (pick(40)) {
      case 0: return " /* c */ ";
      case 1: return " -- c\n";
      case 2: return "\n\t";
      default: return " ";
    }
  }

  std::string bin(const NodePtr& n, const std::string& op, int leftLevel, int rightLevel) {
    return render(n->kids[0], leftLevel) + sp() + op + sp() + render(n->kids[1], rightLevel);
  }

  std::string raw(const NodePtr& n) {
    const auto& k = n->kids;
    switch (n->kind) {
      case G::Prop: return (chance(5) ? "+" + sp() : "") + n->text;
      case G::Lit: {
        const bool number = isNumericLiteral(n);
        if (!number) return n->value.index() == kBoolIdx || n->value.index() == kNullIdx ? kw(n->text) : n->text;
        return (chance(10) ? "+" + sp() : "") + n->text;
      }
      case G::Cast: return k[0]->text;
      case G::Neg: return "-" + sp() + render(k[0], 5);
      case G::Not: return kw("NOT") + sp() + render(k[0], 5);
      case G::And: return bin(n, kw("AND"), 2, 3);
      case G::Or: return bin(n, kw("OR"), 1, 2);
      case G::Eq: return bin(n, "=", 3, 4);
      case G::Ne: return bin(n, "<>", 3, 4);
      case G::Lt: return bin(n, "<", 4, 5);
      case G::Le: return bin(n, "<=", 4, 5);
      case G::Gt: return bin(n, ">", 4, 5);
      case G::Ge: return bin(n, ">=", 4, 5);
      case G::IsNull: return render(k[0], 3) + sp() + kw("IS") + sp() + kw("NULL");
      case G::IsNotNull: return render(k[0], 3) + sp() + kw("IS") + sp() + kw("NOT") + sp() + kw("NULL");
      case G::Between:
      case G::NotBetween:
        return render(k[0], 4) + sp() + (n->kind == G::NotBetween ? kw("NOT") + sp() : "") + kw("BETWEEN") + sp() +
               render(k[1], 5) + sp() + kw("AND") + sp() + render(k[2], 5);
      case G::In:
      case G::NotIn: {
        std::string s = render(k[0], 6) + sp() + (n->kind == G::NotIn ? kw("NOT") + sp() : "") + kw("IN") + " (";
        for (size_t i = 0; i < n->set.size(); ++i) s += (i ? "," + sp() : "") + quote(n->set[i]);
        return s + ")";
      }
      default: {
        static const std::map<G, std::string> kWords = {
            {G::Contains, "CONTAINS"}, {G::NotContains, "NOT CONTAINS"}, {G::StartsWith, "STARTSWITH"},
            {G::NotStartsWith, "NOT STARTSWITH"}, {G::EndsWith, "ENDSWITH"}, {G::NotEndsWith, "NOT ENDSWITH"}};
        return render(k[0], 4) + sp() + kw(kWords.at(n->kind)) + sp() + quote(n->text);
      }
    }
  }

  std::mt19937 rng_;
};

TEST(Sql92PropertyTest, CompiledFilterAgreesWithReferenceEvaluator) {
  Generator gen(kSeed);
  std::map<Truth, int> outcomes;
  for (int i = 0; i < kExpressions; ++i) {
    NodePtr tree = gen.boolean(1 + i % 4, true);
    const std::string text = gen.render(tree, 0);
    auto compiled = compileSql92(text);
    ASSERT_TRUE(compiled.ok()) << text << "\n" << compiled.status().remark();
    for (int j = 0; j < kMapsPerExpression; ++j) {
      Props props = gen.properties();
      const Truth expected = Reference(props).truth(tree);
      const Truth actual = compiled.value()->evaluate(MapLookup(props));
      ++outcomes[actual];
      if (expected != actual) {
        std::string shown;
        for (const auto& [k, v] : props) shown += k + "=[" + v + "] ";
        FAIL() << "expression: " << text << "\nast: " << compiled.value()->ast().toString() << "\nprops: " << shown
               << "\nexpected " << toString(expected) << " got " << toString(actual);
      }
      ASSERT_EQ(compiled.value()->matches(MapLookup(props)), actual == Truth::kTrue);
    }
  }
  // The generator must exercise every outcome, or the agreement says little.
  for (Truth t : {Truth::kTrue, Truth::kFalse, Truth::kUnknown, Truth::kError}) {
    EXPECT_GT(outcomes[t], kExpressions * kMapsPerExpression / 50) << toString(t);
  }
}

}  // namespace
}  // namespace rmq::filter::test
