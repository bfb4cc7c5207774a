#include "cordon/glossary.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace cordon {
namespace {

// Arabic-script words of organisation names and places, by stem as the normaliser transliterates
// them (ة and final ت as t, ي as y, و as w, ع and alef as a; docs/normalization.md), with the English
// words lists write for them. A stem stands for its nisba adjective and feminine forms too
// (gloss_stems: مصر msr, مصري msry, مصرية msryt). Words that the lists mostly transliterate rather
// than translate (jihad, ansar, hawala) are left to the transliteration.
struct Entry {
    std::string_view stem;
    std::string_view english;  // space-separated; two words of one phrase joined by '+'
};
constexpr Entry kEntries[] = {
    // Kinds of organisation.
    {"athad", "union"},                                  // اتحاد
    {"bnk", "bank"},                                     // بنك
    {"dwl", "state international"},                      // دولة, دولي
    {"hrk", "movement"},                                 // حركة
    {"hzb", "party"},                                    // حزب
    {"jama", "university"},                              // جامعة
    {"jbh", "front"},                                    // جبهة
    {"jma", "group"},                                    // جماعة
    {"jmy", "society association"},                      // جمعية
    {"jysh", "army"},                                    // جيش
    {"ktayb", "brigades battalions"},                    // كتائب
    {"ktyb", "battalion brigade"},                       // كتيبة
    {"ljn", "committee"},                                // لجنة
    {"lwa", "brigade"},                                  // لواء
    {"mahd", "institute"},                               // معهد
    {"mjls", "council"},                                 // مجلس
    {"mjmw", "group"},                                   // مجموعة
    {"mktb", "office bureau"},                           // مكتب
    {"mnzm", "organization organisation"},               // منظمة
    {"mrkz", "center centre"},                           // مركز
    {"msrf", "bank"},                                    // مصرف
    {"mwss", "foundation establishment institution"},    // مؤسسة
    {"shrk", "company"},                                 // شركة
    {"shbk", "network"},                                 // شبكة
    {"srf", "exchange money+exchange currency+exchange"},   // صرف
    {"sraf", "exchange money+exchange currency+exchange"},  // صرافة
    {"tnzym", "organization organisation"},              // تنظيم
    // What organisations do and stand for.
    {"aghath", "relief"},                                // إغاثة
    {"ahya", "revival"},                                 // إحياء
    {"aalm", "world global international"},              // عالم, عالمية
    {"aslam", "islamic islam"},                          // إسلام, إسلامي
    {"ansar", "supporters partisans helpers"},           // أنصار
    {"ahl", "people"},                                   // أهل
    {"mhajr", "emigrants migrants"},                     // مهاجر, مهاجرين
    {"mslm", "muslim muslims"},                          // مسلم, مسلمين
    {"shhda", "martyrs"},                                // شهداء
    {"shhyd", "martyr"},                                 // شهيد
    {"twhyd", "unification monotheism unity"},           // توحيد
    {"astthmar", "investment investments"},              // استثمار
    {"btrwl", "petroleum"},                              // بترول
    {"daw", "call preaching"},                           // دعوة
    {"dhhb", "gold"},                                    // ذهب
    {"khdmat", "services"},                              // خدمات
    {"khyr", "charity charitable welfare"},              // خير, خيرية
    {"mqatl", "combatant fighting fighters"},            // مقاتل, مقاتلة
    {"nft", "oil"},                                      // نفط
    {"qtal", "combat fighting"},                         // قتال
    {"slf", "salafist salafi"},                          // سلفي, سلفية
    {"tjar", "trading trade commercial"},                // تجارة, تجاري
    {"tnm", "development"},                              // تنمية
    {"trath", "heritage"},                               // تراث
    {"wtn", "national"},                                 // وطن, وطنية
    // Places and peoples.
    {"afryqy", "africa african"},                        // أفريقي
    {"afryqya", "africa"},                               // إفريقيا
    {"ard", "land"},                                     // أرض
    {"ardn", "jordan jordanian"},                        // الأردن
    {"blad", "country land lands"},                      // بلاد
    {"ghrb", "west western"},                            // غرب
    {"shrq", "east eastern"},                            // شرق
    {"shmal", "north northern"},                         // شمال
    {"jnwb", "south southern"},                          // جنوب
    {"arb", "arab arabian arabic arabs"},                // عرب, عربي
    {"araq", "iraq iraqi"},                              // العراق
    {"ayran", "iran iranian"},                           // إيران
    {"flstyn", "palestine palestinian"},                 // فلسطين
    {"jzayr", "algeria algerian"},                       // الجزائر
    {"jzyr", "peninsula island"},                        // جزيرة
    {"kwyt", "kuwait kuwaiti"},                          // الكويت
    {"lbnan", "lebanon lebanese"},                       // لبنان
    {"lyb", "libya libyan"},                             // ليبية
    {"lybya", "libya libyan"},                           // ليبيا
    {"mghrb", "morocco moroccan maghreb maghrib"},       // المغرب
    {"msr", "egypt egyptian"},                           // مصر
    {"qtr", "qatar qatari"},                             // قطر
    {"sham", "levant syria"},                            // الشام
    {"swd", "saudi"},                                    // السعودية
    {"swdan", "sudan sudanese"},                         // السودان
    {"swmal", "somalia somali"},                         // الصومال
    {"swr", "syria syrian"},                             // سوري, سورية
    {"swrya", "syria syrian"},                           // سوريا
    {"twns", "tunisia tunisian"},                        // تونس
    {"ymn", "yemen yemeni"},                             // اليمن
    // Function words and kin.
    {"alabn", "junior jr"},                              // الابن "the son"
    {"aw", "and or"},                                    // او (also Pashto "and")
    {"fy", "in"},                                        // في
    {"mn", "from of"},                                   // من
    {"w", "and"},                                        // و
};

// The entries by stem, for binary search (the table above is grouped for the reader).
const std::vector<Entry>& by_stem() {
    static const std::vector<Entry> sorted = [] {
        std::vector<Entry> v(std::begin(kEntries), std::end(kEntries));
        std::sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return a.stem < b.stem; });
        return v;
    }();
    return sorted;
}

const Entry* find(std::string_view stem) {
    const std::vector<Entry>& v = by_stem();
    auto it = std::lower_bound(v.begin(), v.end(), stem, [](const Entry& e, std::string_view s) { return e.stem < s; });
    return it != v.end() && it->stem == stem ? &*it : nullptr;
}

// Every English word of the glossary, sorted, for is_gloss_word.
struct Words {
    std::vector<std::string_view> words;
    std::array<std::uint64_t, 26> lengths{};  // [first letter] bit n: some word has n letters
    Words() {
        for (const Entry& e : kEntries) {
            for_each_word(e.english, [&](std::string_view w) {
                if (w.find('+') == std::string_view::npos) words.push_back(w);
            });
        }
        std::sort(words.begin(), words.end());
        words.erase(std::unique(words.begin(), words.end()), words.end());
        for (std::string_view w : words) {
            if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') lengths[w[0] - 'a'] |= std::uint64_t{1} << std::min<std::size_t>(w.size(), 63);
        }
    }
    template <typename F>
    static void for_each_word(std::string_view s, F&& f) {
        while (!s.empty()) {
            const std::size_t end = std::min(s.find(' '), s.size());
            f(s.substr(0, end));
            s.remove_prefix(std::min(end + 1, s.size()));
        }
    }
};

const Words& words() {
    static const Words w;
    return w;
}

}  // namespace

std::string_view arabic_gloss(std::string_view abjad) {
    // The word as it stands (الابن alabn), then without a clitic prefix (the article joined to the
    // word, لل ll "for the", وال wal "and the", بال bal "with the", ل l "for", ب b "in", و w "and"),
    // then each without a feminine, nisba or plural ending.
    static constexpr std::string_view kPrefixes[] = {"", "al", "wal", "bal", "ll", "fal", "l", "b", "w"};
    for (std::string_view prefix : kPrefixes) {
        if (abjad.size() < prefix.size() + (prefix.empty() ? 1 : 2) || !abjad.starts_with(prefix)) continue;
        const std::string_view word = abjad.substr(prefix.size());
        if (const Entry* e = find(word)) return e->english;
        if (word.size() < 4) continue;
        static constexpr std::string_view kEndings[] = {"yt", "y", "t", "yn", "wn"};
        for (std::string_view ending : kEndings) {
            if (word.size() >= ending.size() + 2 && word.ends_with(ending)) {
                if (const Entry* e = find(word.substr(0, word.size() - ending.size()))) return e->english;
            }
        }
    }
    return {};
}

bool glosses_to(std::string_view abjad, std::string_view english) {
    if (!is_gloss_word(english)) return false;
    const std::string_view gloss = arabic_gloss(abjad);
    bool found = false;
    Words::for_each_word(gloss, [&](std::string_view w) { found = found || w == english; });
    return found;
}

bool is_gloss_word(std::string_view english) {
    // Most tokens fail on their first letter and length, before any string is compared.
    const Words& w = words();
    if (english.empty() || english.size() >= 64 || english[0] < 'a' || english[0] > 'z' ||
        (w.lengths[english[0] - 'a'] >> english.size() & 1U) == 0) {
        return false;
    }
    return std::binary_search(w.words.begin(), w.words.end(), english);
}

void for_each_gloss_word(std::string_view abjad, const std::function<void(std::string_view)>& f) {
    Words::for_each_word(arabic_gloss(abjad), [&](std::string_view w) {
        if (w.find('+') == std::string_view::npos) f(w);
    });
}

void for_each_gloss_pair(std::string_view abjad, const std::function<void(std::string_view, std::string_view)>& f) {
    Words::for_each_word(arabic_gloss(abjad), [&](std::string_view w) {
        if (const std::size_t plus = w.find('+'); plus != std::string_view::npos) f(w.substr(0, plus), w.substr(plus + 1));
    });
}

bool glosses_to_pair(std::string_view abjad, std::string_view first, std::string_view second) {
    bool found = false;
    for_each_gloss_pair(abjad, [&](std::string_view a, std::string_view b) { found = found || (a == first && b == second); });
    return found;
}

}  // namespace cordon
