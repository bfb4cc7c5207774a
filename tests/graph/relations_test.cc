// Links between listed parties, resolved both ways, on the bundled lists and on FtM data.
#include "relations.h"

#include <gtest/gtest.h>

#include "../bundled_screener.h"
#include "cordon/ingest.h"

namespace cordon::graph {
namespace {

const Neighbour* find_neighbour(const std::vector<Neighbour>& all, std::string_view id) {
    for (const Neighbour& n : all) {
        if (n.entity && n.entity->id == id) return &n;
    }
    return nullptr;
}

TEST(Relations, OfacLinkedToResolvesByNameBothWays) {
    const Snapshot& snap = test::bundled_screener().snapshot();
    RelationIndex relations(snap);
    // The front companies of the IT-worker network say "Linked To: CHINYONG ...".
    const Entity* chinyong = snap.find("ofac-sdn:43379");
    ASSERT_NE(chinyong, nullptr);
    auto in = relations.neighbours(*chinyong);
    const Neighbour* alis = find_neighbour(in, "ofac-sdn:48260");
    ASSERT_NE(alis, nullptr);
    EXPECT_FALSE(alis->outgoing);
    EXPECT_EQ(alis->kind, "linked_to");
    EXPECT_NE(alis->where.line, 0U);

    const Entity* front = snap.find("ofac-sdn:48260");
    ASSERT_NE(front, nullptr);
    auto out = relations.neighbours(*front);
    const Neighbour* to = find_neighbour(out, "ofac-sdn:43379");
    ASSERT_NE(to, nullptr);
    EXPECT_TRUE(to->outgoing);
}

TEST(Relations, MostOfacLinksResolve) {
    const Snapshot& snap = test::bundled_screener().snapshot();
    RelationIndex relations(snap);
    std::size_t links = 0, resolved = 0;
    for (std::uint32_t i = 0; i < snap.entity_count(); ++i) {
        const Entity& e = snap.entity(i);
        if (e.source != "ofac-sdn") continue;
        for (const Relation& r : e.relations) {
            ++links;
            resolved += relations.resolve(e, r) != nullptr;
        }
    }
    ASSERT_GT(links, 1000U);
    EXPECT_GT(static_cast<double>(resolved) / static_cast<double>(links), 0.9) << resolved << " of " << links;
}

TEST(Relations, FtmLinksResolveByIdAndShowOnce) {
    auto list = load_ftm_json(std::string(CORDON_TEST_DATA_DIR) + "/ingest/ftm_dprk_sample.ftm.json", {});
    ASSERT_TRUE(list) << list.error().to_string();
    std::vector<SourceList> lists;
    lists.push_back(std::move(*list));
    Snapshot snap(std::move(lists));
    RelationIndex relations(snap);
    const Entity* kim = nullptr;
    for (std::uint32_t i = 0; i < snap.entity_count(); ++i) {
        if (snap.entity(i).id.find("kim-sang-man") != std::string::npos) kim = &snap.entity(i);
    }
    ASSERT_NE(kim, nullptr);
    auto all = relations.neighbours(*kim);
    std::size_t to_chinyong = 0;
    for (const Neighbour& n : all) to_chinyong += n.entity && n.entity->id.find("chinyong") != std::string::npos;
    EXPECT_EQ(to_chinyong, 1U);  // FtM writes the link on both ends: shown once
}

TEST(Relations, OfacEnhancedXmlRelationshipsResolveByIdBothWays) {
    auto list = load_ofac_enhanced_xml(std::string(CORDON_TEST_DATA_DIR) + "/ingest/ofac_enhanced/IRGC_sanctions.xml", {});
    ASSERT_TRUE(list) << list.error().to_string();
    std::vector<SourceList> lists;
    lists.push_back(std::move(*list));
    Snapshot snap(std::move(lists));
    RelationIndex relations(snap);
    std::size_t links = 0, resolved = 0;
    for (std::uint32_t i = 0; i < snap.entity_count(); ++i) {
        const Entity& e = snap.entity(i);
        for (const Relation& r : e.relations) {
            ++links;
            const Entity* target = relations.resolve(e, r);
            resolved += target != nullptr;
            if (target) {
                EXPECT_EQ(target->id, r.target_id);  // by id, never by a look-alike name
            }
        }
    }
    // A program export holds the program's parties; 13 of the parties they link to (HAMAS,
    // TALIBAN, ...) are listed under other programs only and are not in the file. Every link to a
    // party in the file resolves: 201 of 229 (88 %).
    EXPECT_EQ(links, 229U);
    EXPECT_EQ(resolved, 201U);

    // IRANIAN ATLAS COMPANY is "Owned or Controlled By" ANSAR BANK: the bank owns it.
    const Entity* atlas = snap.find("ofac-sdn:26527");
    const Entity* bank = snap.find("ofac-sdn:12478");
    ASSERT_NE(atlas, nullptr);
    ASSERT_NE(bank, nullptr);
    const auto of_atlas = relations.neighbours(*atlas);
    const Neighbour* owner = find_neighbour(of_atlas, "ofac-sdn:12478");
    ASSERT_NE(owner, nullptr);
    EXPECT_TRUE(owner->outgoing);
    EXPECT_EQ(owner->kind, "ownership");
    EXPECT_EQ(owner->detail, "owner; Owned or Controlled By");
    auto of_bank = relations.neighbours(*bank);
    const Neighbour* owned = find_neighbour(of_bank, "ofac-sdn:26527");
    ASSERT_NE(owned, nullptr);
    EXPECT_FALSE(owned->outgoing);
    EXPECT_EQ(owned->kind, "ownership");
    // Its agent, EBRAHIMI, "Acting for or on behalf of" the bank, shows on the bank's side too.
    const Neighbour* agent = find_neighbour(of_bank, "ofac-sdn:26526");
    ASSERT_NE(agent, nullptr);
    EXPECT_FALSE(agent->outgoing);
    EXPECT_EQ(agent->kind, "representation");
    EXPECT_NE(agent->where.line, 0U);
}

}  // namespace
}  // namespace cordon::graph
