#include "cjk_names.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace cordon::text {
namespace {

// Revised Romanisation of the 19 initials, 21 medials and 28 finals (finals as pronounced at the end
// of a word: ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ -> t, ㄲ ㅋ -> k, ...).
constexpr std::string_view kInitials[19] = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
                                            "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
constexpr std::string_view kMedials[21] = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo",
                                           "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                           "wo", "we", "wi", "yu",  "eu", "ui", "i"};
constexpr std::string_view kFinals[28] = {"",  "k", "k", "k", "n", "n", "n", "t", "l", "k",
                                          "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
                                          "t", "ng", "t", "t", "k", "t", "p", "t"};

// Common Chinese family names, simplified and traditional forms (sorted at first use).
constexpr std::u32string_view kSurnames =
    U"王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧"
    U"曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范範金石廖贾賈"
    U"夏韦韋付傅方白邹鄒孟熊秦邱江尹薛闫閆严嚴段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢覃武戴"
    U"莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關"
    U"兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳"
    U"管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥"
    U"褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和仇栾欒"
    U"隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺习習薄廉闻聞栗";

constexpr std::u32string_view kCompound[] = {
    U"欧阳", U"歐陽", U"司马", U"司馬", U"诸葛", U"諸葛", U"上官", U"东方", U"東方", U"皇甫",
    U"令狐", U"夏侯", U"慕容", U"尉迟", U"尉遲", U"公孙", U"公孫", U"长孙", U"長孫", U"宇文",
    U"司徒", U"端木", U"南宫", U"南宮", U"独孤", U"獨孤", U"轩辕", U"軒轅", U"澹台", U"申屠"};

constexpr std::u32string_view kKoreanCompound[] = {U"남궁", U"독고", U"제갈", U"선우",
                                                  U"사공", U"어금", U"망절"};
constexpr std::u32string_view kKoreanCompoundIn4[] = {U"황보", U"서문", U"동방"};

}  // namespace

bool is_korean_compound_surname(char32_t a, char32_t b, std::size_t syllables) {
    for (std::u32string_view c : kKoreanCompound) {
        if (c[0] == a && c[1] == b) return true;
    }
    if (syllables < 4) return false;
    for (std::u32string_view c : kKoreanCompoundIn4) {
        if (c[0] == a && c[1] == b) return true;
    }
    return false;
}

void romanize_hangul(char32_t cp, std::string& out) {
    const unsigned s = static_cast<unsigned>(cp) - 0xAC00;
    const unsigned initial = s / (21 * 28), medial = (s / 28) % 21, final_ = s % 28;
    out.append(kInitials[initial]);
    out.append(kMedials[medial]);
    out.append(kFinals[final_]);
}

void romanize_russian(char32_t cp, RussianState& state, std::string& out) {
    // а..я (U+0430..U+044F); е and ё are handled apart.
    static constexpr std::string_view kLower[32] = {
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};
    char32_t c = cp;
    if (c >= 0x410 && c <= 0x42F) c += 0x20;
    if (c == 0x401) c = 0x451;
    const bool start = state.start;
    state.start = false;
    if (c == 0x435 || c == 0x451) {
        // е, ё -> ye at the word start and after a vowel, й, ъ or ь, else e. As in ICU's rules, a
        // ye written after a vowel is no context for the next е (аее -> ayee), an e is (деее ->
        // deyee), and э is context only where it had context itself (аэё -> aeye, дэё -> dee).
        const bool ye = state.ye_context;
        out.append(ye ? "ye" : "e");
        state.ye_context = !ye || start;
        return;
    }
    if (c == 0x44D) {  // э
        out.append("e");
        return;  // ye_context unchanged
    }
    if (c >= 0x430 && c <= 0x44F) out.append(kLower[c - 0x430]);
    constexpr std::u32string_view kContext = U"аиоуыюяйъь";
    state.ye_context = kContext.find(c) != std::u32string_view::npos;
}

bool is_chinese_surname(char32_t cp) {
    static const std::u32string sorted = [] {
        std::u32string v(kSurnames);
        std::sort(v.begin(), v.end());
        return v;
    }();
    return std::binary_search(sorted.begin(), sorted.end(), cp);
}

bool is_chinese_compound_surname(char32_t a, char32_t b) {
    for (std::u32string_view c : kCompound) {
        if (c[0] == a && c[1] == b) return true;
    }
    return false;
}

}  // namespace cordon::text
