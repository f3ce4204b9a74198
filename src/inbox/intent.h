// The eight intents of an inbound message (SPEC §4).
#pragma once

#include <cstddef>

namespace sa::inbox {

enum class Intent {
    kRecoverId,
    kResend,
    kStatusInquiry,
    kWhichNumber,
    kContactChange,
    kBounce,
    kAutoReply,
    kOther,
};

constexpr std::size_t kIntentCount = 8;

const char* to_string(Intent i);

}  // namespace sa::inbox
