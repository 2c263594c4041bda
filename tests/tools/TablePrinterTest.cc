#include "tools/cli/TablePrinter.h"

#include <gtest/gtest.h>

#include <sstream>

namespace rmq::tools {
namespace {

TablePrinter topicStatusTable() {
  return TablePrinter({{"#Broker Name", "brokerName", 32},
                       {"#QID", "queueId", 4},
                       {"#Min Offset", "minOffset", 20},
                       {"#Max Offset", "maxOffset", 20},
                       {"#Last Updated", "lastUpdated", 0, Align::kLeft, "    "}});
}

TEST(TablePrinterTest, PadsExactlyLikeJavaPrintf) {
  auto t = topicStatusTable();
  t.addRow({"broker-a", 0, int64_t{0}, int64_t{15}, ""});
  t.addRow({"broker-a", 1, int64_t{3}, int64_t{12}, "2024-01-02 03:04:05,006"});
  std::ostringstream out;
  t.printText(out);
  char expected[512];
  std::snprintf(expected, sizeof(expected), "%-32s  %-4s  %-20s  %-20s    %s\n", "#Broker Name", "#QID",
                "#Min Offset", "#Max Offset", "#Last Updated");
  std::string want = expected;
  std::snprintf(expected, sizeof(expected), "%-32s  %-4d  %-20d  %-20d    %s\n", "broker-a", 0, 0, 15, "");
  want += expected;
  std::snprintf(expected, sizeof(expected), "%-32s  %-4d  %-20d  %-20d    %s\n", "broker-a", 1, 3, 12,
                "2024-01-02 03:04:05,006");
  want += expected;
  EXPECT_EQ(out.str(), want);
}

TEST(TablePrinterTest, LongValuesAreNotTruncated) {
  TablePrinter t({{"#A", "a", 3}, {"#B", "b", 3}});
  t.addRow({"abcdef", "x"});
  std::ostringstream out;
  t.printText(out);
  EXPECT_EQ(out.str(), "#A   #B \nabcdef  x  \n");
}

TEST(TablePrinterTest, RightAlignment) {
  TablePrinter t({{"#Name", "name", 6}, {"#TPS", "tps", 8, Align::kRight, " "}});
  t.addRow({"b", "12.50"});
  std::ostringstream out;
  t.printText(out);
  EXPECT_EQ(out.str(), "#Name      #TPS\nb         12.50\n");
}

TEST(TablePrinterTest, JsonKeepsNumbersAndColumnOrder) {
  auto t = topicStatusTable();
  t.addRow({"broker-a", 0, int64_t{0}, int64_t{15}, ""});
  std::ostringstream out;
  t.printJson(out, -1);
  EXPECT_EQ(out.str(),
            R"([{"brokerName":"broker-a","queueId":0,"minOffset":0,"maxOffset":15,"lastUpdated":""}])"
            "\n");
}

TEST(TablePrinterTest, EmptyTable) {
  auto t = topicStatusTable();
  std::ostringstream text, json;
  t.printText(text);
  t.printJson(json);
  char expected[256];
  std::snprintf(expected, sizeof(expected), "%-32s  %-4s  %-20s  %-20s    %s\n", "#Broker Name", "#QID",
                "#Min Offset", "#Max Offset", "#Last Updated");
  EXPECT_EQ(text.str(), expected);
  EXPECT_EQ(json.str(), "[]\n");
}

TEST(TablePrinterTest, InvalidUtf8DoesNotThrowInJson) {
  TablePrinter t({{"#A", "a", 0}});
  t.addRow({std::string("\xff\xfe")});
  std::ostringstream out;
  EXPECT_NO_THROW(t.printJson(out, -1));
}

}  // namespace
}  // namespace rmq::tools
