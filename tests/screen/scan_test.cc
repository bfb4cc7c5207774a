// Free-text scanning (scan_text) against the bundled lists: news, a payment line, a CV, a chat log
// in Hangul and a Russian text; the mentions found, their offsets, and the officials and common
// words that must not be reported; then malformed input.
#include "cordon/scan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "../bundled_screener.h"

namespace cordon {
namespace {

using test::bundled_screener;

constexpr const char* kKimSangMan = "ofac-sdn:43377";
constexpr const char* kChinyong = "ofac-sdn:43379";

// The code points of UTF-8 text, each as its UTF-8 bytes (a test-side reference for offsets).
std::vector<std::string> characters(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = 1;
        const auto b = static_cast<unsigned char>(s[i]);
        if (b >= 0xF0) n = 4;
        else if (b >= 0xE0) n = 3;
        else if (b >= 0xC0) n = 2;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

std::string slice(const std::string& text, std::size_t start, std::size_t end) {
    const auto chars = characters(text);
    std::string out;
    for (std::size_t i = start; i < end && i < chars.size(); ++i) out += chars[i];
    return out;
}

std::vector<Mention> scan(const std::string& text) { return scan_text(bundled_screener(), text, {}); }

// Every mention's offsets slice exactly its text out of the input.
void expect_offsets(const std::string& text, const std::vector<Mention>& mentions) {
    for (const Mention& m : mentions) {
        EXPECT_EQ(slice(text, m.start, m.end), m.text) << m.match.entity->id;
        EXPECT_EQ(text.substr(m.byte_start, m.byte_end - m.byte_start), m.text);
    }
}

std::string describe(const std::vector<Mention>& mentions) {
    std::string s;
    for (const Mention& m : mentions) {
        s += m.match.entity->id + " [" + std::to_string(m.start) + "," + std::to_string(m.end) + ") '" + m.text +
             "' " + std::to_string(m.match.score) + "\n";
    }
    return s;
}

std::set<std::string> entities(const std::vector<Mention>& mentions) {
    std::set<std::string> ids;
    for (const Mention& m : mentions) ids.insert(m.match.entity->id);
    return ids;
}

bool has(const std::vector<Mention>& mentions, const std::string& text, const std::string& id) {
    for (const Mention& m : mentions) {
        if (m.text == text && m.match.entity->id == id) return true;
    }
    return false;
}

const std::string kNews =
    "WASHINGTON, May 23 - The U.S. Treasury Department on Tuesday imposed sanctions on Chinyong "
    "Information Technology Cooperation Company and its president, KIM Sang Man, accusing them of "
    "running teams of information technology workers abroad to raise money for Pyongyang's weapons "
    "programmes.\n"
    "\"The DPRK continues to generate revenue through its overseas IT workers,\" Brian Nelson, the "
    "Treasury's Under Secretary for Terrorism and Financial Intelligence, said in a statement. Treasury "
    "Secretary Janet Yellen told reporters in Washington that the department would keep up the pressure.\n"
    "The company, also known as Jinyong IT Cooperation Company, employs delegations of workers in "
    "Russia and Laos, according to the department. Kim Sang Man, a North Korean national, is the "
    "company's chief executive and has overseen payments to the Ministry of National Defence.\n"
    "In Seoul, foreign ministry spokesperson Lee Ha-young said the government welcomed the measures and "
    "would keep working with Washington and Tokyo. Margaret Holloway, a State Department official, said "
    "the United States would coordinate with its partners. Analysts at a Seoul university and at a "
    "Bank of Korea research group said the effect on Pyongyang's revenue was hard to measure; Kim, a "
    "professor there, declined to comment.\n";

TEST(Scan, NewsStoryFindsTheListedPartiesAndNotTheOfficials) {
    const auto mentions = scan(kNews);
    SCOPED_TRACE(describe(mentions));
    expect_offsets(kNews, mentions);
    EXPECT_TRUE(has(mentions, "KIM Sang Man", kKimSangMan));
    EXPECT_TRUE(has(mentions, "Kim Sang Man", kKimSangMan));
    EXPECT_TRUE(has(mentions, "Chinyong Information Technology Cooperation Company", kChinyong));
    EXPECT_TRUE(has(mentions, "Jinyong IT Cooperation Company", kChinyong));
    for (const Mention& m : mentions) {
        for (const char* official : {"Nelson", "Yellen", "Lee", "Holloway", "Margaret", "Brian", "Janet"}) {
            EXPECT_EQ(m.text.find(official), std::string::npos) << m.text;
        }
    }
    // The DPRK's Ministry of National Defence is on the UN list (KPe.054): a true mention.
    EXPECT_TRUE(has(mentions, "Ministry of National Defence", "un-sc:KPe.054"));
    EXPECT_EQ(entities(mentions), (std::set<std::string>{kKimSangMan, kChinyong, "un-sc:KPe.054"}));
}

TEST(Scan, OffsetsAreCharactersOfTheInput) {
    const std::string text = "Überweisung – Empfänger: KIM Sang Man, Pjöngjang";
    const auto mentions = scan(text);
    SCOPED_TRACE(describe(mentions));
    ASSERT_EQ(mentions.size(), 1U);
    EXPECT_EQ(mentions[0].match.entity->id, kKimSangMan);
    EXPECT_EQ(mentions[0].start, 25U);
    EXPECT_EQ(mentions[0].end, 37U);
    EXPECT_EQ(mentions[0].text, "KIM Sang Man");
    EXPECT_FALSE(mentions[0].match.explanation.name.pairs.empty());
}

TEST(Scan, RemittanceLine) {
    const std::string text =
        ":20:PAY-2023-0457\n:32A:230601USD48500,00\n:50K:/40817810099910004312\nOOO VOSTOK LOGISTIKA\n"
        ":59:/KP0012345678\n:70:/RFB/INV 2023-0457/BNF/CHINYONG IT COOPERATION CO PYONGYANG\n";
    const auto mentions = scan(text);
    SCOPED_TRACE(describe(mentions));
    expect_offsets(text, mentions);
    ASSERT_FALSE(mentions.empty());
    EXPECT_EQ(mentions[0].match.entity->id, kChinyong);
    EXPECT_EQ(mentions[0].text.rfind("CHINYONG IT COOPERATION", 0), 0U);
    EXPECT_EQ(entities(mentions), std::set<std::string>{kChinyong});
}

// Field 70 has 4 x 35 characters: names are cut short there.
TEST(Scan, RemittanceLineWithAbbreviations) {
    const std::string text = ":70:/RFB/INV 2023-0457/BNF/CHINYONG IT COOP CO\n:71A:OUR\n";
    const auto mentions = scan(text);
    SCOPED_TRACE(describe(mentions));
    expect_offsets(text, mentions);
    ASSERT_EQ(mentions.size(), 1U);
    EXPECT_EQ(mentions[0].match.entity->id, kChinyong);
    EXPECT_EQ(mentions[0].text.rfind("CHINYONG IT COOP", 0), 0U);
}

TEST(Scan, CurriculumVitae) {
    const std::string text =
        "CURRICULUM VITAE\n"
        "Name: Andrei Volkov\nAddress: 14 Lenin Street, Vladivostok, Russia\nEmail: a.volkov@example.ru\n\n"
        "EXPERIENCE\n"
        "2019-2022  Senior software developer, Jinyong IT Cooperation Company (Vladivostok office).\n"
        "           Built mobile applications for clients in Europe and Asia.\n"
        "2016-2019  Developer, Primorsky Digital Systems LLC, Vladivostok.\n\n"
        "EDUCATION\n"
        "2012-2016  Far Eastern Federal University, B.Sc. in Computer Science.\n\n"
        "REFERENCES\nAvailable on request.\n";
    const auto mentions = scan(text);
    SCOPED_TRACE(describe(mentions));
    expect_offsets(text, mentions);
    EXPECT_TRUE(has(mentions, "Jinyong IT Cooperation Company", kChinyong));
    EXPECT_EQ(entities(mentions), std::set<std::string>{kChinyong});
}

TEST(Scan, ChatLogInHangul) {
    const std::string text =
        "[10:42] 민수: 오늘 김상만 사장한테 돈 보냈어?\n"
        "[10:43] 지훈: 아직이요. 내일 보낼게요.\n"
        "[10:44] 민수: 알았어, 확인되면 알려줘.\n";
    const auto mentions = scan(text);
    SCOPED_TRACE(describe(mentions));
    expect_offsets(text, mentions);
    ASSERT_FALSE(mentions.empty());
    EXPECT_TRUE(has(mentions, "김상만", kKimSangMan));
}

TEST(Scan, RussianText) {
    const std::string text =
        "Минфин США ввёл санкции против северокорейской компании. По данным ведомства, Ким Сан Ман "
        "руководит её финансами. Представитель МИД России заявил, что Москва не признаёт эти меры.";
    const auto mentions = scan(text);
    SCOPED_TRACE(describe(mentions));
    expect_offsets(text, mentions);
    EXPECT_TRUE(has(mentions, "Ким Сан Ман", kKimSangMan));
    EXPECT_EQ(entities(mentions), std::set<std::string>{kKimSangMan});
}

// The news of the day in other languages names no listed party: nothing is reported. Each of these
// raised an alert once: Spanish "China y" (YU, Chin: y "and" as an initial), Persian "چین و" (WANG,
// Chen), Korean syllables joined or cut out of their words (서울 seo ul ~ SOL, 에서 ~ ESO, 수억 ~
// JSC SUEK, 평양으로 -> yang eu ~ WU, Yonghao), Arabic "قال المتحدث" (KALA LIMITED).
TEST(Scan, ForeignNewsWithoutListedPartiesRaisesNothing) {
    for (const std::string text : {
             "Das Finanzministerium der Vereinigten Staaten hat am Dienstag neue Sanktionen gegen ein Netzwerk "
             "nordkoreanischer IT-Fachkräfte verhängt. Ein Sprecher des Auswärtigen Amtes in Berlin sagte, man "
             "prüfe die Auswirkungen auf deutsche Unternehmen.",
             "Le département du Trésor américain a annoncé mardi de nouvelles sanctions contre un réseau de "
             "travailleurs informatiques nord-coréens. Selon le ministère, les fonds transitaient par des banques "
             "en Chine et en Russie avant d'atteindre Pyongyang.",
             "El Departamento del Tesoro de Estados Unidos anunció el martes nuevas sanciones. Según el "
             "comunicado, el dinero pasaba por bancos de China y Rusia.",
             "ABD Hazine Bakanlığı salı günü Kuzey Koreli bilişim çalışanlarından oluşan bir ağa yeni yaptırımlar "
             "uyguladığını açıkladı. Para Çin ve Rusya'daki bankalar üzerinden Pyongyang'a gönderildi.",
             "وزارت خزانه‌داری آمریکا روز سه‌شنبه تحریم‌های جدیدی اعلام کرد. به گفته سخنگوی وزارت امور خارجه، "
             "این پول‌ها از طریق بانک‌هایی در چین و روسیه منتقل شده است.",
             "وقالت وزارة الخزانة الأمريكية إن العمال أرسلوا الأموال إلى بيونغ يانغ عبر بنوك في الصين وروسيا، "
             "قال المتحدث باسم الوزارة إن التحقيق مستمر.",
             "Вчера в Москве прошла встреча министров иностранных дел. Глава Центрального банка сообщила о "
             "снижении ключевой ставки, а председатель правительства поручил подготовить доклад.",
             "어제 서울에서 열린 회의에서 외교부 대변인은 북한의 불법 사이버 활동에 대해 깊은 우려를 표명했다. "
             "국가정보원은 북한 해커들이 가상자산 거래소를 공격해 수억 달러를 탈취했다고 밝혔다. 브라이언 넬슨 "
             "차관은 이들이 평양으로 자금을 보냈다고 말했다.",
             "美国财政部宣布对朝鲜信息技术工人实施新的制裁。外交部发言人表示中方一贯反对单边制裁。",
             "משרד האוצר האמריקאי הודיע על סנקציות חדשות נגד עובדי טכנולוגיה מצפון קוריאה."}) {
        const auto mentions = scan(text);
        EXPECT_TRUE(mentions.empty()) << text << "\n" << describe(mentions);
    }
}

// In Arabic the article is written into its word (الظواهري, al + zwahry): both tokens have the
// word's bytes, and a mention covering them is the only one there (not also LAZHAR, "al zwahry"
// joined). A Korean name opens its word and a particle may follow (김상만은).
TEST(Scan, WordsSharingTheirBytesMakeOneMention) {
    const std::string arabic = "قال المتحدث إن أيمن الظواهري ظهر في تسجيل جديد.";
    auto mentions = scan(arabic);
    SCOPED_TRACE(describe(mentions));
    expect_offsets(arabic, mentions);
    EXPECT_EQ(entities(mentions), (std::set<std::string>{"ofac-sdn:2676", "un-sc:QDi.006"}));
    for (const Mention& m : mentions) EXPECT_EQ(m.text, "أيمن الظواهري");
    const std::string korean = "어제 김상만은 평양으로 돈을 보냈다.";
    mentions = scan(korean);
    expect_offsets(korean, mentions);
    EXPECT_TRUE(has(mentions, "김상만", kKimSangMan)) << describe(mentions);
    EXPECT_EQ(entities(mentions), std::set<std::string>{kKimSangMan}) << describe(mentions);
    // A vessel's number is a word of one character that may end a mention.
    EXPECT_TRUE(has(scan("The tanker YU JONG 2 was seen off Nampo."), "YU JONG 2", "ofac-sdn:23736"));
}

TEST(Scan, CommonWordsAloneNeverAlert) {
    for (const std::string text :
         {"Bank", "Korea", "University", "Group", "Kim", "Kim said the Bank of Korea would act.",
          "The university group met bank officials in Korea.", "Kim and Park met at the bank on Monday.",
          "Treasury Secretary Janet Yellen and Under Secretary Brian Nelson spoke in Washington."}) {
        const auto mentions = scan(text);
        EXPECT_TRUE(mentions.empty()) << text << "\n" << describe(mentions);
    }
}

TEST(Scan, EmptyAndMalformedInput) {
    EXPECT_TRUE(scan("").empty());
    EXPECT_TRUE(scan("   \n\n\t ").empty());
    EXPECT_TRUE(scan(".,;:!?()").empty());
    // Invalid UTF-8: each bad byte reads as one character (U+FFFD).
    const std::string bad = "\xff\xfe KIM Sang Man \xc3";
    const auto mentions = scan(bad);
    SCOPED_TRACE(describe(mentions));
    ASSERT_EQ(mentions.size(), 1U);
    EXPECT_EQ(mentions[0].start, 3U);
    EXPECT_EQ(mentions[0].end, 15U);
    EXPECT_EQ(mentions[0].text, "KIM Sang Man");
    // A huge single word, and one beside a listed name.
    EXPECT_TRUE(scan(std::string(1 << 20, 'a')).empty());
    EXPECT_EQ(entities(scan(std::string(100000, 'x') + " Kim Sang Man")), std::set<std::string>{kKimSangMan});
    // Binary data.
    std::mt19937 rng(7);
    std::string binary(1 << 18, '\0');
    for (char& c : binary) c = static_cast<char>(rng() & 0xFFU);
    (void)scan(binary);
    std::string nuls = "Kim Sang Man";
    nuls += std::string(10, '\0') + "Chinyong Information Technology Cooperation Company";
    EXPECT_EQ(entities(scan(nuls)), (std::set<std::string>{kKimSangMan, kChinyong}));
}

TEST(Scan, ManyMentionsEachOnce) {
    std::string text;
    for (int i = 0; i < 3000; ++i) text += "KIM Sang Man and Lazarus Group. ";
    ScanOptions all;
    all.limit = SIZE_MAX;
    all.explain = false;
    const auto mentions = scan_text(bundled_screener(), text, all);
    ASSERT_EQ(mentions.size(), 6000U);
    for (std::size_t i = 0; i < mentions.size(); i += 2) {
        EXPECT_EQ(mentions[i].match.entity->id, kKimSangMan);
        EXPECT_EQ(mentions[i].start, i / 2 * 32);
        EXPECT_EQ(mentions[i + 1].match.entity->id, "ofac-sdn:27307");
        EXPECT_EQ(mentions[i + 1].end, i / 2 * 32 + 30);
    }
}

TEST(Scan, LimitAndThreshold) {
    ScanOptions one;
    one.limit = 1;
    EXPECT_EQ(scan_text(bundled_screener(), kNews, one).size(), 1U);
    ScanOptions strict;
    strict.threshold = 1.0;
    for (const Mention& m : scan_text(bundled_screener(), kNews, strict)) EXPECT_GE(m.match.score, 1.0);
}

}  // namespace
}  // namespace cordon
