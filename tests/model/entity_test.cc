#include <gtest/gtest.h>

#include "cordon/entity.h"
#include "cordon/result.h"
#include "cordon/snapshot.h"

namespace cordon {
namespace {

TEST(PartialDate, ParsesOfacDayMonthYear) {
    auto d = parse_partial_date("25 Apr 1965");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->to_string(), "1965-04-25");
}

TEST(PartialDate, ParsesMonthYearAndYear) {
    EXPECT_EQ(parse_partial_date("Apr 1965")->to_string(), "1965-04");
    EXPECT_EQ(parse_partial_date("1965")->to_string(), "1965");
    EXPECT_TRUE(parse_partial_date("circa 1965")->circa);
}

TEST(PartialDate, ParsesRangesAndIso) {
    EXPECT_EQ(parse_partial_date("1960 to 1965")->to_string(), "1960/1965");
    EXPECT_EQ(parse_partial_date("1965-04-25")->to_string(), "1965-04-25");
    EXPECT_EQ(parse_partial_date("25/04/1965")->to_string(), "1965-04-25");
}

TEST(PartialDate, RejectsTextWithoutYear) {
    EXPECT_FALSE(parse_partial_date("unknown"));
    EXPECT_FALSE(parse_partial_date(""));
}

TEST(Schema, ParsesSynonyms) {
    EXPECT_EQ(parse_schema("individual"), Schema::kPerson);
    EXPECT_EQ(parse_schema("Entity"), Schema::kOrganization);
    EXPECT_EQ(parse_schema("Vessel"), Schema::kVessel);
    EXPECT_FALSE(parse_schema("spaceship"));
}

TEST(ErrorFormat, NamesFileLineAndField) {
    Error e = make_error(ErrorCode::kParse, "bad date", {"sdn.csv", 12, "", "Remarks"});
    EXPECT_EQ(e.to_string(), "sdn.csv:12 field Remarks: parse error: bad date");
}

TEST(Snapshot, FindsEntitiesById) {
    SourceList l;
    l.name = "t";
    Entity a;
    a.id = "t:1";
    Entity b;
    b.id = "t:2";
    l.entities = {a, b};
    Snapshot s({l});
    ASSERT_NE(s.find("t:2"), nullptr);
    EXPECT_EQ(s.find("t:2")->id, "t:2");
    EXPECT_EQ(s.find("t:3"), nullptr);
    EXPECT_EQ(s.entity_count(), 2u);
}

}  // namespace
}  // namespace cordon
