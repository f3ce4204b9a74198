// The 屋号 and the 代表者名 a mail gives, as written: after a label on a line of their own
// (「屋号：鈴木工務店」「代表 森本 沙織」「■代表者名：山根 和子」), inside a sentence (「屋号は
// 鈴木工務店、代表者は鈴木一郎です」「店の名前は「そば処 まつ川」、代表は私、松川 清で
// ございます」), in an owner's introduction (「「博多うどん 一平」ば個人でやっとる、井上一平です」
// 「屋号「ささき文具」の佐々木 孝雄と申します」), or in a shop's signature (a shop name above a
// person's name). A corporation's name is not a 屋号. Pure; values keep the text's own
// characters (half-width katakana, full-width signs).
#pragma once

#include <string>

namespace sa::inbox {

struct Names {
    std::string trade_name;
    std::string representative_name;
};

// `text`: the new text (not width-folded); `signature`: the index of its signature's first
// line (or the number of lines when there is none).
Names find_names(const std::string& text, std::size_t signature);

}  // namespace sa::inbox
