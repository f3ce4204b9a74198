// Where the business a mail is about is, as a clerk reads it: the 都道府県 named after a
// label (「所在地：東京」「県は広島です」「本店所在地　大阪」), in running text (「福岡市博多区で」
// 「岩手の花巻で」「ちばけんの」), by a well-known city (堺, 博多), or in the signature's address.
// A place the text sets aside (「京都やなくて大阪」), a place someone comes from (「東京から」) and
// the writer's own office when they write for a client weigh less than the client's. Pure.
#pragma once

#include <string>
#include <vector>

namespace sa::inbox {

// `lines`: the new text, width-folded, one entry per line; lines from `signature` on are the
// signature (lines.size() when there is none). The full name ("大阪府"), or "" when none.
std::string business_prefecture(const std::vector<std::string>& lines, std::size_t signature);

}  // namespace sa::inbox
