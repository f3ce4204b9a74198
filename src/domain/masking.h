// What may be shown of a contact to someone who should not learn it whole: the notice to a
// registered contact's old address names the new contact only masked.
#pragma once

#include <string>
#include <string_view>

namespace sa {

// "suzuki@new-yamada.example" → "s***@n***.example": the first character of the local part
// and of the domain's first label, the rest of the domain as it is. Lengths are not told.
std::string mask_address(std::string_view address);

// "佐藤 花子" → "佐＊＊": the first character, then two full-width asterisks.
std::string mask_person_name(std::string_view name);

}  // namespace sa
