#include <catch2/catch.hpp>

#include "domain/ids.h"
#include "domain/masking.h"

TEST_CASE("mask_address keeps two characters and the domain's tail", "[domain][masking]") {
    CHECK(sa::mask_address("suzuki@new-yamada.example") == "s***@n***.example");
    CHECK(sa::mask_address("taro@yamada.co.jp") == "t***@y***.co.jp");
    CHECK(sa::mask_address("a@b.example") == "a***@b***.example");
    CHECK(sa::mask_address("nobody") == "***");
    CHECK(sa::mask_address("x@localhost") == "x***@***");
}

TEST_CASE("mask_person_name keeps the first character", "[domain][masking]") {
    CHECK(sa::mask_person_name("佐藤 花子") == "佐＊＊");
    CHECK(sa::mask_person_name("Hanako Sato") == "H＊＊");
    CHECK(sa::mask_person_name("") == "＊＊＊");
}

TEST_CASE("mask_user_numbers_in masks every 利用者番号-shaped number, valid or not",
          "[domain][ids]") {
    CHECK(sa::mask_user_numbers_in("番号は91234567898です") == "番号は9*******89*です");
    CHECK(sa::mask_user_numbers_in("typo 91234567891.") == "typo 9*******89*.");
    CHECK(sa::mask_user_numbers_in("9123-4567-898 と ９１２３４５６７８９８") ==
          "9*******89* と 9*******89*");
    // A 自己宣言ID, a 法人番号, a phone number and longer runs are left as they are.
    for (const char* kept :
         {"44794139812", "7000012050002", "03-1234-5678", "912345678981234", "9123456789"}) {
        INFO(kept);
        CHECK(sa::mask_user_numbers_in(kept) == kept);
    }
}
