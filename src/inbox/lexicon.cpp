#include "inbox/lexicon.h"

#include <map>
#include <string_view>

#include "text/normalize.h"
#include "text/utf8.h"

namespace sa::inbox {
namespace {

using C = Concept;

struct Entry {
    C concept;
    std::vector<const char*> forms;  // base forms in any script; kana forms also match the
                                     // same word written in the other kana
};

// Base forms as IPADIC gives them. A word may stand for several concepts (発行: sending,
// and having been issued); which one counts is the rules' business.
const std::vector<Entry>& entries() {
    static const std::vector<Entry> kEntries = {
        {C::kNumber,
         {"番号", "ID", "id", "ナンバー", "ログインID", "パスワード", "暗証番号", "アカウント",
          "ナンバ", "No", "NO", "番"}},
        {C::kUserKind, {"利用者", "利用者番号", "ログイン", "パスワード", "ユーザー", "ユーザ"}},
        {C::kDeclKind, {"自己宣言ID", "宣言ID"}},
        {C::kMail,
         {"メール", "めーる", "通知", "お知らせ", "知らせ", "連絡", "案内", "通知書", "Eメール",
          "eメール", "e-mail", "E-mail", "mail", "Mail", "便り", "返信"}},
        {C::kDeclaration,
         {"宣言", "自己宣言", "申込", "申込み", "申し込み", "申し込む", "申込む", "登録", "申請",
          "エントリー", "参加", "加入"}},
        {C::kObtain,
         {"取得", "済み", "済", "済む", "完了", "終わる", "おわる", "終了", "持つ", "通る",
          "とおる"}},
        {C::kAcceptance, {"受理", "審査", "承認", "受付", "受け付け", "受け付ける", "許諾"}},
        {C::kSearch, {"検索", "掲載", "一覧", "検索サイト", "検索ページ"}},
        {C::kContact,
         {"担当", "担当者", "連絡先", "窓口", "責任者", "ご担当", "担当窓口", "管理者"}},
        {C::kAddress,
         {"メールアドレス", "アドレス", "メアド", "宛先", "送付先", "送信先", "連絡先アドレス",
          "ドメイン"}},
        {C::kCompany,
         {"所在地", "住所",   "本社",       "本店",     "社名",     "会社名", "商号",   "屋号",
          "代表",   "代表者", "代表取締役", "電話",     "電話番号", "名称",   "法人名", "事業所",
          "企業名", "組織名", "事業者名",   "登録情報", "登録内容", "部署",   "部署名", "所属",
          "事務所", "店舗",   "オフィス",   "工場",     "営業所"}},
        {C::kLogo, {"ロゴ", "ロゴマーク", "マーク", "シール", "ステッカー"}},
        {C::kSubsidy, {"補助金", "補助", "助成金", "助成", "交付", "持続化", "IT導入"}},
        {C::kStatus, {"状況", "進捗", "状態", "ステータス", "進み具合"}},
        {C::kWithdraw,
         {"取り下げ", "取下げ", "取り下げる", "辞退", "取消", "取り消し", "取り消す", "取消し",
          "退会", "抹消", "撤回", "廃業", "閉店", "閉業", "廃止"}},
        {C::kForm,
         {"欄", "画面", "フォーム", "申請書", "様式", "項目", "入力欄", "記入欄", "申請", "書類",
          "申請フォーム"}},
        {C::kTier, {"一つ星", "二つ星", "星", "ひとつ星", "ふたつ星"}},
        {C::kMatter, {"件", "依頼", "ご依頼", "要望", "ご要望"}},
        {C::kThanks, {"ありがとう", "有難う", "有り難う", "感謝", "お礼", "御礼"}},

        {C::kForget,
         {"忘れる", "わすれる", "紛失", "無くす", "失くす", "なくす", "失う", "失念", "不明",
          "忘失", "わからん", "わかんない"}},
        {C::kKnow, {"分かる",     "わかる",     "解る",     "判る",     "覚える",   "おぼえる",
                    "控える",     "ひかえる",   "見つかる", "みつかる", "見当たる", "みあたる",
                    "残る",       "のこる",     "把握",     "保管",     "保存",     "思い出す",
                    "思い出せる", "おもいだす", "ある",     "有る",     "記録",     "控え",
                    "手元",       "見つける",   "みつける", "探す",     "さがす",   "出てくる"}},
        {C::kDelete, {"削除", "消す", "けす", "消去", "消える", "きえる", "捨てる", "破棄"}},
        {C::kReceive,
         {"届く", "とどく", "受け取る", "受信", "来る", "くる", "受領", "着信", "届ける", "受取る",
          "もらう", "貰う", "頂く", "いただく"}},
        {C::kSend,
         {"送る", "おくる", "送付", "送信", "発行", "転送", "発送", "送れる", "配信", "送り",
          "お送り", "送"}},
        {C::kAgain, {"再", "再度", "再び", "改めて", "あらためて", "今一度", "もう一度", "また"}},
        {C::kResend,
         {"再送", "再送信", "再送付", "送り直す", "送りなおす", "再通知", "再配信", "再発送",
          "最送"}},
        {C::kReissue, {"再発行", "再交付", "再発番", "再登録"}},
        {C::kTell,
         {"教える",   "おしえる", "教え",         "知らせる",   "教示",   "知る", "しる", "伺う",
          "回答",     "答える",   "開示",         "連絡",       "案内",   "通知", "聞く", "きく",
          "お知らせ", "知らせ",   "問い合わせる", "問い合わせ", "問合せ", "照会"}},
        {C::kCheck,
         {"確認", "調べる", "しらべる", "お調べ", "調べ", "照会", "確かめる", "たしかめる", "調査",
          "チェック", "検索"}},
        {C::kChange,
         {"変更",     "変わる",     "かわる",     "替わる",    "代わる", "交代", "交替",   "移転",
          "引っ越す", "引越す",     "引越し",     "引っ越し",  "転居",   "改称", "改名",   "変える",
          "かえる",   "切り替える", "切替",       "切り替え",  "修正",   "訂正", "直す",   "なおす",
          "更新",     "法人成り",   "法人化",     "合併",      "統合",   "移行", "変更届", "改組",
          "承継",     "差し替え",   "差し替える", "入れ替わる"}},
        {C::kNew,
         {"新しい", "あたらしい", "新", "後任", "新任", "着任", "引き継ぐ", "引継ぐ", "引き継ぎ",
          "引継ぎ", "引継", "就任", "新規"}},
        {C::kLeave,
         {"退職", "異動", "休職", "産休", "育休", "転勤", "離れる", "辞める", "やめる", "退社",
          "退任", "転職"}},
        {C::kWhich, {"どちら", "どっち", "どれ", "どの", "いずれ", "何番", "どっち", "どちらさま"}},
        {C::kWhat, {"何", "なに", "ナニ"}},
        {C::kRight,
         {"合う", "あう", "正しい", "ただしい", "間違い", "まちがい", "大丈夫", "だいじょうぶ",
          "相違", "良い", "よい", "いい", "よろしい", "宜しい"}},
        {C::kUse,
         {"使う", "つかう", "使用", "入力", "記入", "入れる", "いれる", "書く", "かく", "記載",
          "利用", "求める", "聞く", "必要", "正しい", "該当", "記す", "打ち込む", "貼る"}},
        {C::kAppear,
         {"出る", "でる", "表示", "載る", "のる", "ヒット", "出てくる", "掲載", "見つかる",
          "見当たる", "引っかかる", "反映", "上がる"}},
    };
    return kEntries;
}

const std::map<std::string, ConceptSet>& table() {
    static const std::map<std::string, ConceptSet> kTable = [] {
        std::map<std::string, ConceptSet> t;
        for (const Entry& e : entries()) {
            for (const char* f : e.forms) {
                t[f].set(static_cast<std::size_t>(e.concept));
                t[text::to_katakana(f)].set(static_cast<std::size_t>(e.concept));
            }
        }
        return t;
    }();
    return kTable;
}

struct Phrase {
    const char* reading;  // katakana
    ConceptSet concepts;
    bool slips = false;  // also matched with one mistyped kana (わすねて, さいそお)
};

// Phrases over several morphemes, or written in kana that the dictionary splits oddly, or
// with a wrong kanji of the right reading. Matched on the morphemes' readings.
const std::vector<Phrase>& phrases() {
    static const std::vector<Phrase> kPhrases = {
        {"モウイチド", concepts({C::kAgain}), true},
        {"モウイッカイ", concepts({C::kAgain}), true},
        {"モーイッカイ", concepts({C::kAgain})},
        {"モウイッペン", concepts({C::kAgain})},
        {"イマイチド", concepts({C::kAgain})},
        {"サイソウ", concepts({C::kResend}), true},
        {"サイハッコウ", concepts({C::kReissue}), true},
        {"サイハッコー", concepts({C::kReissue})},
        {"オクリナオ", concepts({C::kResend}), true},
        {"オクリナホ", concepts({C::kResend})},
        {"トドイテナイ", concepts({C::kReceive}), true},
        {"ジコセンゲンID", concepts({C::kNumber, C::kDeclKind})},
        {"センゲンID", concepts({C::kNumber, C::kDeclKind})},
        {"リヨウシャバンゴウ", concepts({C::kNumber, C::kUserKind})},
        {"9カラハジマル", concepts({C::kNumber, C::kUserKind})},
        {"4カラハジマル", concepts({C::kNumber, C::kDeclKind})},
        {"9デハジマル", concepts({C::kNumber, C::kUserKind})},
        {"4デハジマル", concepts({C::kNumber, C::kDeclKind})},
        {"9カラハジマリ", concepts({C::kNumber, C::kUserKind})},
        {"4カラハジマリ", concepts({C::kNumber, C::kDeclKind})},
        {"9バン", concepts({C::kNumber, C::kUserKind})},
        {"4バン", concepts({C::kNumber, C::kDeclKind})},
        {"9ノホウ", concepts({C::kNumber, C::kUserKind})},
        {"4ノホウ", concepts({C::kNumber, C::kDeclKind})},
        {"9ノバンゴウ", concepts({C::kNumber, C::kUserKind})},
        {"4ノバンゴウ", concepts({C::kNumber, C::kDeclKind})},
        // Words written in hiragana that the dictionary cuts into pieces.
        {"センゲン", concepts({C::kDeclaration}), true},
        {"シンセイ", concepts({C::kDeclaration, C::kForm})},
        {"バンゴウ", concepts({C::kNumber}), true},
        {"バンゴー", concepts({C::kNumber})},
        {"カクニン", concepts({C::kCheck}), true},
        {"オシエ", concepts({C::kTell})},
        {"オクッテ", concepts({C::kSend})},
        {"トドカナ", concepts({C::kReceive})},
        {"トドイテ", concepts({C::kReceive})},
        {"トオッテ", concepts({C::kObtain})},
        {"メール", concepts({C::kMail})},
        {"メアド", concepts({C::kAddress})},
        {"アドレス", concepts({C::kAddress})},
        {"タントウ", concepts({C::kContact})},
        {"ジュリ", concepts({C::kAcceptance})},
        {"ケンサク", concepts({C::kSearch})},
        // Colloquial and dialect "I don't know it": わかんない, わがんね, わからへん.
        {"ワカンナイ", concepts({C::kForget})},
        {"ワカンネ", concepts({C::kForget})},
        {"ワガンネ", concepts({C::kForget})},
        {"ワガラネ", concepts({C::kForget})},
        {"ワカラヘン", concepts({C::kForget})},
        {"ワカランクナ", concepts({C::kForget})},
        {"ワスレテ", concepts({C::kForget}), true},
        {"ワスレマ", concepts({C::kForget}), true},
        {"ワスレタ", concepts({C::kForget}), true},
        {"オシエテ", concepts({C::kTell}), true},
        {"ヘンコウ", concepts({C::kChange}), true},
        {"タントウシャ", concepts({C::kContact}), true},
        // Registered data named by a compound.
        {"トウロクジョウホウ", concepts({C::kCompany})},
        {"トウロクナイヨウ", concepts({C::kCompany})},
        {"トウロクジコウ", concepts({C::kCompany})},
        {"カイシャジョウホウ", concepts({C::kCompany})},
        {"ホウジンジョウホウ", concepts({C::kCompany})},
        {"ジギョウシャジョウホウ", concepts({C::kCompany})},
        {"ホウジンナリ", concepts({C::kChange, C::kCompany})},
        {"ホウジンカ", concepts({C::kChange, C::kCompany})},
    };
    return kPhrases;
}

// The morpheme's text for phrase matching: its reading when it has one, else its surface.
std::string reading_of(const text::Morpheme& m) {
    return m.reading.empty() ? m.surface : m.reading;
}

// Code points of a UTF-8 string.
std::u32string code_points(std::string_view s) {
    std::u32string out;
    std::size_t pos = 0;
    char32_t cp = 0;
    while (pos < s.size()) {
        if (!utf8::next(s, pos, cp)) cp = utf8::kReplacement;
        out.push_back(cp);
    }
    return out;
}

bool is_kana_cp(char32_t c) {
    return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC;
}

// Equal, or one kana substituted past the first (わすねて for わすれて): a typing slip in a
// long enough word. Only for keys of four kana or more, where a slip is unlikely to make
// another word.
bool matches_with_slip(const std::u32string& text, std::size_t at, const std::u32string& key) {
    if (at + key.size() > text.size()) return false;
    int differences = 0;
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (text[at + i] == key[i]) continue;
        if (i == 0 || key.size() < 4 || !is_kana_cp(text[at + i]) || ++differences > 1)
            return false;
    }
    return true;
}

}  // namespace

const char* to_string(Concept c) {
    static const char* kNames[] = {
        "number",   "user-kind", "decl-kind", "mail",    "declaration", "obtain",  "acceptance",
        "search",   "contact",   "address",   "company", "logo",        "subsidy", "status",
        "withdraw", "form",      "tier",      "matter",  "thanks",      "forget",  "know",
        "delete",   "receive",   "send",      "again",   "resend",      "reissue", "tell",
        "check",    "change",    "new",       "leave",   "which",       "what",    "right",
        "use",      "appear"};
    static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<std::size_t>(C::kCount));
    return kNames[static_cast<std::size_t>(c)];
}

ConceptSet concepts_of(const text::Morpheme& m) {
    const auto& t = table();
    ConceptSet s;
    for (const std::string* key : {&m.base, &m.surface}) {
        auto it = t.find(*key);
        if (it != t.end()) s |= it->second;
        auto kana = t.find(text::to_katakana(*key));
        if (kana != t.end()) s |= kana->second;
    }
    // ID, Id, ｉｄ: the dictionary does not know them all.
    if (text::lower_ascii(m.surface) == "id") s.set(static_cast<std::size_t>(C::kNumber));
    return s;
}

std::vector<PhraseHit> phrase_concepts(const std::vector<text::Morpheme>& ms, std::size_t begin,
                                       std::size_t end) {
    std::vector<PhraseHit> hits;
    // The readings side by side, each code point remembering its morpheme.
    std::u32string joined;
    std::vector<std::size_t> owner;
    for (std::size_t i = begin; i < end && i < ms.size(); ++i) {
        for (char32_t c : code_points(reading_of(ms[i]))) {
            joined.push_back(c);
            owner.push_back(i);
        }
    }
    // Each phrase's reading as code points, worked out once.
    static const std::vector<std::u32string> kKeys = [] {
        std::vector<std::u32string> keys;
        for (const Phrase& p : phrases()) keys.push_back(code_points(p.reading));
        return keys;
    }();
    for (std::size_t n = 0; n < phrases().size(); ++n) {
        const Phrase& p = phrases()[n];
        const std::u32string& key = kKeys[n];
        for (std::size_t at = 0; at + key.size() <= joined.size(); ++at) {
            // A phrase starts where a morpheme starts.
            if (at > 0 && owner[at - 1] == owner[at]) continue;
            if (p.slips ? !matches_with_slip(joined, at, key)
                        : joined.compare(at, key.size(), key) != 0)
                continue;
            // ... and ends where a morpheme ends (メール is not the start of メールアドレス).
            const std::size_t after = at + key.size();
            if (after < joined.size() && owner[after] == owner[after - 1]) continue;
            std::size_t first = owner[at], last = owner[at + key.size() - 1];
            std::string words;
            for (std::size_t i = first; i <= last; ++i) words += ms[i].surface;
            hits.push_back({first, last - first + 1, p.concepts, words});
            at += key.size() - 1;
        }
    }
    return hits;
}

}  // namespace sa::inbox
