#include "domain/damm.h"

#include "core/status.h"

namespace sa {
namespace {

// The totally anti-symmetric quasigroup of order 10 from Damm (2004).
constexpr int kTable[10][10] = {{0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
                                {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
                                {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
                                {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
                                {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};

int interim(std::string_view digits) {
    int state = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') throw Error(Status::Code::kInternal, "Damm over a non-digit");
        state = kTable[state][c - '0'];
    }
    return state;
}

}  // namespace

int damm_check_digit(std::string_view digits) {
    return interim(digits);
}

bool damm_valid(std::string_view digits) {
    for (char c : digits) {
        if (c < '0' || c > '9') return false;
    }
    return !digits.empty() && interim(digits) == 0;
}

}  // namespace sa
