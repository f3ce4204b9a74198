// The words the secretariat's mail turns on, by meaning: each morpheme is tagged with the
// concepts it stands for (a number, a mail, forgetting, sending again, a change …), matched on
// its base form and on its reading, so that 忘れ / わすれ / ワスレ, 送って / おくって / 送付
// and 再送 / 最送 (a wrong kanji of the same reading) meet. Pure data and lookups; no state.
#pragma once

#include <bitset>
#include <cstddef>
#include <string>
#include <vector>

#include "text/morphology.h"

namespace sa::inbox {

enum class Concept : int {
    // what a sentence is about
    kNumber,       // 番号, ID, ナンバー, ログインID …
    kUserKind,     // 利用者(番号), ログイン, "9から始まる"
    kDeclKind,     // 自己宣言(ID), "4から始まる"
    kMail,         // メール, 通知, お知らせ, ご連絡 (the completion / acceptance mail)
    kDeclaration,  // 宣言, 申込, 登録, 手続き
    kObtain,       // 取得, 発行 (of a declaration, as a state)
    kAcceptance,   // 受理, 審査, 承認
    kSearch,       // 検索, 掲載, 一覧
    kContact,      // 担当(者), 連絡先, 窓口
    kAddress,      // メールアドレス, アドレス, 宛先
    kCompany,      // 所在地, 住所, 社名, 商号, 代表者, 電話番号 (registered data)
    kLogo,         // ロゴ, マーク
    kSubsidy,      // 補助金, 助成金
    kStatus,       // 状況, 進捗, 状態
    kWithdraw,     // 取り下げ, 辞退, 取消, 退会, 解約
    kForm,         // 欄, 画面, フォーム, 申請書 (where a number is entered)
    kTier,         // 一つ星, 二つ星
    kMatter,  // 件, ご依頼 (「IDを教えていただく件」: the matter named is the request)
    kThanks,  // ありがとう, 感謝, お礼 (a mail that thanks)
    // what is done or has happened
    kForget,  // 忘れる, 紛失, 無くす, 失念, 不明
    kKnow,  // 分かる, 覚える, 控える, 見つかる, 見当たる, 残る, 把握 (negated: lost)
    kDelete,   // 削除, 消す, 消去
    kReceive,  // 届く, 受け取る, 受信, 来る (negated: not received)
    kSend,     // 送る, 送付, 送信, 発行, 転送
    kAgain,    // 再, 再度, もう一度, 改めて
    kResend,   // 再送, 送り直す (sending again in one word)
    kReissue,  // 再発行, 再交付 (issuing again: a number, unless a mail is named)
    kTell,     // 教える, 知らせる, 教示, 知る(たい)
    kCheck,    // 確認, 調べる, 照会, 確かめる
    kChange,   // 変更, 変わる, 交代, 移転, 引っ越す, 改称
    kNew,      // 新しい, 新, 後任, 新任
    kLeave,    // 退職, 異動, 休職, 離れる
    kWhich,    // どちら, どっち, どれ, どの, いずれ
    kWhat,     // 何, なに (何を書けば)
    kRight,  // 合う, 正しい, 間違いない, 大丈夫, よい (「…で合っていますか」)
    kUse,     // 使う, 入力, 記入, 入れる, 書く, 記載
    kAppear,  // 出る, 表示, 載る, ヒット (in a search)
    kCount
};

using ConceptSet = std::bitset<static_cast<std::size_t>(Concept::kCount)>;

inline ConceptSet concepts(std::initializer_list<Concept> cs) {
    ConceptSet s;
    for (Concept c : cs) s.set(static_cast<std::size_t>(c));
    return s;
}
inline bool has(const ConceptSet& s, Concept c) {
    return s.test(static_cast<std::size_t>(c));
}

const char* to_string(Concept c);

// The concepts of one morpheme, from its base form, its reading or its surface.
ConceptSet concepts_of(const text::Morpheme& m);

// Concepts of phrases that span morphemes, found in the katakana reading of morphemes
// [begin, end): もう一度 / もういっかい, 再送 written with another kanji (最送 → サイソウ),
// 9から始まる … Each hit is the index of its first morpheme and what it stands for.
struct PhraseHit {
    std::size_t morpheme;
    std::size_t length;  // morphemes covered
    ConceptSet concepts;
    std::string words;  // the reading matched, for the evidence
};
std::vector<PhraseHit> phrase_concepts(const std::vector<text::Morpheme>& ms, std::size_t begin,
                                       std::size_t end);

}  // namespace sa::inbox
